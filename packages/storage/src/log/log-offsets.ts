/**
 * The offsets of one partition log, one mutable record shared by the log's parts (append path,
 * flushing, truncation, retention, segment install, checkpoints); PartitionLog owns the instance
 * and publishes the values read-only.
 *
 * Invariants, kept by every part that moves an offset:
 * `logStart` <= `highWatermark` <= `logEnd` <= `nextAssigned`, and `flushed` <= `logEnd`
 * (replication counts only durable data toward the high watermark).
 */
export class LogOffsets {
  /** First offset still in the log (retention, DeleteRecords and resets move it). */
  logStart = 0;
  /** One past the last offset whose write returned: what readers can see. */
  logEnd = 0;
  /** Offsets handed out to queued appends; logEnd catches up as writes return. */
  nextAssigned = 0;
  /** One past the last offset covered by an fdatasync. */
  flushed = 0;
  highWatermark = 0;
  /** Bumped by every truncation (a flush or a cleaner pass spanning one re-checks). */
  truncations = 0;
}
