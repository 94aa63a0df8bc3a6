import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader, sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from "../src/index.js";
import { expectCorrupt } from "./support.js";

const encodeVarint = (value: number): number[] => {
  const bytes = new Uint8Array(5);
  return [...bytes.subarray(0, writeVarint(bytes, 0, value))];
};
const encodeVarlong = (value: number): number[] => {
  const bytes = new Uint8Array(10);
  return [...bytes.subarray(0, writeVarlong(bytes, 0, value))];
};
const reader = (bytes: number[]): ByteReader => new ByteReader(Uint8Array.from(bytes), 0, bytes.length);

describe("zig-zag varints", () => {
  it("encodes the known values (protobuf/Kafka ByteUtils)", () => {
    expect(encodeVarint(0)).toEqual([0x00]);
    expect(encodeVarint(-1)).toEqual([0x01]);
    expect(encodeVarint(1)).toEqual([0x02]);
    expect(encodeVarint(63)).toEqual([0x7e]);
    expect(encodeVarint(-64)).toEqual([0x7f]);
    expect(encodeVarint(64)).toEqual([0x80, 0x01]);
    expect(encodeVarint(300)).toEqual([0xd8, 0x04]);
    expect(encodeVarint(2147483647)).toEqual([0xfe, 0xff, 0xff, 0xff, 0x0f]);
    expect(encodeVarint(-2147483648)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(encodeVarlong(2 ** 31)).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]);
    expect(encodeVarlong(Number.MAX_SAFE_INTEGER)).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]);
    expect(encodeVarlong(Number.MIN_SAFE_INTEGER)).toEqual([0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]);
  });

  it("round-trips every int32 as a varint, with the size it predicts", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (value) => {
        const bytes = encodeVarint(value);
        expect(bytes.length).toBe(sizeOfVarint(value));
        const read = reader(bytes);
        expect(read.readVarint()).toBe(value);
        expect(read.position).toBe(bytes.length);
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips every safe integer as a varlong, with the size it predicts", () => {
    const safe = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0, -1, 2 ** 31, -(2 ** 31) - 1),
      fc.maxSafeNat().map((value) => (value === 0 ? 0 : -value)),
    );
    fc.assert(
      fc.property(safe, (value) => {
        const bytes = encodeVarlong(value);
        expect(bytes.length).toBe(sizeOfVarlong(value));
        const read = reader(bytes);
        expect(read.readVarlong()).toBe(value);
        expect(read.position).toBe(bytes.length);
      }),
      { numRuns: 5000 },
    );
  });

  it("accepts non-canonical encodings within the length limit, as Kafka does", () => {
    expect(reader([0x80, 0x00]).readVarint()).toBe(0);
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).readVarlong()).toBe(0);
  });

  it("rejects overlong, overflowing and truncated encodings as CORRUPT_MESSAGE", () => {
    expectCorrupt(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).readVarint());
    expectCorrupt(() => reader([0xff, 0xff, 0xff, 0xff, 0x1f]).readVarint());
    expectCorrupt(() =>
      reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).readVarlong(),
    );
    // 2^54: one past what zig-zag can map into the safe range.
    expectCorrupt(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]).readVarlong());
    expectCorrupt(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).readVarlong());
    expectCorrupt(() => reader([0x80]).readVarint());
    expectCorrupt(() => reader([0x80, 0x80]).readVarlong());
    expectCorrupt(() => reader([]).readVarint());
  });
});
