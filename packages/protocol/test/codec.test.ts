import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMPRESSION_CODECS,
  type CompressionCodec,
  compress,
  crc32c,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  decodeRecordBatch,
  decompress,
  encodeRecordBatch,
  type RecordInput,
  validateRecordBatch,
} from "../src/index.js";
import { expectCorrupt, utf8 } from "./support.js";

const headerArbitrary = fc.record({
  key: fc.string({ maxLength: 20 }),
  value: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
});
const recordArbitrary: fc.Arbitrary<RecordInput> = fc.record({
  key: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
  value: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }),
  headers: fc.array(headerArbitrary, { maxLength: 4 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
});

/** Compares records field by field without deep-equality overhead (large batches stay fast). */
function expectRecordsEqual(
  decoded: ReturnType<typeof decodeRecordBatch>,
  records: readonly RecordInput[],
): void {
  expect(decoded.records.length).toBe(records.length);
  const mismatches: number[] = [];
  decoded.records.forEach((record, index) => {
    const input = records[index] as RecordInput;
    const headers = input.headers ?? [];
    const same =
      record.offset === decoded.baseOffset + index &&
      record.timestamp === input.timestamp &&
      bytesEqual(record.key, input.key) &&
      bytesEqual(record.value, input.value) &&
      record.headers.length === headers.length &&
      record.headers.every(
        (header, position) =>
          header.key === headers[position]?.key && bytesEqual(header.value, headers[position]?.value ?? null),
      );
    if (!same) mismatches.push(index);
  });
  expect(mismatches).toEqual([]);
}

function bytesEqual(left: Uint8Array | null, right: Uint8Array | null): boolean {
  if (left === null || right === null) return left === right;
  return Buffer.compare(left, right) === 0;
}

describe("record batch codec", () => {
  for (const codec of COMPRESSION_CODECS) {
    it(`round-trips records and batch fields with ${codec}`, () => {
      fc.assert(
        fc.property(
          fc.array(recordArbitrary, { maxLength: 30 }),
          fc.record({
            baseOffset: fc.maxSafeNat(),
            partitionLeaderEpoch: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
            producerId: fc.integer({ min: -1, max: 2 ** 40 }),
            producerEpoch: fc.integer({ min: -1, max: 32767 }),
            baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
            isTransactional: fc.boolean(),
            isControl: fc.boolean(),
          }),
          (records, fields) => {
            fc.pre(fields.baseOffset + records.length <= Number.MAX_SAFE_INTEGER);
            const bytes = encodeRecordBatch({ ...fields, records, compression: codec });
            const decoded = decodeRecordBatch(bytes);
            expect(decoded).toMatchObject({
              ...fields,
              compression: codec,
              timestampType: "create",
              magic: 2,
            });
            expect(decoded.recordCount).toBe(records.length);
            expect(decoded.lastOffsetDelta).toBe(records.length - 1);
            expect(decoded.sizeInBytes).toBe(bytes.length);
            if (records.length > 0) {
              const timestamps = records.map((record) => record.timestamp as number);
              expect(decoded.baseTimestamp).toBe(timestamps[0]);
              expect(decoded.maxTimestamp).toBe(Math.max(...timestamps));
            }
            expectRecordsEqual(decoded, records);
          },
        ),
        { numRuns: 150 },
      );
    });

    it(`round-trips a large batch (20,000 records, ~2.4 MB) with ${codec}`, () => {
      const records: RecordInput[] = Array.from({ length: 20_000 }, (_, index) => ({
        key: index % 7 === 0 ? null : utf8(`key-${index}`),
        value: index % 11 === 0 ? null : new Uint8Array(100).map((_, byte) => (index * 31 + byte) & 0xff),
        headers: index % 5 === 0 ? [{ key: "trace", value: utf8(String(index)) }] : [],
        timestamp: 1_700_000_000_000 + (index % 1000),
      }));
      const decoded = decodeRecordBatch(
        encodeRecordBatch({ records, compression: codec, baseOffset: 1_000_000 }),
      );
      expectRecordsEqual(decoded, records);
    });
  }

  it("encodes Kafka's header bytes exactly for a known batch", () => {
    const bytes = encodeRecordBatch({
      records: [{ key: null, value: utf8("a"), timestamp: 10 }],
      baseOffset: 5,
      partitionLeaderEpoch: 2,
    });
    // baseOffset, batchLength, epoch, magic, then (after the CRC) attributes..recordCount.
    expect([...bytes.subarray(0, 17)]).toEqual([0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 57, 0, 0, 0, 2, 2]);
    expect([...bytes.subarray(21, 61)]).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 10, 255, 255, 255, 255, 255, 255, 255,
      255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 1,
    ]);
    // length 7, attributes 0, timestampDelta 0, offsetDelta 0, key null (-1), value length 1, "a", 0 headers.
    expect([...bytes.subarray(61)]).toEqual([14, 0, 0, 0, 1, 2, 97, 0]);
  });

  it("keeps header keys that name Object.prototype members, in order, repeated", () => {
    const headers = [
      { key: "__proto__", value: utf8("a") },
      { key: "constructor", value: null },
      { key: "__proto__", value: utf8("b") },
    ];
    const decoded = decodeRecordBatch(encodeRecordBatch({ records: [{ key: null, value: null, headers }] }));
    expect(decoded.records[0]?.headers).toEqual(headers);
  });

  it("encodes an empty batch (legal after compaction) and decodes it", () => {
    for (const codec of COMPRESSION_CODECS) {
      const decoded = decodeRecordBatch(encodeRecordBatch({ records: [], compression: codec }));
      expect(decoded.records).toEqual([]);
      expect(decoded.recordCount).toBe(0);
      expect(decoded.lastOffsetDelta).toBe(-1);
    }
  });

  it("takes missing timestamps from the injected clock and honours log-append time", () => {
    const created = decodeRecordBatch(
      encodeRecordBatch({
        records: [
          { key: null, value: null },
          { key: null, value: null, timestamp: 7 },
        ],
        now: () => 99,
      }),
    );
    expect(created.records.map((record) => record.timestamp)).toEqual([99, 7]);
    const appended = decodeRecordBatch(
      encodeRecordBatch({ records: [{ key: null, value: null, timestamp: 5 }], timestampType: "log-append" }),
    );
    expect(appended.timestampType).toBe("log-append");
    expect(appended.records[0]?.timestamp).toBe(appended.maxTimestamp);
  });

  it("rejects invalid input as a caller error (RangeError)", () => {
    expect(() => encodeRecordBatch({ records: [], baseOffset: 2 ** 53 })).toThrow(RangeError);
    expect(() => encodeRecordBatch({ records: [{ key: null, value: null, timestamp: 1.5 }] })).toThrow(
      RangeError,
    );
    expect(() => encodeRecordBatch({ records: [], producerEpoch: 40_000 })).toThrow(RangeError);
  });

  it("rejects a batch whose record section disagrees with its header", () => {
    const bytes = encodeRecordBatch({ records: [{ key: null, value: utf8("abc"), timestamp: 1 }] });
    // recordCount 2 with one record inside: re-stamp the count and fix the CRC so only the count lies.
    const lying = bytes.slice();
    new DataView(lying.buffer).setInt32(57, 2);
    new DataView(lying.buffer).setInt32(23, 1);
    restampCrc(lying);
    expect(() => validateRecordBatch(lying)).not.toThrow();
    expectCorrupt(() => decodeRecordBatch(lying));
  });
});

function restampCrc(bytes: Uint8Array): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(17, crc32c(bytes, 21, bytes.length));
}

describe("compression framing and the decompressed-size cap", () => {
  const sample = new Uint8Array(200_000).map((_, index) => (index * 7) % 251);

  it("round-trips every codec and stops a compression bomb at the cap", () => {
    const bomb = new Uint8Array(4 * 1024 * 1024); // 4 MiB of zeros compresses to a few KiB
    for (const codec of ["gzip", "snappy", "lz4", "zstd"] as CompressionCodec[]) {
      expect(
        bytesEqual(decompress(codec, compress(codec, sample), DEFAULT_MAX_DECOMPRESSED_BYTES), sample),
      ).toBe(true);
      const compressed = compress(codec, bomb);
      expect(compressed.length).toBeLessThan(bomb.length / 10);
      expectCorrupt(() => decompress(codec, compressed, 1024 * 1024));
      expect(decompress(codec, compressed, bomb.length).length).toBe(bomb.length);
    }
  });

  it("applies the cap in decodeRecordBatch", () => {
    const records = [{ key: null, value: new Uint8Array(1_000_000), timestamp: 1 }];
    for (const codec of ["gzip", "snappy", "lz4", "zstd"] as CompressionCodec[]) {
      const bytes = encodeRecordBatch({ records, compression: codec });
      expectCorrupt(() => decodeRecordBatch(bytes, { maxDecompressedBytes: 500_000 }));
      expect(decodeRecordBatch(bytes).records[0]?.value?.length).toBe(1_000_000);
    }
  });

  it("writes xerial-framed snappy and reads both xerial and raw snappy", async () => {
    const framed = compress("snappy", sample);
    expect([...framed.subarray(0, 8)]).toEqual([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
    const snappyjs = await import("snappyjs");
    expect(
      bytesEqual(decompress("snappy", snappyjs.compress(sample), DEFAULT_MAX_DECOMPRESSED_BYTES), sample),
    ).toBe(true);
  });

  it("writes Kafka's LZ4 frame header (KIP-57: independent 64 KiB blocks, correct checksum)", () => {
    const frame = compress("lz4", sample);
    expect([...frame.subarray(0, 6)]).toEqual([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40]);
  });
});
