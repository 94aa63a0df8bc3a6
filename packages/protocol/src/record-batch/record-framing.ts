/**
 * Walks the records of one batch (its plain, decompressed record bytes) and checks every field
 * a consumer's decoder will read, without allocating per record: this is what lets the broker
 * refuse a batch that passed its CRC but that no consumer could decode (a producer bug or a
 * crafted batch: bad varints, negative lengths, a record count that lies, trailing bytes).
 *
 * The rules are those of `readRecord` (record.ts) plus what the header promises for a batch a
 * producer sends (Kafka's LogValidator for magic 2): offset deltas are exactly 0..recordCount-1
 * in order, and with CreateTime the largest record timestamp is the header's maxTimestamp.
 */
import { RillError } from "../errors/index.js";
import { corruptMessage } from "./corrupt.js";
import type { RecordBatchHeader } from "./header.js";
import { MIN_RECORD_BYTES } from "./record.js";
import { ByteReader } from "./varint.js";

export interface RecordFramingOptions {
  /** A record with a null key is INVALID_RECORD (a compacted topic cannot keep it). */
  readonly requireKeys: boolean;
}

/**
 * Throws CORRUPT_MESSAGE when `records` (the bytes after the 61-byte header, decompressed) do
 * not hold exactly `header.recordCount` well-formed records consistent with the header, and
 * INVALID_RECORD (details.batchIndex = the record's index) for a record-level rule.
 */
export function checkRecordFraming(
  header: RecordBatchHeader,
  records: Uint8Array,
  options: RecordFramingOptions,
): void {
  const recordCount = header.recordCount;
  // Bounds the loop by the input size before it runs.
  if (recordCount > records.length / MIN_RECORD_BYTES) {
    throw corruptMessage(`recordCount ${recordCount} cannot fit in ${records.length} bytes`);
  }
  const reader = new ByteReader(records, 0, records.length);
  const checkTimestamps = header.timestampType === "create";
  let maxRecordTimestamp = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < recordCount; index++) {
    const length = reader.readVarint();
    if (length < MIN_RECORD_BYTES - 1 || length > reader.remaining()) {
      throw corruptMessage(
        `record ${index}: length ${length} is impossible with ${reader.remaining()} bytes left`,
      );
    }
    const end = reader.position + length;
    reader.readInt8(); // attributes: unused in v2
    const timestampDelta = reader.readVarlong();
    const offsetDelta = reader.readVarint();
    if (offsetDelta !== index) {
      throw corruptMessage(`record ${index}: offset delta ${offsetDelta}, expected ${index}`);
    }
    const keyLength = reader.readVarint();
    if (keyLength < -1) throw corruptMessage(`record ${index}: negative key length ${keyLength}`);
    if (keyLength === -1 && options.requireKeys) {
      throw new RillError("INVALID_RECORD", `record ${index} has no key, which a compacted topic requires`, {
        details: { batchIndex: index },
      });
    }
    if (keyLength > 0) reader.skip(keyLength);
    const valueLength = reader.readVarint();
    if (valueLength < -1) throw corruptMessage(`record ${index}: negative value length ${valueLength}`);
    if (valueLength > 0) reader.skip(valueLength);
    const headerCount = reader.readVarint();
    // Each header needs at least 2 bytes: bounds the loop before it runs.
    if (headerCount < 0 || headerCount * 2 > end - reader.position) {
      throw corruptMessage(`record ${index}: header count ${headerCount} is impossible`);
    }
    for (let headerIndex = 0; headerIndex < headerCount; headerIndex++) {
      const headerKeyLength = reader.readVarint();
      if (headerKeyLength < 0) throw corruptMessage(`record ${index}: header key length ${headerKeyLength}`);
      reader.skip(headerKeyLength);
      const headerValueLength = reader.readVarint();
      if (headerValueLength < -1) {
        throw corruptMessage(`record ${index}: negative header value length ${headerValueLength}`);
      }
      if (headerValueLength > 0) reader.skip(headerValueLength);
    }
    if (reader.position !== end) {
      throw corruptMessage(
        `record ${index} declared ${length} bytes but its fields use ${length + reader.position - end}`,
      );
    }
    if (checkTimestamps) {
      const timestamp = header.baseTimestamp + timestampDelta;
      if (!Number.isSafeInteger(timestamp)) {
        throw corruptMessage(`record ${index}: timestamp outside the safe-integer range`);
      }
      if (timestamp > maxRecordTimestamp) maxRecordTimestamp = timestamp;
    }
  }
  if (reader.remaining() !== 0) {
    throw corruptMessage(`${reader.remaining()} bytes left after ${recordCount} records`);
  }
  if (checkTimestamps && recordCount > 0 && maxRecordTimestamp !== header.maxTimestamp) {
    throw corruptMessage(
      `maxTimestamp ${header.maxTimestamp} is not the largest record timestamp ${maxRecordTimestamp}`,
    );
  }
}
