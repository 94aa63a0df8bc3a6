import {
  ATTRIBUTES_POSITION,
  BATCH_LENGTH_POSITION,
  ByteReader,
  COMPRESSION_CODEC_MASK,
  CRC_POSITION,
  compress,
  crc32c,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  type DecodedRecord,
  decompress,
  RECORD_BATCH_HEADER_BYTES,
  RECORD_BATCH_LOG_OVERHEAD,
  RECORD_COUNT_POSITION,
  type RecordBatchHeader,
  readRecord,
} from "@rill/protocol";

/**
 * Rewrites one stored v2 batch keeping only some of its records (Kafka's MemoryRecords.filterTo
 * for one batch). What does not change, on purpose:
 * - baseOffset and lastOffsetDelta: offsets never change, a rewritten batch may have gaps, and
 *   the batch still ends where it ended (segments stay contiguous, and an idempotent producer's
 *   sequence range baseSequence..baseSequence+lastOffsetDelta stays what the producer sent);
 * - producer id, epoch, base sequence, partition leader epoch, timestamp type, transactional
 *   bit, baseTimestamp and maxTimestamp (kept records keep their stored bytes, whose offset and
 *   timestamp deltas are relative to the header's base values);
 * - the codec: a compressed batch is decompressed, filtered and recompressed with its codec.
 * A batch left without records is dropped, unless `keepEmpty` (the last batch of a producer id,
 * kept as Kafka does so the producer's epoch and sequence survive): then it is stored as an
 * empty, uncompressed batch with the same header fields.
 */
export interface BatchFilterResult {
  /** The batch to write: the input bytes when nothing went, new bytes, or undefined (dropped). */
  readonly bytes: Uint8Array | undefined;
  readonly recordsRemoved: number;
}

export function filterBatch(
  bytes: Uint8Array,
  header: RecordBatchHeader,
  position: number,
  retain: (record: DecodedRecord) => boolean,
  keepEmpty: boolean,
): BatchFilterResult {
  const whole = bytes.subarray(position, position + header.sizeInBytes);
  const stored = whole.subarray(RECORD_BATCH_HEADER_BYTES);
  const plain =
    header.compression === "none"
      ? stored
      : decompress(header.compression, stored, DEFAULT_MAX_DECOMPRESSED_BYTES);
  const reader = new ByteReader(plain, 0, plain.length);
  const context = {
    baseOffset: header.baseOffset,
    baseTimestamp: header.baseTimestamp,
    logAppendTime: header.timestampType === "log-append" ? header.maxTimestamp : null,
  };
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  for (let index = 0; index < header.recordCount; index += 1) {
    const start = reader.position;
    const record = readRecord(reader, context);
    if (retain(record)) {
      kept.push(plain.subarray(start, reader.position));
      keptBytes += reader.position - start;
    }
  }
  const recordsRemoved = header.recordCount - kept.length;
  if (recordsRemoved === 0) return { bytes: whole, recordsRemoved };
  if (kept.length === 0 && !keepEmpty) return { bytes: undefined, recordsRemoved };
  const keptPlain = new Uint8Array(keptBytes);
  let at = 0;
  for (const part of kept) {
    keptPlain.set(part, at);
    at += part.length;
  }
  const storePlain = kept.length === 0 || header.compression === "none";
  const body = storePlain ? keptPlain : compress(header.compression, keptPlain);
  const result = new Uint8Array(RECORD_BATCH_HEADER_BYTES + body.length);
  result.set(whole.subarray(0, RECORD_BATCH_HEADER_BYTES), 0);
  result.set(body, RECORD_BATCH_HEADER_BYTES);
  const view = new DataView(result.buffer, result.byteOffset, result.byteLength);
  view.setInt32(BATCH_LENGTH_POSITION, result.length - RECORD_BATCH_LOG_OVERHEAD);
  view.setInt32(RECORD_COUNT_POSITION, kept.length);
  if (kept.length === 0) {
    // An empty record set is stored uncompressed: there is nothing to decompress.
    view.setInt16(ATTRIBUTES_POSITION, header.attributes & ~COMPRESSION_CODEC_MASK);
  }
  view.setUint32(CRC_POSITION, crc32c(result, ATTRIBUTES_POSITION, result.length) >>> 0);
  return { bytes: result, recordsRemoved };
}
