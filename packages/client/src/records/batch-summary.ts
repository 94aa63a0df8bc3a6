import { iterateRecordBatches, RillError } from "@rill/protocol";

/** What a produce needs to know about the batches it sends, read from their headers. */
export interface BatchSummary {
  readonly batchCount: number;
  readonly recordCount: number;
  /** Offsets the batches take in the log: the sum of (lastOffsetDelta + 1). */
  readonly offsetCount: number;
  /**
   * True when every batch carries a producer id and sequence: the leader drops a repeated batch,
   * so sending it again after an unknown outcome cannot duplicate records.
   */
  readonly idempotent: boolean;
}

/**
 * Validates concatenated RecordBatch v2 bytes (header, CRC, lengths) before they are sent: a
 * corrupt batch is CORRUPT_MESSAGE here, definitely not sent, instead of a broker round trip.
 */
export function summarizeBatches(bytes: Uint8Array): BatchSummary {
  if (bytes.length === 0) throw new RillError("INVALID_REQUEST", "produce: the batch is empty (0 bytes)");
  let batchCount = 0;
  let recordCount = 0;
  let offsetCount = 0;
  let idempotent = true;
  for (const header of iterateRecordBatches(bytes)) {
    batchCount += 1;
    recordCount += header.recordCount;
    offsetCount += header.lastOffsetDelta + 1;
    if (header.producerId < 0 || header.baseSequence < 0) idempotent = false;
  }
  return { batchCount, recordCount, offsetCount, idempotent };
}
