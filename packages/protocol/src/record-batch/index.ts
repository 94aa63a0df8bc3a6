export {
  type ProducedBatchValidationOptions,
  stampLogAppendTime,
  VALIDATION_DECOMPRESSED_BYTES_MAX,
  type ValidatedBatch,
  type ValidatedRecordBatches,
  validateProducedBatches,
  validateReplicatedBatches,
} from "./batch-validator.js";
export {
  type DecodedRecordBatch,
  type DecodeRecordBatchOptions,
  decodeRecordBatch,
  type EncodeRecordBatchInput,
  encodeRecordBatch,
  MAX_RECORD_BATCH_BYTES,
} from "./codec.js";
export {
  ATTRIBUTES_POSITION,
  BATCH_LENGTH_POSITION,
  COMPRESSION_CODEC_MASK,
  COMPRESSION_CODECS,
  type CompressionCodec,
  CRC_POSITION,
  compressionCodecId,
  iterateRecordBatches,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  RECORD_BATCH_HEADER_BYTES,
  RECORD_BATCH_LOG_OVERHEAD,
  RECORD_BATCH_MAGIC,
  RECORD_BATCH_MIN_BATCH_LENGTH,
  RECORD_COUNT_POSITION,
  type RecordBatchHeader,
  readRecordBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
  validateRecordBatch,
} from "./header.js";
export type { DecodedRecord, RecordContext, RecordHeader, RecordInput } from "./record.js";
export { readRecord } from "./record.js";
export {
  ByteReader,
  MAX_VARINT_BYTES,
  MAX_VARLONG_BYTES,
  sizeOfVarint,
  sizeOfVarlong,
  writeVarint,
  writeVarlong,
} from "./varint.js";
