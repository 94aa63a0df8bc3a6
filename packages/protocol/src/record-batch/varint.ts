/**
 * Kafka's zig-zag varints (protobuf style, little-endian groups of 7 bits): varint for int32
 * (at most 5 bytes), varlong for int64 (at most 10 bytes). Longer encodings, and values that do
 * not fit the type (or, for varlong, the JS safe-integer range Rill keeps 64-bit values in), are
 * CORRUPT_MESSAGE. Non-canonical but in-length encodings (e.g. 0x80 0x00 for 0) are accepted, as
 * Kafka's ByteUtils accepts them.
 */
import { corruptMessage } from "./corrupt.js";

export const MAX_VARINT_BYTES = 5;
export const MAX_VARLONG_BYTES = 10;

/** A read position over `bytes[.., end)`; every read is bounds-checked against `end`. */
export class ByteReader {
  position: number;
  constructor(
    readonly bytes: Uint8Array,
    position: number,
    readonly end: number,
  ) {
    this.position = position;
  }

  remaining(): number {
    return this.end - this.position;
  }

  readInt8(): number {
    if (this.position >= this.end) throw corruptMessage("truncated int8");
    return ((this.bytes[this.position++] as number) << 24) >> 24;
  }

  /** Zig-zag varint decoded to an int32. */
  readVarint(): number {
    const bytes = this.bytes;
    let position = this.position;
    if (position >= this.end) throw corruptMessage("truncated varint");
    let byte = bytes[position++] as number;
    if (byte < 0x80) {
      this.position = position;
      return (byte >>> 1) ^ -(byte & 1);
    }
    let raw = byte & 0x7f;
    let shift = 7;
    for (;;) {
      if (position >= this.end) throw corruptMessage("truncated varint");
      byte = bytes[position++] as number;
      if (shift === 28) {
        // The fifth byte: only 4 payload bits fit in 32, and no continuation is allowed.
        if (byte > 0x0f) throw corruptMessage("varint longer than 5 bytes or over 32 bits");
        raw |= byte << 28;
        break;
      }
      raw |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    this.position = position;
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** Zig-zag varlong decoded to a safe integer. */
  readVarlong(): number {
    const bytes = this.bytes;
    let position = this.position;
    if (position >= this.end) throw corruptMessage("truncated varlong");
    let byte = bytes[position++] as number;
    if (byte < 0x80) {
      this.position = position;
      return (byte >>> 1) ^ -(byte & 1);
    }
    // Keep the zig-zag sign bit apart and accumulate half = raw >>> 1, which is exact in a double
    // for every safe result (raw itself may need 54 bits).
    const negative = byte & 1;
    let half = (byte & 0x7f) >>> 1;
    let multiplier = 64; // 2^(7k - 1)
    let count = 1;
    for (;;) {
      if (position >= this.end) throw corruptMessage("truncated varlong");
      if (count === MAX_VARLONG_BYTES) throw corruptMessage("varlong longer than 10 bytes");
      byte = bytes[position++] as number;
      count++;
      half += (byte & 0x7f) * multiplier;
      if (byte < 0x80) break;
      multiplier *= 128;
    }
    if (half > Number.MAX_SAFE_INTEGER || (negative && half >= Number.MAX_SAFE_INTEGER)) {
      throw corruptMessage("varlong outside the safe-integer range");
    }
    this.position = position;
    return negative ? -half - 1 : half;
  }

  /** Moves past the next `length` bytes without a view (the validator's walk allocates nothing). */
  skip(length: number): void {
    if (length > this.end - this.position) throw corruptMessage(`length ${length} overruns the record`);
    this.position += length;
  }

  /** A view of the next `length` bytes (no copy). */
  readBytes(length: number): Uint8Array {
    if (length > this.end - this.position) throw corruptMessage(`length ${length} overruns the record`);
    const view = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return view;
  }
}

/** Bytes needed for `value` (an int32) as a zig-zag varint. */
export function sizeOfVarint(value: number): number {
  let raw = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (raw >= 0x80) {
    raw >>>= 7;
    size++;
  }
  return size;
}

/** Bytes needed for `value` (a safe integer) as a zig-zag varlong. */
export function sizeOfVarlong(value: number): number {
  let half = value >= 0 ? value : -value - 1;
  if (half < 0x40) return 1;
  half = Math.floor(half / 64);
  let size = 2;
  while (half >= 0x80) {
    half = Math.floor(half / 128);
    size++;
  }
  return size;
}

/** Writes `value` (an int32) as a zig-zag varint at `position`; returns the next position. */
export function writeVarint(bytes: Uint8Array, position: number, value: number): number {
  let raw = ((value << 1) ^ (value >> 31)) >>> 0;
  while (raw >= 0x80) {
    bytes[position++] = (raw & 0x7f) | 0x80;
    raw >>>= 7;
  }
  bytes[position++] = raw;
  return position;
}

/** Writes `value` (a safe integer) as a zig-zag varlong at `position`; returns the next position. */
export function writeVarlong(bytes: Uint8Array, position: number, value: number): number {
  if (value >= -0x40000000 && value < 0x40000000) return writeVarint(bytes, position, value);
  const negative = value < 0 ? 1 : 0;
  let half = negative ? -value - 1 : value;
  // First group: 6 bits of half plus the sign bit.
  bytes[position++] = ((half % 64) << 1) | negative | 0x80;
  half = Math.floor(half / 64);
  while (half >= 0x80) {
    bytes[position++] = (half % 128) | 0x80;
    half = Math.floor(half / 128);
  }
  bytes[position++] = half;
  return position;
}

/** True when `value` is an int32. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff;
}
