/**
 * The protobuf wire encoding of the scalar kinds Rill's record-carrying messages use, written by
 * hand into one preallocated buffer: callers size a message first (`*Size`), then write it. Field
 * values equal to their proto3 default are left out, as proto3 encoders do.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

/** Bytes of a varint: non-negative safe integers; negatives are 10 (sign-extended to 64 bits). */
export function varintSize(value: number): number {
  if (value < 0) return 10;
  let size = 1;
  let rest = value;
  while (rest >= 0x80) {
    rest = Math.floor(rest / 0x80);
    size += 1;
  }
  return size;
}

export class ProtobufWriter {
  readonly buffer: Buffer;
  position = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  varint(value: number): void {
    if (value < 0) {
      let rest = BigInt.asUintN(64, BigInt(value));
      for (let index = 0; index < 9; index += 1) {
        this.buffer[this.position++] = Number(rest & 0x7fn) | 0x80;
        rest >>= 7n;
      }
      this.buffer[this.position++] = Number(rest);
      return;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.position++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.position++] = rest;
  }

  /** An int32/int64 field (as a JS safe integer); nothing for 0. */
  integerField(fieldNumber: number, value: number): void {
    if (value === 0) return;
    this.varint(fieldNumber * 8 + WIRE_VARINT);
    this.varint(value);
  }

  /** A string field (UTF-8); nothing for "". */
  stringField(fieldNumber: number, value: string): void {
    if (value === "") return;
    this.varint(fieldNumber * 8 + WIRE_LENGTH_DELIMITED);
    const length = Buffer.byteLength(value);
    this.varint(length);
    this.position += this.buffer.write(value, this.position, length, "utf8");
  }

  /** A bytes field whose value is `chunks` one after another; nothing when empty. */
  bytesField(fieldNumber: number, chunks: readonly Uint8Array[], byteLength: number): void {
    if (byteLength === 0) return;
    this.varint(fieldNumber * 8 + WIRE_LENGTH_DELIMITED);
    this.varint(byteLength);
    for (const chunk of chunks) {
      this.buffer.set(chunk, this.position);
      this.position += chunk.length;
    }
  }

  /** The header of an embedded message of `size` bytes; its fields follow. */
  messageHeader(fieldNumber: number, size: number): void {
    this.varint(fieldNumber * 8 + WIRE_LENGTH_DELIMITED);
    this.varint(size);
  }
}

/** Size of an integer field as `integerField` writes it. */
export function integerFieldSize(fieldNumber: number, value: number): number {
  return value === 0 ? 0 : varintSize(fieldNumber * 8) + varintSize(value);
}

/** Size of a string field as `stringField` writes it. */
export function stringFieldSize(fieldNumber: number, value: string): number {
  if (value === "") return 0;
  const length = Buffer.byteLength(value);
  return varintSize(fieldNumber * 8) + varintSize(length) + length;
}

/** Size of a bytes field or embedded message of `length` bytes (bytes fields: 0 when empty). */
export function lengthDelimitedFieldSize(fieldNumber: number, length: number): number {
  return varintSize(fieldNumber * 8) + varintSize(length) + length;
}
