import { RillError } from "@rill/protocol";
import type { LogConfig } from "@rill/storage";

/**
 * The replica manager's settings, named after Kafka's broker configs where Kafka has them
 * (`replica.lag.time.max.ms` → `replicaLagTimeMaxMs`). Every queue, wait and request size has a
 * named bound here; `resolveReplicaManagerConfig` fills the defaults and validates.
 */
export interface ReplicaManagerConfig {
  /** replica.lag.time.max.ms: an ISR follower not caught up for longer is removed from the ISR. */
  readonly replicaLagTimeMaxMs: number;
  /** min.insync.replicas for topics that do not set it (SPEC §8: 2). */
  readonly minInsyncReplicasDefault: number;
  /** Log settings for every partition (segment.bytes, flush policy, ...); topic configs override. */
  readonly log: Partial<LogConfig>;
  /** log.retention.check.interval.ms: how often retention runs over every log (Kafka: 5 min). */
  readonly logRetentionCheckIntervalMs: number;
  /** log.cleaner.backoff.ms: the pause between two cleaner passes over the compacted logs. */
  readonly logCleanerBackoffMs: number;
  /** How often leaders check timeouts and lagging followers (≤ replicaLagTimeMaxMs / 2 is used). */
  readonly leaderTickIntervalMs: number;
  /** acks=all appends that may wait for the high watermark per partition (the purgatory bound). */
  readonly pendingProducesPerPartitionMax: number;
  /** request.timeout.ms of a produce that sends 0 (unset). */
  readonly produceTimeoutDefaultMs: number;
  /** The longest produce timeout accepted (larger ones are clamped). */
  readonly produceTimeoutMaxMs: number;
  /** Partitions in one produce, fetch or list-offsets request; more is INVALID_REQUEST. */
  readonly requestPartitionsMax: number;
  /** Produce requests in flight on one ProduceStream; the stream stops reading beyond it. */
  readonly produceStreamInflightMax: number;
  /** The longest consumer fetch long-poll (max_wait_ms is clamped to it). */
  readonly fetchMaxWaitMaxMs: number;
  /** Record bytes in one consumer fetch response (clamped below the gRPC message limit). */
  readonly fetchResponseBytesMax: number;
  /** The most byte credit a FetchStream may hold (larger grants are clamped). */
  readonly fetchStreamCreditBytesMax: number;
  /** replica.fetch.max.bytes: record bytes per partition in one follower fetch round. */
  readonly replicaFetchPartitionBytesMax: number;
  /** replica.fetch.response.max.bytes: record bytes in one follower fetch round. */
  readonly replicaFetchResponseBytesMax: number;
  /** replica.fetch.wait.max.ms: how long a leader holds a follower's round with nothing new. */
  readonly replicaFetchWaitMaxMs: number;
  /** replica.fetch.min.bytes */
  readonly replicaFetchMinBytes: number;
  /** replica.fetch.backoff.ms: the first reconnect delay of a follower fetcher (doubles). */
  readonly replicaFetchBackoffMs: number;
  /** The largest reconnect delay of a follower fetcher. */
  readonly replicaFetchBackoffMaxMs: number;
  /** How long a follower waits for a leader's answer beyond max_wait before reconnecting. */
  readonly replicaFetchResponseTimeoutMs: number;
  /** Delay before a leader retries an AlterPartition the controller refused or did not answer. */
  readonly alterPartitionRetryBackoffMs: number;
  /** How long a leader waits for the controller's AlterPartition answer. */
  readonly alterPartitionTimeoutMs: number;
  /** How often producer-state snapshots and log checkpoints are written. */
  readonly checkpointIntervalMs: number;
  /**
   * log.dir.free.bytes.min: produce and follower appends that would leave less free space on the
   * data directory's disk are refused (STORAGE_ERROR, retriable) until space returns (LogDirSpace).
   */
  readonly logDirFreeBytesMin: number;
  /** log.dir.free.check.interval.ms: how often the data directory's free space is sampled. */
  readonly logDirFreeCheckIntervalMs: number;
  /**
   * TESTS ONLY (test.force.assertion.on.produce.topic): a produce to this topic fails an
   * assertion in the request path, to prove that an assertion crashes the broker. Unset in
   * production.
   */
  readonly testForceAssertionOnProduceTopic?: string;
  /**
   * log.cleaner.io.max.bytes.per.second: the log cleaner's read + write bytes per second over
   * all logs (Kafka's meaning); the default, the largest safe integer, is unthrottled.
   */
  readonly logCleanerIoMaxBytesPerSecond: number;
}

export const REPLICA_MANAGER_DEFAULTS: ReplicaManagerConfig = Object.freeze({
  replicaLagTimeMaxMs: 30_000,
  minInsyncReplicasDefault: 2,
  log: {},
  logRetentionCheckIntervalMs: 5 * 60 * 1000,
  logCleanerBackoffMs: 15_000,
  leaderTickIntervalMs: 100,
  pendingProducesPerPartitionMax: 10_000,
  produceTimeoutDefaultMs: 30_000,
  produceTimeoutMaxMs: 300_000,
  requestPartitionsMax: 10_000,
  produceStreamInflightMax: 1_024,
  fetchMaxWaitMaxMs: 30_000,
  fetchResponseBytesMax: 50 * 1024 * 1024,
  fetchStreamCreditBytesMax: 64 * 1024 * 1024,
  // Larger than Kafka's 1 MiB / 10 MiB: a follower round ends with an fsync (only durable offsets
  // count toward the high watermark), so each round should carry as much as has accumulated.
  replicaFetchPartitionBytesMax: 8 * 1024 * 1024,
  replicaFetchResponseBytesMax: 15 * 1024 * 1024,
  replicaFetchWaitMaxMs: 500,
  replicaFetchMinBytes: 1,
  replicaFetchBackoffMs: 100,
  replicaFetchBackoffMaxMs: 2_000,
  replicaFetchResponseTimeoutMs: 10_000,
  alterPartitionRetryBackoffMs: 500,
  alterPartitionTimeoutMs: 10_000,
  checkpointIntervalMs: 60_000,
  // Well above one interval's appends on a busy broker (produce requests and follower rounds of a
  // few MiB each), and room for checkpoints and a segment roll's index preallocation.
  logDirFreeBytesMin: 64 * 1024 * 1024,
  logDirFreeCheckIntervalMs: 1_000,
  logCleanerIoMaxBytesPerSecond: Number.MAX_SAFE_INTEGER,
});

/** Defaults overridden by `overrides`, validated; a bad value throws INVALID_CONFIG. */
export function resolveReplicaManagerConfig(
  overrides: Partial<ReplicaManagerConfig> = {},
): ReplicaManagerConfig {
  const config: ReplicaManagerConfig = { ...REPLICA_MANAGER_DEFAULTS, ...overrides };
  for (const [name, value] of Object.entries(config)) {
    if (name === "log" || name === "testForceAssertionOnProduceTopic") continue;
    if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      throw new RillError(
        "INVALID_CONFIG",
        `${name}=${String(value)} is invalid: must be a positive integer`,
        {
          details: { name, value },
        },
      );
    }
  }
  return Object.freeze(config);
}
