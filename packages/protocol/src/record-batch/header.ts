/**
 * A cheap view of Kafka's RecordBatch v2 header (DefaultRecordBatch): read, validate and stamp
 * a batch in place without decoding its records. This is what a broker and the storage engine
 * use on the hot path: validate the CRC, assign `baseOffset` and `partitionLeaderEpoch`, store
 * the bytes as they are.
 *
 *   offset  field                 type
 *   0       baseOffset            int64
 *   8       batchLength           int32   bytes after this field (size - 12)
 *   12      partitionLeaderEpoch  int32
 *   16      magic                 int8    always 2
 *   17      crc                   uint32  CRC-32C over attributes..end of batch
 *   21      attributes            int16
 *   23      lastOffsetDelta       int32
 *   27      baseTimestamp         int64
 *   35      maxTimestamp          int64
 *   43      producerId            int64
 *   51      producerEpoch         int16
 *   53      baseSequence          int32
 *   57      recordCount           int32
 *   61      records...
 *
 * baseOffset and partitionLeaderEpoch sit before the CRC'd range on purpose (Kafka's design),
 * so stamping them keeps the CRC valid.
 */
import { crc32c } from "../crc32c/crc32c.js";
import { isRillError } from "../errors/index.js";
import { readInt8, readInt16, readInt32, readInt64, readUint32, writeInt32, writeInt64 } from "./bytes.js";
import { corruptMessage } from "./corrupt.js";

/** Bytes from baseOffset through recordCount: the fixed part of every batch. */
export const RECORD_BATCH_HEADER_BYTES = 61;
/** baseOffset(8) + batchLength(4): the part of the header not counted in batchLength. */
export const RECORD_BATCH_LOG_OVERHEAD = 12;
/** The smallest legal batchLength: a header with no records. */
export const RECORD_BATCH_MIN_BATCH_LENGTH = RECORD_BATCH_HEADER_BYTES - RECORD_BATCH_LOG_OVERHEAD;
export const RECORD_BATCH_MAGIC = 2;

export const BASE_OFFSET_POSITION = 0;
export const BATCH_LENGTH_POSITION = 8;
export const PARTITION_LEADER_EPOCH_POSITION = 12;
export const MAGIC_POSITION = 16;
export const CRC_POSITION = 17;
/** The CRC covers [ATTRIBUTES_POSITION, end of batch). */
export const ATTRIBUTES_POSITION = 21;
export const LAST_OFFSET_DELTA_POSITION = 23;
export const BASE_TIMESTAMP_POSITION = 27;
export const MAX_TIMESTAMP_POSITION = 35;
export const PRODUCER_ID_POSITION = 43;
export const PRODUCER_EPOCH_POSITION = 51;
export const BASE_SEQUENCE_POSITION = 53;
export const RECORD_COUNT_POSITION = 57;

/** Attribute bits (Kafka's DefaultRecordBatch). */
export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;
/** KIP-534: the batch carries a delete horizon in baseTimestamp (set by the log cleaner). */
export const DELETE_HORIZON_FLAG_MASK = 0x40;

/** Kafka's sentinels: no producer id / epoch / sequence, no partition leader epoch, no timestamp. */
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;
export const NO_TIMESTAMP = -1;

export type CompressionCodec = "none" | "gzip" | "snappy" | "lz4" | "zstd";

/** Index = the codec id in the low 3 attribute bits. */
export const COMPRESSION_CODECS: readonly CompressionCodec[] = ["none", "gzip", "snappy", "lz4", "zstd"];

export function compressionCodecId(codec: CompressionCodec): number {
  const id = COMPRESSION_CODECS.indexOf(codec);
  if (id < 0) throw new RangeError(`unknown compression codec ${String(codec)}`);
  return id;
}

export interface RecordBatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  compression: CompressionCodec;
  timestampType: "create" | "log-append";
  isTransactional: boolean;
  isControl: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  /** Total bytes of the batch on disk/wire: batchLength + 12. */
  sizeInBytes: number;
  /** baseOffset + lastOffsetDelta */
  lastOffset: number;
}

function checkPosition(bytes: Uint8Array, position: number): void {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`position ${position} is not a non-negative integer`);
  }
  if (bytes.length - position < RECORD_BATCH_HEADER_BYTES) {
    throw corruptMessage(
      `${Math.max(0, bytes.length - position)} bytes at position ${position} cannot hold a ${RECORD_BATCH_HEADER_BYTES}-byte header`,
      { position },
    );
  }
}

/**
 * Reads the header at `position` without decoding records; throws CORRUPT_MESSAGE when the
 * bytes cannot hold a header, magic != 2, the compression codec is unknown, batchLength is
 * impossible (< 49), or an int64 field is outside the safe-integer range. Does NOT check the CRC,
 * and does not require the whole batch to be present (recovery reads the header first).
 */
export function readRecordBatchHeader(bytes: Uint8Array, position = 0): RecordBatchHeader {
  checkPosition(bytes, position);
  const magic = readInt8(bytes, position + MAGIC_POSITION);
  if (magic !== RECORD_BATCH_MAGIC) {
    throw corruptMessage(`magic ${magic} is not ${RECORD_BATCH_MAGIC}`, { position });
  }
  const batchLength = readInt32(bytes, position + BATCH_LENGTH_POSITION);
  if (batchLength < RECORD_BATCH_MIN_BATCH_LENGTH) {
    throw corruptMessage(`batchLength ${batchLength} is below the minimum ${RECORD_BATCH_MIN_BATCH_LENGTH}`, {
      position,
    });
  }
  const attributes = readInt16(bytes, position + ATTRIBUTES_POSITION);
  const compression = COMPRESSION_CODECS[attributes & COMPRESSION_CODEC_MASK];
  if (compression === undefined) {
    throw corruptMessage(`unknown compression codec id ${attributes & COMPRESSION_CODEC_MASK}`, { position });
  }
  const baseOffset = readInt64(bytes, position + BASE_OFFSET_POSITION, "baseOffset");
  const lastOffsetDelta = readInt32(bytes, position + LAST_OFFSET_DELTA_POSITION);
  const lastOffset = baseOffset + lastOffsetDelta;
  if (!Number.isSafeInteger(lastOffset)) {
    throw corruptMessage("baseOffset + lastOffsetDelta is outside the safe-integer range", { position });
  }
  return {
    baseOffset,
    batchLength,
    partitionLeaderEpoch: readInt32(bytes, position + PARTITION_LEADER_EPOCH_POSITION),
    magic,
    crc: readUint32(bytes, position + CRC_POSITION),
    attributes,
    compression,
    timestampType: attributes & TIMESTAMP_TYPE_MASK ? "log-append" : "create",
    isTransactional: (attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
    isControl: (attributes & CONTROL_FLAG_MASK) !== 0,
    lastOffsetDelta,
    baseTimestamp: readInt64(bytes, position + BASE_TIMESTAMP_POSITION, "baseTimestamp"),
    maxTimestamp: readInt64(bytes, position + MAX_TIMESTAMP_POSITION, "maxTimestamp"),
    producerId: readInt64(bytes, position + PRODUCER_ID_POSITION, "producerId"),
    producerEpoch: readInt16(bytes, position + PRODUCER_EPOCH_POSITION),
    baseSequence: readInt32(bytes, position + BASE_SEQUENCE_POSITION),
    recordCount: readInt32(bytes, position + RECORD_COUNT_POSITION),
    sizeInBytes: batchLength + RECORD_BATCH_LOG_OVERHEAD,
    lastOffset,
  };
}

/**
 * Full validation: header sane, batchLength fits in `bytes`, CRC-32C over attributes..end
 * matches, recordCount >= 0 and lastOffsetDelta consistent with it (lastOffsetDelta >=
 * recordCount - 1: compaction may remove records but keeps lastOffsetDelta; an empty batch may
 * carry -1). Throws CORRUPT_MESSAGE.
 */
export function validateRecordBatch(bytes: Uint8Array, position = 0): RecordBatchHeader {
  const header = readRecordBatchHeader(bytes, position);
  const end = position + header.sizeInBytes;
  if (end > bytes.length) {
    throw corruptMessage(
      `batch of ${header.sizeInBytes} bytes at position ${position} overruns the ${bytes.length}-byte buffer`,
      { position },
    );
  }
  const computed = crc32c(bytes, position + ATTRIBUTES_POSITION, end);
  if (computed !== header.crc) {
    throw corruptMessage(`CRC-32C mismatch (stored ${header.crc}, computed ${computed})`, { position });
  }
  if (header.recordCount < 0) {
    throw corruptMessage(`negative recordCount ${header.recordCount}`, { position });
  }
  if (header.lastOffsetDelta < header.recordCount - 1 || header.lastOffsetDelta < -1) {
    throw corruptMessage(
      `lastOffsetDelta ${header.lastOffsetDelta} is inconsistent with recordCount ${header.recordCount}`,
      { position },
    );
  }
  if (header.lastOffsetDelta === -1 && header.recordCount !== 0) {
    throw corruptMessage("lastOffsetDelta -1 in a non-empty batch", { position });
  }
  return header;
}

/** Stamps in place; neither field is covered by the CRC, so the CRC stays valid. */
export function setBaseOffset(bytes: Uint8Array, position: number, baseOffset: number): void {
  if (!Number.isSafeInteger(baseOffset) || baseOffset < 0) {
    throw new RangeError(`baseOffset ${baseOffset} is not a non-negative safe integer`);
  }
  checkPosition(bytes, position);
  writeInt64(bytes, position + BASE_OFFSET_POSITION, baseOffset);
}

/** Stamps in place; neither field is covered by the CRC, so the CRC stays valid. */
export function setPartitionLeaderEpoch(bytes: Uint8Array, position: number, epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < -1 || epoch > 0x7fffffff) {
    throw new RangeError(`partitionLeaderEpoch ${epoch} is not an int32 >= -1`);
  }
  checkPosition(bytes, position);
  writeInt32(bytes, position + PARTITION_LEADER_EPOCH_POSITION, epoch);
}

/**
 * Walks a buffer of concatenated batches, validating each; returns their headers in order. A
 * corrupt or truncated batch throws CORRUPT_MESSAGE with `details.position` = its start, after
 * every earlier batch was yielded (storage recovery truncates there). Trailing bytes too short
 * for a header are also CORRUPT_MESSAGE: a caller that allows a partial last batch (a fetch
 * response) should cut the buffer first.
 */
export function* iterateRecordBatches(bytes: Uint8Array): Generator<RecordBatchHeader> {
  let position = 0;
  while (position < bytes.length) {
    let header: RecordBatchHeader;
    try {
      header = validateRecordBatch(bytes, position);
    } catch (error) {
      if (isRillError(error) && error.details.position !== position) {
        throw corruptMessage(error.message, { ...error.details, position });
      }
      throw error;
    }
    yield header;
    position += header.sizeInBytes;
  }
}
