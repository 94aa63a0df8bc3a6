import type { Offset } from "../types.js";

/**
 * The producer fields of a RecordBatch v2 header, as the leader sees them before assigning
 * offsets. `lastOffsetDelta` (not the record count) defines the sequence range, as in Kafka: a
 * compacted batch keeps its delta.
 */
export interface ProducerBatchInfo {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly lastOffsetDelta: number;
}

/** A batch header scanned from the log (for recovery, follower appends and replay). */
export interface ProducerBatchHeader extends ProducerBatchInfo {
  readonly baseOffset: Offset;
  /** The batch's max timestamp: when the producer was last active (producer-id expiration). */
  readonly maxTimestampMs: number;
}

/** One of the last batches of a producer, kept to answer a retried batch with its offsets. */
export interface BatchMetadata {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly firstOffset: Offset;
  readonly lastOffset: Offset;
}

/** Kafka's ProducerStateEntry for one producer id on one partition. */
export interface ProducerStateEntry {
  readonly producerId: number;
  readonly producerEpoch: number;
  /** The last batches of `producerEpoch`, oldest first; never empty; at most 5. */
  readonly batches: readonly BatchMetadata[];
  readonly lastTimestampMs: number;
  /** The first offset of this producer's first batch this state has seen (truncation exactness). */
  readonly firstOffset: Offset;
}
