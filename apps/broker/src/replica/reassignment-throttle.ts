import { type MetadataImage, reassignmentThrottleOf } from "@rill/metadata";
import { type ReplicationThrottle, TokenBucketThrottle } from "@rill/replication";

/** Tokens a follower may save up: this share of a second at the throttled rate... */
const BURST_SECONDS = 0.1;
/** ...but at least this much, so that one large batch does not leave every round in debt. */
const BURST_BYTES_MIN = 64 * 1024;
/** How often a bulk copy waiting for tokens looks again. */
export const THROTTLE_RECHECK_MS = 20;

/**
 * The leader side of the reassignment throttle (`leader.replication.throttled.rate`, a cluster
 * config the controller sets with a move and removes when no move is left): one token bucket per
 * follower broker, shared by every partition this broker leads, limiting only what is sent to a
 * replica the image lists as being added to that partition (fetches and bulk segment copies).
 * Every other follower, and every partition while no rate is set, is unthrottled.
 */
export class ReassignmentThrottle {
  #image: MetadataImage | undefined;
  #rateBytesPerSecond: number | undefined;
  #buckets: TokenBucketThrottle | undefined;

  /** Follows the image: a new rate starts new buckets; no rate removes them. */
  applyImage(image: MetadataImage): void {
    this.#image = image;
    const rate = reassignmentThrottleOf(image);
    if (rate === this.#rateBytesPerSecond) {
      this.#buckets?.setThrottledReplicas(image.brokers.keys());
      return;
    }
    this.#rateBytesPerSecond = rate;
    this.#buckets =
      rate === undefined
        ? undefined
        : new TokenBucketThrottle({
            bytesPerSecond: rate,
            burstBytes: Math.max(BURST_BYTES_MIN, Math.floor(rate * BURST_SECONDS)),
            throttledReplicas: image.brokers.keys(),
          });
  }

  get rateBytesPerSecond(): number | undefined {
    return this.#rateBytesPerSecond;
  }

  /** Whether traffic from here to `replicaId` for this partition is reassignment traffic. */
  isThrottled(topicId: string, partition: number, replicaId: number): boolean {
    if (this.#buckets === undefined) return false;
    return this.#image?.partition(topicId, partition)?.addingReplicas.includes(replicaId) ?? false;
  }

  /** The hook the partition's leader core consults for each follower fetch. */
  forPartition(topicId: string, partition: number): ReplicationThrottle {
    return {
      fetchBytesAllowed: (replicaId, nowMs) => {
        const buckets = this.#buckets;
        if (buckets === undefined || !this.isThrottled(topicId, partition, replicaId))
          return Number.POSITIVE_INFINITY;
        return buckets.fetchBytesAllowed(replicaId, nowMs);
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
    replicaId: number,
    clock: () => number,
    signal: AbortSignal,
  ): Promise<void> {
    for (;;) {
      const buckets = this.#buckets;
      if (signal.aborted || buckets === undefined || !this.isThrottled(topicId, partition, replicaId)) return;
      if (buckets.fetchBytesAllowed(replicaId, clock()) > 0) return;
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
