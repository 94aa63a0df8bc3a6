import {
  type AutoThrottleSettings,
  type MetadataImage,
  reassignmentAutoThrottleOf,
  reassignmentThrottleOf,
} from "@rill/metadata";
import type { NodeId } from "@rill/protocol/ids";
import { type ReplicationThrottle, TokenBucketThrottle } from "@rill/replication";
import { nextAutoThrottleRate } from "./auto-throttle-rate.js";
import type { ProduceLatencyWindow } from "./produce-latency-window.js";

/** Tokens a follower may save up: this share of a second at the throttled rate... */
const BURST_SECONDS = 0.1;
/** ...but at least this much, so that one large batch does not leave every round in debt. */
const BURST_BYTES_MIN = 64 * 1024;
/** How often a bulk copy waiting for tokens looks again. */
export const THROTTLE_RECHECK_MS = 20;
/** The automatic mode looks at produce latency and sets the next rate this often. */
export const AUTO_THROTTLE_WINDOW_MS = 1_000;

/**
 * The leader side of the reassignment throttle (`leader.replication.throttled.rate`, a cluster
 * config the controller sets with a move and removes when no move is left): one token bucket per
 * follower broker, shared by every partition this broker leads, limiting only what is sent to a
 * replica the image lists as being added to that partition (fetches and bulk segment copies).
 * Every other follower, and every partition while no rate is set, is unthrottled.
 *
 * In the automatic mode (`leader.replication.throttled.auto.enable`) the configured rate is the
 * maximum: every AUTO_THROTTLE_WINDOW_MS of throttled traffic the rate is set anew from this
 * broker's produce p99 in the window (nextAutoThrottleRate), within the mode's bounds. It starts
 * at the maximum. The window is checked when throttled traffic asks for an allowance, so an idle
 * throttle costs no timer.
 */
export class ReassignmentThrottle {
  readonly #produceLatency: ProduceLatencyWindow | undefined;
  readonly #onRateChange: ((change: RateChange) => void) | undefined;
  #image: MetadataImage | undefined;
  /** The configured rate (the maximum in the automatic mode). */
  #configuredBytesPerSecond: number | undefined;
  #auto: AutoThrottleSettings | undefined;
  /** The rate in force: the configured one, or the automatic mode's latest. */
  #rateBytesPerSecond: number | undefined;
  #buckets: TokenBucketThrottle | undefined;
  #windowStartMs: number | undefined;

  /**
   * `produceLatency` is what the automatic mode watches (without it the mode keeps the maximum);
   * `onRateChange` hears each rate the automatic mode sets (for the log).
   */
  constructor(
    options: { produceLatency?: ProduceLatencyWindow; onRateChange?: (change: RateChange) => void } = {},
  ) {
    this.#produceLatency = options.produceLatency;
    this.#onRateChange = options.onRateChange;
  }

  /** Follows the image: a new rate or automatic setting starts new buckets; no rate removes them. */
  applyImage(image: MetadataImage): void {
    this.#image = image;
    const rate = reassignmentThrottleOf(image);
    const auto = reassignmentAutoThrottleOf(image);
    if (rate === this.#configuredBytesPerSecond && sameAuto(auto, this.#auto)) {
      this.#buckets?.setThrottledReplicas(image.brokers.keys());
      return;
    }
    this.#configuredBytesPerSecond = rate;
    this.#auto = auto;
    this.#windowStartMs = undefined;
    this.#setRate(rate);
  }

  #setRate(rate: number | undefined): void {
    this.#rateBytesPerSecond = rate;
    // New buckets start full: at most one burst (a tenth of a second's worth) per window extra.
    this.#buckets =
      rate === undefined
        ? undefined
        : new TokenBucketThrottle({
            bytesPerSecond: rate,
            burstBytes: Math.max(BURST_BYTES_MIN, Math.floor(rate * BURST_SECONDS)),
            throttledReplicas: this.#image?.brokers.keys() ?? [],
          });
  }

  /** In the automatic mode, once a window has passed: the next rate from the window's produce p99. */
  #adjust(nowMs: number): void {
    const auto = this.#auto;
    const latency = this.#produceLatency;
    if (auto === undefined || latency === undefined) return;
    if (this.#windowStartMs === undefined) {
      this.#windowStartMs = nowMs;
      latency.takeP99Ms(); // what came before the first throttled fetch is not this window's
      return;
    }
    if (nowMs - this.#windowStartMs < AUTO_THROTTLE_WINDOW_MS) return;
    this.#windowStartMs = nowMs;
    const produceP99Ms = latency.takeP99Ms();
    const previous = this.#rateBytesPerSecond ?? auto.maxBytesPerSecond;
    const next = nextAutoThrottleRate(previous, produceP99Ms, auto);
    if (next === previous) return;
    this.#setRate(next);
    this.#onRateChange?.({ previousBytesPerSecond: previous, bytesPerSecond: next, produceP99Ms });
  }

  /** The rate in force, bytes per second (the automatic mode's current one); undefined: none. */
  get rateBytesPerSecond(): number | undefined {
    return this.#rateBytesPerSecond;
  }

  /** The automatic mode's bounds while it is on. */
  get auto(): AutoThrottleSettings | undefined {
    return this.#auto;
  }

  /** Whether traffic from here to `replicaId` for this partition is reassignment traffic. */
  isThrottled(topicId: string, partition: number, replicaId: NodeId): boolean {
    if (this.#buckets === undefined) return false;
    return this.#image?.partition(topicId, partition)?.addingReplicas.includes(replicaId) ?? false;
  }

  /** The hook the partition's leader core consults for each follower fetch. */
  forPartition(topicId: string, partition: number): ReplicationThrottle {
    return {
      fetchBytesAllowed: (replicaId, nowMs) => {
        if (this.#buckets === undefined || !this.isThrottled(topicId, partition, replicaId))
          return Number.POSITIVE_INFINITY;
        this.#adjust(nowMs);
        return this.#buckets?.fetchBytesAllowed(replicaId, nowMs) ?? Number.POSITIVE_INFINITY;
      },
      recordBytesSent: (replicaId, bytes, nowMs) => {
        if (this.isThrottled(topicId, partition, replicaId))
          this.#buckets?.recordBytesSent(replicaId, bytes, nowMs);
      },
    };
  }

  /**
   * Waits until `replicaId` may be sent more bytes of this partition (at once when unthrottled);
   * the caller then reports what it sent with forPartition(...).recordBytesSent. Resolves early
   * when `signal` aborts.
   */
  async waitForAllowance(
    topicId: string,
    partition: number,
    replicaId: NodeId,
    clock: () => number,
    signal: AbortSignal,
  ): Promise<void> {
    for (;;) {
      if (signal.aborted || this.#buckets === undefined || !this.isThrottled(topicId, partition, replicaId))
        return;
      const nowMs = clock();
      this.#adjust(nowMs);
      if ((this.#buckets?.fetchBytesAllowed(replicaId, nowMs) ?? 1) > 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, THROTTLE_RECHECK_MS);
        function finish(): void {
          clearTimeout(timer);
          signal.removeEventListener("abort", finish);
          resolve();
        }
        signal.addEventListener("abort", finish, { once: true });
      });
    }
  }
}

/** A rate the automatic mode set, and why. */
export interface RateChange {
  readonly previousBytesPerSecond: number;
  readonly bytesPerSecond: number;
  /** undefined: no produce answered in the window. */
  readonly produceP99Ms: number | undefined;
}

function sameAuto(a: AutoThrottleSettings | undefined, b: AutoThrottleSettings | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.minBytesPerSecond === b.minBytesPerSecond &&
    a.maxBytesPerSecond === b.maxBytesPerSecond &&
    a.produceP99MsMax === b.produceP99MsMax
  );
}
