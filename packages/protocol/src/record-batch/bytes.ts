/**
 * Big-endian fixed-width reads and writes on a Uint8Array (no DataView allocation per call). The
 * caller has already checked the bounds; these are the hot path of the header view.
 */
import { corruptMessage } from "./corrupt.js";

const TWO_POW_32 = 4294967296;

export function readInt8(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 24) >> 24;
}

export function readInt16(bytes: Uint8Array, at: number): number {
  return ((((bytes[at] as number) << 8) | (bytes[at + 1] as number)) << 16) >> 16;
}

export function readInt32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) << 24) |
    ((bytes[at + 1] as number) << 16) |
    ((bytes[at + 2] as number) << 8) |
    (bytes[at + 3] as number)
  );
}

export function readUint32(bytes: Uint8Array, at: number): number {
  return readInt32(bytes, at) >>> 0;
}

/**
 * Reads a big-endian int64 as a JS number; a value outside the safe-integer range is
 * CORRUPT_MESSAGE (Rill keeps 64-bit values as safe integers in memory).
 */
export function readInt64(bytes: Uint8Array, at: number, field: string): number {
  const value = readInt32(bytes, at) * TWO_POW_32 + readUint32(bytes, at + 4);
  if (!Number.isSafeInteger(value)) {
    throw corruptMessage(`${field} is outside the safe-integer range`, { field });
  }
  return value;
}

export function writeInt8(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
}

export function writeInt16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}

export function writeInt32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

/** Writes a safe integer as a big-endian int64 (two's complement). The caller checked the range. */
export function writeInt64(bytes: Uint8Array, at: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  const low = value - high * TWO_POW_32;
  writeInt32(bytes, at, high | 0);
  writeInt32(bytes, at + 4, low >>> 0);
}
