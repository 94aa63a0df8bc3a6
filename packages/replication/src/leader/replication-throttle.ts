import { invariant } from "../invariant.js";
import type { NodeId } from "../types.js";

/**
 * The hook a leader consults before serving a follower's fetch (Kafka's
 * leader.replication.throttled.rate). The leader applies it only to followers outside the ISR, as
 * Kafka does: throttling an ISR member would stall the high watermark and acks=all producers.
 */
export interface ReplicationThrottle {
  /**
   * How many bytes a fetch by `replicaId` may read now; 0 means "throttled: serve nothing",
   * Infinity "not throttled".
   */
  fetchBytesAllowed(replicaId: NodeId, nowMs: number): number;
  /** The driver sent `bytes` of records to `replicaId` (may exceed the allowance by one batch). */
  recordBytesSent(replicaId: NodeId, bytes: number, nowMs: number): void;
}

export const UNTHROTTLED: ReplicationThrottle = {
  fetchBytesAllowed: () => Number.POSITIVE_INFINITY,
  recordBytesSent: () => {},
};

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per follower: `bytesPerSecond` refill, at most `burstBytes` saved up. Sending more
 * than the allowance (a fetch returns at least one whole batch) leaves the bucket in debt until it
 * refills. Only the followers in `throttledReplicas` are limited; reassignment sets that set.
 */
export class TokenBucketThrottle implements ReplicationThrottle {
  readonly #bytesPerSecond: number;
  readonly #burstBytes: number;
  readonly #buckets = new Map<NodeId, Bucket>();
  #throttledReplicas: ReadonlySet<NodeId>;

  constructor(options: { bytesPerSecond: number; burstBytes: number; throttledReplicas: Iterable<NodeId> }) {
    invariant(options.bytesPerSecond > 0, "throttle rate must be positive");
    invariant(options.burstBytes > 0, "throttle burst must be positive");
    this.#bytesPerSecond = options.bytesPerSecond;
    this.#burstBytes = options.burstBytes;
    this.#throttledReplicas = new Set(options.throttledReplicas);
  }

  setThrottledReplicas(replicas: Iterable<NodeId>): void {
    this.#throttledReplicas = new Set(replicas);
    for (const replicaId of this.#buckets.keys()) {
      if (!this.#throttledReplicas.has(replicaId)) this.#buckets.delete(replicaId);
    }
  }

  fetchBytesAllowed(replicaId: NodeId, nowMs: number): number {
    const bucket = this.#refill(replicaId, nowMs);
    if (bucket === undefined) return Number.POSITIVE_INFINITY;
    return Math.max(0, Math.floor(bucket.tokens));
  }

  recordBytesSent(replicaId: NodeId, bytes: number, nowMs: number): void {
    invariant(bytes >= 0, "negative bytes sent");
    const bucket = this.#refill(replicaId, nowMs);
    if (bucket !== undefined) bucket.tokens -= bytes;
  }

  #refill(replicaId: NodeId, nowMs: number): Bucket | undefined {
    if (!this.#throttledReplicas.has(replicaId)) return undefined;
    let bucket = this.#buckets.get(replicaId);
    if (bucket === undefined) {
      bucket = { tokens: this.#burstBytes, updatedMs: nowMs };
      this.#buckets.set(replicaId, bucket);
    }
    const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(this.#burstBytes, bucket.tokens + (elapsedMs * this.#bytesPerSecond) / 1000);
    bucket.updatedMs = Math.max(bucket.updatedMs, nowMs);
    return bucket;
  }
}
