/**
 * The cleaner's progress, as plain counters (storage imports no metrics library): the broker
 * exports them as Prometheus metrics. Counters only grow; `last*` fields describe the last pass.
 */
export class CleanerStats {
  /** Cleaning passes that looked at a log with a dirty section. */
  passes = 0;
  /** Logs with a dirty section left alone: below min.cleanable.dirty.ratio and max.compaction.lag.ms. */
  passesSkipped = 0;
  /** Bytes read by the cleaner (building the offset map and copying segments). */
  bytesRead = 0;
  /** Bytes written to cleaned segments. */
  bytesWritten = 0;
  /** Records removed: superseded by a newer record of their key, keyless, or expired tombstones. */
  recordsRemoved = 0;
  /** Cleaned segments swapped in (one per group of merged source segments). */
  segmentsWritten = 0;
  /** Source segments replaced by cleaned ones (more than segmentsWritten when merging). */
  segmentsReplaced = 0;
  /** Milliseconds slept by the log.cleaner.io.max.bytes.per.second throttle. */
  throttledMs = 0;
  /** Passes that failed (the error went to the LogManager's onBackgroundError). */
  errors = 0;
  lastPassDurationMs = 0;
  /** Bytes of log read per second in the last pass (its read bytes over its duration). */
  lastPassBytesPerSecond = 0;
}
