import { RillError } from "@rill/protocol";

/**
 * Per-log configuration, named after Kafka's topic configs (`segment.bytes` → `segmentBytes`).
 *
 * `flushPolicy`:
 * - `group-commit` (default, beyond Kafka): an append's `durable` promise resolves after an
 *   fdatasync that covers it; appends that arrive while an fsync runs share the next one.
 * - `interval`: fsync every `flushIntervalMs`; `durable` resolves at the fsync that covers it.
 * - `none`: page cache only (Kafka's default); `durable` resolves once the write returned.
 */
export type FlushPolicy = "group-commit" | "interval" | "none";
export type CleanupPolicy = "delete" | "compact" | "compact,delete";

export interface LogConfig {
  /** segment.bytes: roll when the active segment would exceed this. */
  readonly segmentBytes: number;
  /** segment.ms: roll when the active segment is older than this (and not empty). */
  readonly segmentMs: number;
  /** segment.index.bytes: offset-index capacity (8 B/entry); a full index rolls the segment. */
  readonly segmentIndexBytes: number;
  /** index.interval.bytes: bytes of log between two offset-index entries. */
  readonly indexIntervalBytes: number;
  /** retention.ms: delete closed segments whose newest record is older; -1 = forever. */
  readonly retentionMs: number;
  /** retention.bytes: delete oldest closed segments while the log is larger; -1 = unbounded. */
  readonly retentionBytes: number;
  /** cleanup.policy */
  readonly cleanupPolicy: CleanupPolicy;
  /** delete.retention.ms: how long the cleaner keeps tombstones. */
  readonly deleteRetentionMs: number;
  /**
   * min.cleanable.dirty.ratio: the cleaner rewrites a compacted log only when its dirty bytes
   * (written since the last pass) are at least this share of its cleanable bytes, so a log is not
   * rewritten for every few new records.
   */
  readonly minCleanableDirtyRatio: number;
  /** min.compaction.lag.ms: a record stays uncompacted at least this long (by its segment's newest timestamp). */
  readonly minCompactionLagMs: number;
  /** max.compaction.lag.ms: a dirty record older than this is compacted whatever the dirty ratio. */
  readonly maxCompactionLagMs: number;
  /** max.message.bytes: the largest batch accepted. */
  readonly maxMessageBytes: number;
  /** The flush policy; see FlushPolicy. */
  readonly flushPolicy: FlushPolicy;
  /** flush.ms for the `interval` policy. */
  readonly flushIntervalMs: number;
  /** Bytes of recently appended batches kept in memory for tailing readers. */
  readonly tailCacheBytes: number;
  /** Upper bound on bytes handed to one write (writev) call by the append queue. */
  readonly writeBatchBytesMax: number;
}

export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  segmentIndexBytes: 10 * 1024 * 1024,
  indexIntervalBytes: 4096,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  cleanupPolicy: "delete",
  deleteRetentionMs: 24 * 60 * 60 * 1000,
  minCleanableDirtyRatio: 0.5,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
  // Kafka's default 1 MiB + 12-byte log overhead.
  maxMessageBytes: 1024 * 1024 + 12,
  flushPolicy: "group-commit",
  flushIntervalMs: 1000,
  tailCacheBytes: 4 * 1024 * 1024,
  writeBatchBytesMax: 8 * 1024 * 1024,
});

function invalid(name: string, value: unknown, rule: string): RillError {
  return new RillError("INVALID_CONFIG", `${name}=${String(value)} is invalid: ${rule}`, {
    details: { name, value },
  });
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid(name, value, "must be a positive integer");
}

/** Defaults overridden by `overrides`, validated; a bad value throws INVALID_CONFIG. */
export function resolveLogConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  const config: LogConfig = { ...DEFAULT_LOG_CONFIG, ...overrides };
  positiveInteger("segment.bytes", config.segmentBytes);
  positiveInteger("segment.ms", config.segmentMs);
  positiveInteger("index.interval.bytes", config.indexIntervalBytes);
  positiveInteger("max.message.bytes", config.maxMessageBytes);
  positiveInteger("flush.ms", config.flushIntervalMs);
  positiveInteger("writeBatchBytesMax", config.writeBatchBytesMax);
  if (!Number.isSafeInteger(config.segmentIndexBytes) || config.segmentIndexBytes < 8) {
    throw invalid("segment.index.bytes", config.segmentIndexBytes, "must be at least 8");
  }
  if (config.segmentBytes > 0x7fffffff) {
    throw invalid("segment.bytes", config.segmentBytes, "index positions are 4-byte: at most 2^31-1");
  }
  for (const [name, value] of [
    ["retention.ms", config.retentionMs],
    ["retention.bytes", config.retentionBytes],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < -1) throw invalid(name, value, "must be -1 or >= 0");
  }
  if (!Number.isSafeInteger(config.deleteRetentionMs) || config.deleteRetentionMs < 0) {
    throw invalid("delete.retention.ms", config.deleteRetentionMs, "must be >= 0");
  }
  if (
    !Number.isFinite(config.minCleanableDirtyRatio) ||
    config.minCleanableDirtyRatio < 0 ||
    config.minCleanableDirtyRatio > 1
  ) {
    throw invalid("min.cleanable.dirty.ratio", config.minCleanableDirtyRatio, "must be from 0 to 1");
  }
  if (!Number.isSafeInteger(config.minCompactionLagMs) || config.minCompactionLagMs < 0) {
    throw invalid("min.compaction.lag.ms", config.minCompactionLagMs, "must be >= 0");
  }
  if (!Number.isSafeInteger(config.maxCompactionLagMs) || config.maxCompactionLagMs < 1) {
    throw invalid("max.compaction.lag.ms", config.maxCompactionLagMs, "must be >= 1");
  }
  if (!Number.isSafeInteger(config.tailCacheBytes) || config.tailCacheBytes < 0) {
    throw invalid("tailCacheBytes", config.tailCacheBytes, "must be >= 0");
  }
  if (!["group-commit", "interval", "none"].includes(config.flushPolicy)) {
    throw invalid("flush policy", config.flushPolicy, "must be group-commit, interval or none");
  }
  if (!["delete", "compact", "compact,delete"].includes(config.cleanupPolicy)) {
    throw invalid("cleanup.policy", config.cleanupPolicy, "must be delete, compact or compact,delete");
  }
  return Object.freeze(config);
}
