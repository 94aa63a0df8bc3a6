/**
 * One record inside a RecordBatch v2 (Kafka's DefaultRecord):
 *
 *   length          varint   bytes after this field
 *   attributes      int8     unused, 0
 *   timestampDelta  varlong  from the batch's baseTimestamp
 *   offsetDelta     varint   from the batch's baseOffset
 *   keyLength       varint   -1 = null key
 *   key             bytes
 *   valueLength     varint   -1 = null value
 *   value           bytes
 *   headerCount     varint
 *   headers         [keyLength varint, key UTF-8, valueLength varint (-1 = null), value]
 */
import { corruptMessage } from "./corrupt.js";
import { type ByteReader, sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from "./varint.js";

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface RecordInput {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch; defaults to the encoder's clock. */
  timestamp?: number;
}

export interface DecodedRecord {
  /** Absolute offset: baseOffset + offsetDelta. */
  offset: number;
  /** Absolute timestamp: baseTimestamp + timestampDelta, or maxTimestamp for log-append time. */
  timestamp: number;
  /** Views into the batch (or its decompressed records): copy before mutating the source. */
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
  attributes: number;
}

/** The smallest possible record: 7 one-byte fields. Bounds recordCount before decoding. */
export const MIN_RECORD_BYTES = 7;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8");

/** UTF-8 encodes a record's header keys (null when it has none, the common case). */
export function encodeHeaderKeys(record: RecordInput): Uint8Array[] | null {
  const headers = record.headers;
  if (headers === undefined || headers.length === 0) return null;
  return headers.map((header) => utf8Encoder.encode(header.key));
}

/** Bytes of the record after its length prefix. */
export function recordBodyBytes(
  record: RecordInput,
  timestampDelta: number,
  offsetDelta: number,
  headerKeys: readonly Uint8Array[] | null,
): number {
  let bodyBytes = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta);
  bodyBytes += record.key === null ? 1 : sizeOfVarint(record.key.length) + record.key.length;
  bodyBytes += record.value === null ? 1 : sizeOfVarint(record.value.length) + record.value.length;
  if (headerKeys === null) return bodyBytes + 1;
  const headers = record.headers as readonly RecordHeader[];
  bodyBytes += sizeOfVarint(headers.length);
  for (let index = 0; index < headers.length; index++) {
    const key = headerKeys[index] as Uint8Array;
    const value = (headers[index] as RecordHeader).value;
    bodyBytes += sizeOfVarint(key.length) + key.length;
    bodyBytes += value === null ? 1 : sizeOfVarint(value.length) + value.length;
  }
  return bodyBytes;
}

function writeNullableBytes(bytes: Uint8Array, position: number, value: Uint8Array | null): number {
  if (value === null) return writeVarint(bytes, position, -1);
  const next = writeVarint(bytes, position, value.length);
  if (value.length < 32) {
    for (let index = 0; index < value.length; index++) bytes[next + index] = value[index] as number;
  } else {
    bytes.set(value, next);
  }
  return next + value.length;
}

/** Writes the record (length prefix + body of `bodyBytes`) at `position`; returns the next position. */
export function writeRecord(
  bytes: Uint8Array,
  position: number,
  record: RecordInput,
  timestampDelta: number,
  offsetDelta: number,
  bodyBytes: number,
  headerKeys: readonly Uint8Array[] | null,
): number {
  let at = writeVarint(bytes, position, bodyBytes);
  const bodyStart = at;
  bytes[at++] = 0; // attributes
  at = writeVarlong(bytes, at, timestampDelta);
  at = writeVarint(bytes, at, offsetDelta);
  at = writeNullableBytes(bytes, at, record.key);
  at = writeNullableBytes(bytes, at, record.value);
  if (headerKeys === null) {
    bytes[at++] = 0; // no headers
  } else {
    const headers = record.headers as readonly RecordHeader[];
    at = writeVarint(bytes, at, headers.length);
    for (let index = 0; index < headers.length; index++) {
      at = writeNullableBytes(bytes, at, headerKeys[index] as Uint8Array);
      at = writeNullableBytes(bytes, at, (headers[index] as RecordHeader).value);
    }
  }
  if (at - bodyStart !== bodyBytes) {
    throw new Error(`record size mismatch: wrote ${at - bodyStart}, sized ${bodyBytes}`);
  }
  return at;
}

function readNullableBytes(reader: ByteReader, field: string): Uint8Array | null {
  const length = reader.readVarint();
  if (length === -1) return null;
  if (length < -1) throw corruptMessage(`negative ${field} length ${length}`);
  return reader.readBytes(length);
}

export interface RecordContext {
  baseOffset: number;
  baseTimestamp: number;
  /** Set for log-append time: every record's timestamp is the batch's maxTimestamp. */
  logAppendTime: number | null;
}

/** Reads one record; the reader must be bounded by the records' end. */
export function readRecord(reader: ByteReader, context: RecordContext): DecodedRecord {
  const length = reader.readVarint();
  if (length < MIN_RECORD_BYTES - 1 || length > reader.remaining()) {
    throw corruptMessage(`record length ${length} is impossible with ${reader.remaining()} bytes left`);
  }
  const end = reader.position + length;
  const attributes = reader.readInt8();
  const timestampDelta = reader.readVarlong();
  const offsetDelta = reader.readVarint();
  const key = readNullableBytes(reader, "key");
  const value = readNullableBytes(reader, "value");
  const headerCount = reader.readVarint();
  // Each header needs at least 2 bytes: bounds the loop before it runs.
  if (headerCount < 0 || headerCount * 2 > end - reader.position) {
    throw corruptMessage(`header count ${headerCount} is impossible`);
  }
  const headers: RecordHeader[] = [];
  for (let index = 0; index < headerCount; index++) {
    const keyBytes = readNullableBytes(reader, "header key");
    if (keyBytes === null) throw corruptMessage("null header key");
    headers.push({ key: utf8Decoder.decode(keyBytes), value: readNullableBytes(reader, "header value") });
  }
  if (reader.position !== end) {
    throw corruptMessage(
      `record declared ${length} bytes but its fields use ${length + reader.position - end}`,
    );
  }
  const offset = context.baseOffset + offsetDelta;
  const timestamp = context.logAppendTime ?? context.baseTimestamp + timestampDelta;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(timestamp)) {
    throw corruptMessage("record offset or timestamp outside the safe-integer range");
  }
  return { offset, timestamp, key, value, headers, attributes };
}
