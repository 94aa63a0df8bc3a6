import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  crc32c,
  crc32cSlicingBy8,
  crc32cUpdate,
  encodeRecordBatch,
  isRillError,
  iterateRecordBatches,
  RECORD_BATCH_HEADER_BYTES,
  RECORD_BATCH_LOG_OVERHEAD,
  readRecordBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
  validateRecordBatch,
} from "../src/index.js";

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

function sampleBatch(): Uint8Array {
  return encodeRecordBatch({
    records: [
      { key: bytesOf("k1"), value: bytesOf("v1"), timestamp: 1_700_000_000_000 },
      { key: null, value: bytesOf("v2"), timestamp: 1_700_000_000_005, headers: [{ key: "h", value: null }] },
      { key: bytesOf("k3"), value: null, timestamp: 1_700_000_000_002 },
    ],
    producerId: 42,
    producerEpoch: 3,
    baseSequence: 7,
    isTransactional: true,
  });
}

function expectCorrupt(action: () => unknown): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(isRillError(thrown, "CORRUPT_MESSAGE"), String(thrown)).toBe(true);
}

describe("crc32c", () => {
  it("matches the standard check value and RFC 3720 vectors", () => {
    expect(crc32c(bytesOf("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(new Uint8Array(32).map((_, index) => index))).toBe(0x46dd794e);
    expect(crc32c(new Uint8Array(32).map((_, index) => 31 - index))).toBe(0x113fdb5c);
  });

  it("agrees between the native path, the JS path and chained updates, at every size", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), (bytes, cut) => {
        const split = bytes.length === 0 ? 0 : cut % bytes.length;
        const whole = crc32c(bytes);
        expect(crc32cSlicingBy8(0, bytes, 0, bytes.length)).toBe(whole);
        expect(crc32cUpdate(crc32cUpdate(0, bytes, 0, split), bytes, split, bytes.length)).toBe(whole);
        expect(crc32cUpdate(crc32cSlicingBy8(0, bytes, 0, split), bytes, split)).toBe(whole);
      }),
      { numRuns: 300 },
    );
    const large = new Uint8Array(100_000).map((_, index) => (index * 2654435761) >>> 24);
    expect(crc32c(large, 7, 90_001)).toBe(crc32cSlicingBy8(0, large, 7, 90_001));
  });

  it("honours start and end", () => {
    const bytes = bytesOf("xx123456789yy");
    expect(crc32c(bytes, 2, 11)).toBe(0xe3069283);
    expect(crc32c(bytes, 3, 3)).toBe(0);
  });
});

describe("record batch header view", () => {
  it("reads every header field", () => {
    const batch = sampleBatch();
    const header = validateRecordBatch(batch);
    expect(header).toMatchObject({
      baseOffset: 0,
      batchLength: batch.length - RECORD_BATCH_LOG_OVERHEAD,
      partitionLeaderEpoch: -1,
      magic: 2,
      compression: "none",
      timestampType: "create",
      isTransactional: true,
      isControl: false,
      lastOffsetDelta: 2,
      baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_005,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 7,
      recordCount: 3,
      sizeInBytes: batch.length,
      lastOffset: 2,
    });
    expect(readRecordBatchHeader(batch)).toEqual(header);
  });

  it("stamps baseOffset and partitionLeaderEpoch in place and the CRC stays valid", () => {
    const batch = sampleBatch();
    const crcBefore = validateRecordBatch(batch).crc;
    setBaseOffset(batch, 0, 2 ** 53 - 100);
    setPartitionLeaderEpoch(batch, 0, 17);
    const header = validateRecordBatch(batch);
    expect(header.baseOffset).toBe(2 ** 53 - 100);
    expect(header.lastOffset).toBe(2 ** 53 - 98);
    expect(header.partitionLeaderEpoch).toBe(17);
    expect(header.crc).toBe(crcBefore);
  });

  it("detects a flip of any single bit covered by the CRC or the length", () => {
    const batch = sampleBatch();
    for (let byteIndex = 8; byteIndex < batch.length; byteIndex++) {
      if (byteIndex >= 12 && byteIndex < 16) continue; // partitionLeaderEpoch is not covered, by design
      for (let bit = 0; bit < 8; bit++) {
        const copy = batch.slice();
        copy[byteIndex] = (copy[byteIndex] as number) ^ (1 << bit);
        expectCorrupt(() => validateRecordBatch(copy));
      }
    }
  });

  it("rejects a short buffer, wrong magic, impossible batchLength and an unknown codec", () => {
    const batch = sampleBatch();
    expectCorrupt(() => readRecordBatchHeader(batch.subarray(0, RECORD_BATCH_HEADER_BYTES - 1)));
    expectCorrupt(() => validateRecordBatch(batch.subarray(0, batch.length - 1)));
    const wrongMagic = batch.slice();
    wrongMagic[16] = 1;
    expectCorrupt(() => readRecordBatchHeader(wrongMagic));
    const shortLength = batch.slice();
    new DataView(shortLength.buffer).setInt32(8, 48);
    expectCorrupt(() => readRecordBatchHeader(shortLength));
    const negativeLength = batch.slice();
    new DataView(negativeLength.buffer).setInt32(8, -1);
    expectCorrupt(() => readRecordBatchHeader(negativeLength));
    const unknownCodec = batch.slice();
    unknownCodec[22] = ((unknownCodec[22] as number) & ~7) | 6;
    expectCorrupt(() => readRecordBatchHeader(unknownCodec));
  });

  it("rejects int64 fields outside the safe-integer range", () => {
    for (const fieldPosition of [0, 27, 35, 43]) {
      const batch = sampleBatch();
      new DataView(batch.buffer).setBigInt64(fieldPosition, 2n ** 60n);
      expectCorrupt(() => readRecordBatchHeader(batch));
    }
  });

  it("iterates concatenated batches and reports where a corrupt one starts", () => {
    const first = sampleBatch();
    const second = encodeRecordBatch({
      records: [{ key: null, value: bytesOf("x"), timestamp: 5 }],
      baseOffset: 3,
    });
    const joined = new Uint8Array(first.length + second.length);
    joined.set(first, 0);
    joined.set(second, first.length);
    expect([...iterateRecordBatches(joined)].map((header) => header.baseOffset)).toEqual([0, 3]);

    const truncated = joined.subarray(0, joined.length - 1);
    const seen: number[] = [];
    let thrown: unknown;
    try {
      for (const header of iterateRecordBatches(truncated)) seen.push(header.baseOffset);
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual([0]);
    expect(isRillError(thrown, "CORRUPT_MESSAGE")).toBe(true);
    expect((thrown as { details: { position: number } }).details.position).toBe(first.length);

    const unsafeSecond = joined.slice();
    new DataView(unsafeSecond.buffer).setBigInt64(first.length + 27, 2n ** 60n); // baseTimestamp
    const positions: unknown[] = [];
    try {
      for (const _header of iterateRecordBatches(unsafeSecond));
    } catch (error) {
      positions.push((error as { details: { position: number } }).details.position);
    }
    expect(positions).toEqual([first.length]);
  });
});
