/**
 * encodeRecordBatch / decodeRecordBatch: Kafka RecordBatch v2 bytes exactly.
 *
 * The API is synchronous on purpose: encode and decode sit on every hot path (producer batching,
 * broker validation, consumer fetch) and a sync call costs no promise/microtask per batch. Every
 * codec has a sync implementation here (gzip via node:zlib, snappy/lz4 pure JS, zstd via wasm
 * initialised when this module loads; see compression/zstd.ts).
 */
import { compress, DEFAULT_MAX_DECOMPRESSED_BYTES, decompress } from "../compression/compression.js";
import { crc32c } from "../crc32c/crc32c.js";
import { writeInt8, writeInt16, writeInt32, writeInt64 } from "./bytes.js";
import { corruptMessage } from "./corrupt.js";
import {
  ATTRIBUTES_POSITION,
  BASE_OFFSET_POSITION,
  BASE_SEQUENCE_POSITION,
  BASE_TIMESTAMP_POSITION,
  BATCH_LENGTH_POSITION,
  CONTROL_FLAG_MASK,
  type CompressionCodec,
  CRC_POSITION,
  compressionCodecId,
  LAST_OFFSET_DELTA_POSITION,
  MAGIC_POSITION,
  MAX_TIMESTAMP_POSITION,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  PARTITION_LEADER_EPOCH_POSITION,
  PRODUCER_EPOCH_POSITION,
  PRODUCER_ID_POSITION,
  RECORD_BATCH_HEADER_BYTES,
  RECORD_BATCH_LOG_OVERHEAD,
  RECORD_BATCH_MAGIC,
  RECORD_COUNT_POSITION,
  type RecordBatchHeader,
  readRecordBatchHeader,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_FLAG_MASK,
  validateRecordBatch,
} from "./header.js";
import {
  type DecodedRecord,
  encodeHeaderKeys,
  MIN_RECORD_BYTES,
  type RecordInput,
  readRecord,
  recordBodyBytes,
  writeRecord,
} from "./record.js";
import { ByteReader, isInt32, sizeOfVarint } from "./varint.js";

/** batchLength is an int32: no batch can be larger. */
export const MAX_RECORD_BATCH_BYTES = 0x7fffffff;

export interface EncodeRecordBatchInput {
  records: readonly RecordInput[];
  /** Producers send 0; the partition leader stamps the real one (setBaseOffset). Default 0. */
  baseOffset?: number;
  /** Default -1 (none); the leader stamps it. */
  partitionLeaderEpoch?: number;
  compression?: CompressionCodec;
  /** Codec level for gzip and zstd; the codec's default when omitted. */
  compressionLevel?: number;
  timestampType?: "create" | "log-append";
  isTransactional?: boolean;
  isControl?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** The clock for records without a timestamp (injected for determinism); default Date.now. */
  now?: () => number;
}

export interface DecodeRecordBatchOptions {
  /** Where the batch starts in `bytes`. Default 0. */
  position?: number;
  /** Cap on the decompressed records; above it is CORRUPT_MESSAGE. Default 64 MiB. */
  maxDecompressedBytes?: number;
  /** Check the CRC-32C (default true). Skip only for bytes validated moments ago. */
  verifyCrc?: boolean;
}

export interface DecodedRecordBatch extends RecordBatchHeader {
  records: DecodedRecord[];
}

function checkInput(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`encodeRecordBatch: ${message}`);
}

/**
 * Encodes records into one RecordBatch v2. Offset deltas are the record indexes; baseTimestamp
 * is the first record's timestamp and maxTimestamp the largest (Kafka's producer does the same).
 * Invalid input (unsafe integers, out-of-range ids) is a RangeError: a caller bug, not bad bytes.
 */
export function encodeRecordBatch(input: EncodeRecordBatchInput): Uint8Array {
  const records = input.records;
  const baseOffset = input.baseOffset ?? 0;
  const partitionLeaderEpoch = input.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH;
  const producerId = input.producerId ?? NO_PRODUCER_ID;
  const producerEpoch = input.producerEpoch ?? NO_PRODUCER_EPOCH;
  const baseSequence = input.baseSequence ?? NO_SEQUENCE;
  const compression = input.compression ?? "none";
  checkInput(Number.isSafeInteger(baseOffset) && baseOffset >= 0, `baseOffset ${baseOffset}`);
  checkInput(isInt32(partitionLeaderEpoch) && partitionLeaderEpoch >= -1, "partitionLeaderEpoch");
  checkInput(Number.isSafeInteger(producerId) && producerId >= -1, `producerId ${producerId}`);
  checkInput(
    Number.isInteger(producerEpoch) && producerEpoch >= -1 && producerEpoch <= 0x7fff,
    "producerEpoch",
  );
  checkInput(isInt32(baseSequence) && baseSequence >= -1, "baseSequence");
  checkInput(records.length <= 0x7fffffff, "too many records");
  checkInput(
    Number.isSafeInteger(baseOffset + records.length),
    "baseOffset + record count is not a safe integer",
  );

  let baseTimestamp = NO_TIMESTAMP;
  let maxTimestamp = NO_TIMESTAMP;
  const timestamps = new Float64Array(records.length);
  let clockValue: number | undefined;
  for (let index = 0; index < records.length; index++) {
    let timestamp = (records[index] as RecordInput).timestamp;
    if (timestamp === undefined) {
      clockValue ??= (input.now ?? Date.now)();
      timestamp = clockValue;
    }
    checkInput(Number.isSafeInteger(timestamp) && timestamp >= -1, `timestamp ${timestamp}`);
    if (index === 0) baseTimestamp = timestamp;
    if (index === 0 || timestamp > maxTimestamp) maxTimestamp = timestamp;
    timestamps[index] = timestamp;
  }

  // Two passes: sizes first (so one exact buffer is allocated), then the bytes.
  const count = records.length;
  const bodySizes = new Int32Array(count);
  const headerKeys: (Uint8Array[] | null)[] = new Array(count);
  let recordsBytes = 0;
  for (let index = 0; index < count; index++) {
    const record = records[index] as RecordInput;
    const keys = encodeHeaderKeys(record);
    headerKeys[index] = keys;
    const bodyBytes = recordBodyBytes(record, (timestamps[index] as number) - baseTimestamp, index, keys);
    bodySizes[index] = bodyBytes;
    recordsBytes += sizeOfVarint(bodyBytes) + bodyBytes;
  }
  checkInput(recordsBytes <= MAX_RECORD_BATCH_BYTES - RECORD_BATCH_HEADER_BYTES, "batch too large");
  const writeRecords = (target: Uint8Array, start: number): void => {
    let at = start;
    for (let index = 0; index < count; index++) {
      const timestampDelta = (timestamps[index] as number) - baseTimestamp;
      const keys = headerKeys[index] as Uint8Array[] | null;
      at = writeRecord(
        target,
        at,
        records[index] as RecordInput,
        timestampDelta,
        index,
        bodySizes[index] as number,
        keys,
      );
    }
  };

  let batch: Uint8Array;
  if (compression === "none") {
    batch = new Uint8Array(RECORD_BATCH_HEADER_BYTES + recordsBytes);
    writeRecords(batch, RECORD_BATCH_HEADER_BYTES);
  } else {
    const plain = new Uint8Array(recordsBytes);
    writeRecords(plain, 0);
    const compressed = compress(compression, plain, input.compressionLevel);
    checkInput(compressed.length <= MAX_RECORD_BATCH_BYTES - RECORD_BATCH_HEADER_BYTES, "batch too large");
    batch = new Uint8Array(RECORD_BATCH_HEADER_BYTES + compressed.length);
    batch.set(compressed, RECORD_BATCH_HEADER_BYTES);
  }

  let attributes = compressionCodecId(compression);
  if (input.timestampType === "log-append") attributes |= TIMESTAMP_TYPE_MASK;
  if (input.isTransactional === true) attributes |= TRANSACTIONAL_FLAG_MASK;
  if (input.isControl === true) attributes |= CONTROL_FLAG_MASK;

  writeInt64(batch, BASE_OFFSET_POSITION, baseOffset);
  writeInt32(batch, BATCH_LENGTH_POSITION, batch.length - RECORD_BATCH_LOG_OVERHEAD);
  writeInt32(batch, PARTITION_LEADER_EPOCH_POSITION, partitionLeaderEpoch);
  writeInt8(batch, MAGIC_POSITION, RECORD_BATCH_MAGIC);
  writeInt16(batch, ATTRIBUTES_POSITION, attributes);
  writeInt32(batch, LAST_OFFSET_DELTA_POSITION, records.length - 1);
  writeInt64(batch, BASE_TIMESTAMP_POSITION, baseTimestamp);
  writeInt64(batch, MAX_TIMESTAMP_POSITION, maxTimestamp);
  writeInt64(batch, PRODUCER_ID_POSITION, producerId);
  writeInt16(batch, PRODUCER_EPOCH_POSITION, producerEpoch);
  writeInt32(batch, BASE_SEQUENCE_POSITION, baseSequence);
  writeInt32(batch, RECORD_COUNT_POSITION, records.length);
  writeInt32(batch, CRC_POSITION, crc32c(batch, ATTRIBUTES_POSITION, batch.length));
  return batch;
}

/**
 * Decodes the batch at `options.position` (validated: header, CRC, lengths) with its records.
 * Any malformed input is RillError CORRUPT_MESSAGE; decoding is bounded by the input size and
 * `maxDecompressedBytes`, and every length is checked before it is used.
 */
export function decodeRecordBatch(
  bytes: Uint8Array,
  options: DecodeRecordBatchOptions = {},
): DecodedRecordBatch {
  const position = options.position ?? 0;
  const header =
    options.verifyCrc === false
      ? readRecordBatchHeader(bytes, position)
      : validateRecordBatch(bytes, position);
  const end = position + header.sizeInBytes;
  if (end > bytes.length) throw corruptMessage("batch overruns the buffer", { position });
  if (header.recordCount < 0)
    throw corruptMessage(`negative recordCount ${header.recordCount}`, { position });
  const maxBytes = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const stored = bytes.subarray(position + RECORD_BATCH_HEADER_BYTES, end);
  const plain = header.compression === "none" ? stored : decompress(header.compression, stored, maxBytes);
  if (header.recordCount > plain.length / MIN_RECORD_BYTES) {
    throw corruptMessage(`recordCount ${header.recordCount} cannot fit in ${plain.length} bytes`, {
      position,
    });
  }
  const reader = new ByteReader(plain, 0, plain.length);
  const context = {
    baseOffset: header.baseOffset,
    baseTimestamp: header.baseTimestamp,
    logAppendTime: header.timestampType === "log-append" ? header.maxTimestamp : null,
  };
  const records: DecodedRecord[] = [];
  for (let index = 0; index < header.recordCount; index++) records.push(readRecord(reader, context));
  if (reader.remaining() !== 0) {
    throw corruptMessage(`${reader.remaining()} bytes left after ${header.recordCount} records`, {
      position,
    });
  }
  return { ...header, records };
}
