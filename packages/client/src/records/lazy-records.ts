import {
  ByteReader,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  decompress,
  RECORD_BATCH_HEADER_BYTES,
  type RecordBatchHeader,
  type RecordHeader,
  RillError,
  readRecordBatchHeader,
  validateRecordBatch,
} from "@rill/protocol";
import type { ConsumerRecord } from "../consumer/consumer-types.js";
import { decodedBatchesMax } from "./decode-batches.js";

/**
 * The consumer's records, decoded as far as the caller reads them (issue 12: a catch-up reader
 * that only counts records or reads raw values should not pay for the rest).
 *
 * A fetched answer is read in two steps. `readFetchedBatches` checks every whole batch once:
 * header and CRC-32C (a partial batch at the end, cut at maxBytes, is left out). Then
 * `lazyRecordsFrom` walks the records of the batches the reader has not seen yet: it reads every
 * record's framing (lengths, varints, header count: the checks of protocol's `readRecord`) and
 * its offset and timestamp, allocating nothing but one `LazyRecord` per record handed out. Key and
 * value become views into the fetched (or decompressed) bytes, and headers are decoded, only when
 * first read; since the framing was checked up front, reading a field never throws.
 */

const utf8 = new TextDecoder("utf-8");

/** Every record without headers shares this one (frozen) list. */
const noHeaders: readonly RecordHeader[] = Object.freeze([]);

/** The smallest record body after its length prefix: 6 one-byte fields (as protocol's readRecord checks). */
const recordBodyBytesMin = 6;

/** Where a validated batch starts in the fetched bytes, with its header. */
export interface FetchedBatch {
  readonly position: number;
  readonly header: RecordBatchHeader;
}

/**
 * The whole batches of a fetch answer, in order, each checked once (header, CRC-32C); a corrupt
 * one is CORRUPT_MESSAGE. Records are not read here.
 */
export function readFetchedBatches(bytes: Uint8Array): FetchedBatch[] {
  const batches: FetchedBatch[] = [];
  let position = 0;
  while (bytes.length - position >= RECORD_BATCH_HEADER_BYTES && batches.length < decodedBatchesMax) {
    const size = readRecordBatchHeader(bytes, position).sizeInBytes;
    if (position + size > bytes.length) break;
    batches.push({ position, header: validateRecordBatch(bytes, position) });
    position += size;
  }
  return batches;
}

/**
 * The records at or after `fromOffset` of `batches` (read from `bytes` by readFetchedBatches),
 * in offset order. A batch that starts before `fromOffset` (batches are not split) contributes
 * only its later records; control batches (transaction markers) hold no user records. Malformed
 * record framing is CORRUPT_MESSAGE, before any record of the answer is handed out.
 */
export function lazyRecordsFrom(
  partition: { readonly topic: string; readonly partition: number },
  bytes: Uint8Array,
  batches: readonly FetchedBatch[],
  fromOffset: number,
): LazyRecord[] {
  const records: LazyRecord[] = [];
  for (const { position, header } of batches) {
    if (header.isControl || header.lastOffset < fromOffset) continue;
    const stored = bytes.subarray(position + RECORD_BATCH_HEADER_BYTES, position + header.sizeInBytes);
    const plain =
      header.compression === "none"
        ? stored
        : decompress(header.compression, stored, DEFAULT_MAX_DECOMPRESSED_BYTES);
    walkRecords(partition, header, plain, fromOffset, records);
  }
  return records;
}

/** Checks the framing of every record of one batch and appends those at or after `fromOffset`. */
function walkRecords(
  partition: { readonly topic: string; readonly partition: number },
  header: RecordBatchHeader,
  plain: Uint8Array,
  fromOffset: number,
  into: LazyRecord[],
): void {
  const count = header.recordCount;
  // Bounds the loop by the input size before it runs.
  if (count > plain.length / (recordBodyBytesMin + 1)) {
    throw corrupt(header, `recordCount ${count} cannot fit in ${plain.length} bytes`);
  }
  const logAppendTime = header.timestampType === "log-append" ? header.maxTimestamp : null;
  const reader = new ByteReader(plain, 0, plain.length);
  for (let index = 0; index < count; index++) {
    const length = reader.readVarint();
    if (length < recordBodyBytesMin || length > reader.remaining()) {
      throw corrupt(header, `record length ${length} is impossible with ${reader.remaining()} bytes left`);
    }
    const end = reader.position + length;
    reader.readInt8(); // attributes: unused in v2
    const timestampDelta = reader.readVarlong();
    const offset = header.baseOffset + reader.readVarint();
    const keyAt = reader.position;
    skipNullableBytes(reader, header, "key");
    const valueAt = reader.position;
    skipNullableBytes(reader, header, "value");
    const headerCount = reader.readVarint();
    // Each header needs at least 2 bytes: bounds the loop before it runs.
    if (headerCount < 0 || headerCount * 2 > end - reader.position) {
      throw corrupt(header, `header count ${headerCount} is impossible`);
    }
    for (let headerIndex = 0; headerIndex < headerCount; headerIndex++) {
      if (skipNullableBytes(reader, header, "header key") < 0) throw corrupt(header, "null header key");
      skipNullableBytes(reader, header, "header value");
    }
    if (reader.position !== end) {
      throw corrupt(
        header,
        `record declared ${length} bytes but its fields use ${length + reader.position - end}`,
      );
    }
    const timestamp = logAppendTime ?? header.baseTimestamp + timestampDelta;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(timestamp)) {
      throw corrupt(header, "record offset or timestamp outside the safe-integer range");
    }
    if (offset >= fromOffset) into.push(new LazyRecord(partition, offset, timestamp, plain, keyAt, valueAt));
  }
  if (reader.remaining() !== 0) {
    throw corrupt(header, `${reader.remaining()} bytes left after ${count} records`);
  }
}

/** Moves past a length-prefixed field (-1 = null); returns its length. */
function skipNullableBytes(reader: ByteReader, header: RecordBatchHeader, field: string): number {
  const length = reader.readVarint();
  if (length < -1) throw corrupt(header, `negative ${field} length ${length}`);
  if (length > 0) reader.skip(length);
  return length;
}

/** CORRUPT_MESSAGE in the words protocol's decoder uses, with where the batch starts. */
function corrupt(header: RecordBatchHeader, reason: string): RillError {
  return new RillError("CORRUPT_MESSAGE", `Corrupt record batch: ${reason}`, {
    details: { baseOffset: header.baseOffset },
  });
}

/** Reads the field at the reader: a view of its bytes, or null. */
function readNullableBytes(reader: ByteReader): Uint8Array | null {
  const length = reader.readVarint();
  return length < 0 ? null : reader.readBytes(length);
}

/**
 * One fetched record (a ConsumerRecord). Topic, partition, offset and timestamp are plain
 * fields; key, value and headers are read from the batch bytes on first use and kept, so
 * reading one twice gives the same object. The framing was checked when the record was made
 * (lazyRecordsFrom), so these reads cannot fail.
 */
export class LazyRecord implements ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly #bytes: Uint8Array;
  /** Where the key's length varint starts in #bytes. */
  readonly #keyAt: number;
  /** Where the value's length varint starts in #bytes (the header count follows the value). */
  readonly #valueAt: number;
  /** undefined until read. */
  #key: Uint8Array | null | undefined = undefined;
  #value: Uint8Array | null | undefined = undefined;
  #headers: readonly RecordHeader[] | undefined = undefined;

  constructor(
    partition: { readonly topic: string; readonly partition: number },
    offset: number,
    timestamp: number,
    bytes: Uint8Array,
    keyAt: number,
    valueAt: number,
  ) {
    this.topic = partition.topic;
    this.partition = partition.partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.#bytes = bytes;
    this.#keyAt = keyAt;
    this.#valueAt = valueAt;
  }

  get key(): Uint8Array | null {
    if (this.#key === undefined) this.#key = readNullableBytes(this.#reader(this.#keyAt));
    return this.#key;
  }

  get value(): Uint8Array | null {
    if (this.#value === undefined) this.#value = readNullableBytes(this.#reader(this.#valueAt));
    return this.#value;
  }

  get headers(): readonly RecordHeader[] {
    if (this.#headers === undefined) this.#headers = this.#readHeaders();
    return this.#headers;
  }

  /** The plain-object form, so that JSON.stringify and spreading see every field. */
  toJSON(): ConsumerRecord {
    return {
      topic: this.topic,
      partition: this.partition,
      offset: this.offset,
      key: this.key,
      value: this.value,
      headers: this.headers,
      timestamp: this.timestamp,
    };
  }

  #reader(position: number): ByteReader {
    return new ByteReader(this.#bytes, position, this.#bytes.length);
  }

  #readHeaders(): readonly RecordHeader[] {
    const reader = this.#reader(this.#valueAt);
    const valueLength = reader.readVarint();
    if (valueLength > 0) reader.skip(valueLength);
    const count = reader.readVarint();
    if (count === 0) return noHeaders;
    const headers: RecordHeader[] = [];
    for (let index = 0; index < count; index++) {
      const key = utf8.decode(readNullableBytes(reader) as Uint8Array);
      headers.push({ key, value: readNullableBytes(reader) });
    }
    return headers;
  }
}
