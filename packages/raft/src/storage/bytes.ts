/**
 * Little helpers for the fixed binary layouts of the Raft storage files. 64-bit fields hold safe
 * integers (indexes, terms, node ids); anything outside the safe range is a corrupt file or a bug.
 */
import { RillError } from "@rill/protocol";

const TWO_POW_32 = 0x1_0000_0000;

export class ByteWriter {
  #buffer: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialBytes = 256) {
    this.#buffer = new Uint8Array(initialBytes);
    this.#view = new DataView(this.#buffer.buffer);
  }

  #reserve(bytes: number): number {
    const at = this.#length;
    if (at + bytes > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(this.#buffer.length * 2, at + bytes));
      grown.set(this.#buffer.subarray(0, at));
      this.#buffer = grown;
      this.#view = new DataView(grown.buffer);
    }
    this.#length += bytes;
    return at;
  }

  u8(value: number): this {
    const at = this.#reserve(1);
    this.#view.setUint8(at, value);
    return this;
  }

  u32(value: number): this {
    if (!(Number.isInteger(value) && value >= 0 && value < TWO_POW_32)) {
      throw new RangeError(`${value} is not an unsigned 32-bit integer`);
    }
    const at = this.#reserve(4);
    this.#view.setUint32(at, value);
    return this;
  }

  /** A non-negative safe integer as 8 bytes, big-endian. */
  u64(value: number): this {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new RangeError(`${value} is not a non-negative safe integer`);
    }
    const at = this.#reserve(8);
    this.#view.setUint32(at, Math.floor(value / TWO_POW_32));
    this.#view.setUint32(at + 4, value % TWO_POW_32);
    return this;
  }

  bytes(value: Uint8Array): this {
    // reserve() may replace the buffer: take the position first.
    const at = this.#reserve(value.length);
    this.#buffer.set(value, at);
    return this;
  }

  /** Overwrites a u32 written earlier (for a length or checksum known only at the end). */
  patchU32(at: number, value: number): void {
    this.#view.setUint32(at, value);
  }

  get size(): number {
    return this.#length;
  }

  finish(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }
}

/** Reads a layout written by ByteWriter; every read past the end throws `corrupt(...)`. */
export class ByteReader {
  readonly #view: DataView;
  position: number;

  readonly #source: Uint8Array;
  readonly #what: string;
  readonly #end: number;
  constructor(source: Uint8Array, what: string, start = 0, end = source.length) {
    this.#source = source;
    this.#end = end;
    this.#what = what;
    this.#view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    this.position = start;
  }

  #take(count: number): number {
    if (this.position + count > this.#end) {
      throw corruptDataDir(`${this.#what}: truncated at byte ${this.position} (needs ${count} more)`);
    }
    const at = this.position;
    this.position += count;
    return at;
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4));
  }

  u64(): number {
    const at = this.#take(8);
    const value = this.#view.getUint32(at) * TWO_POW_32 + this.#view.getUint32(at + 4);
    if (!Number.isSafeInteger(value)) throw corruptDataDir(`${this.#what}: 64-bit field out of safe range`);
    return value;
  }

  bytes(count: number): Uint8Array {
    const at = this.#take(count);
    return this.#source.subarray(at, at + count);
  }

  get remaining(): number {
    return this.#end - this.position;
  }
}

/** The error a node gives when it refuses to start on corrupt or missing Raft state. */
export function corruptDataDir(message: string, cause?: unknown): RillError {
  return new RillError(
    "INVALID_DATA_DIR",
    `raft storage: ${message}`,
    cause === undefined ? undefined : { cause },
  );
}
