/**
 * The broker-edge validator (batch-validator.ts): what our own encoder writes always passes;
 * every poison batch a producer could send (a CRC recomputed over bad contents) is refused with
 * a typed error; and no mutation makes the validator throw anything else, or pass a batch that a
 * consumer's decoder then fails on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMPRESSION_CODECS,
  decodeRecordBatch,
  encodeRecordBatch,
  isRillError,
  type RecordInput,
  stampLogAppendTime,
  validateProducedBatches,
  validateReplicatedBatches,
} from "../src/index.js";
import {
  badVarintBatch,
  batchOf,
  gzipAttributeOverPlainRecords,
  negativeLengthBatch,
  recomputeCrc,
  recordCountMismatchBatch,
  withPayload,
  zstdRleBomb,
} from "./poison-batches.js";

const LIMITS = { maxBatchBytes: 1024 * 1024 };
const ZSTD_BOMB_BYTES = 200 * 1024 * 1024;

const recordArbitrary: fc.Arbitrary<RecordInput> = fc.record({
  key: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
  value: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }),
  headers: fc.array(
    fc.record({
      key: fc.string({ maxLength: 20 }),
      value: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
});
const codecArbitrary = fc.constantFrom(...COMPRESSION_CODECS);

/** The error name `action` threw (a RillError), or "accepted". */
function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isRillError(error)) return error.errorName;
    throw error;
  }
  return "accepted";
}

describe("validateProducedBatches", () => {
  it("accepts every batch our encoder writes, with every codec, and returns each batch's position", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(recordArbitrary, { minLength: 1, maxLength: 20 }), codecArbitrary), {
          minLength: 1,
          maxLength: 3,
        }),
        (specs) => {
          const encoded = specs.map(([records, compression]) => encodeRecordBatch({ records, compression }));
          const bytes = Buffer.concat(encoded);
          const validated = validateProducedBatches(bytes, LIMITS);
          expect(validated.batches.map((batch) => batch.position)).toEqual(
            encoded.map((_, index) => encoded.slice(0, index).reduce((sum, batch) => sum + batch.length, 0)),
          );
          expect(validated.batches.map((batch) => batch.header.recordCount)).toEqual(
            specs.map(([records]) => records.length),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never throws anything but a RillError on a mutated batch, and what it accepts decodes fully", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(recordArbitrary, { minLength: 1, maxLength: 10 }),
        codecArbitrary,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (records, compression, mutations) => {
          const batch = encodeRecordBatch({ records, compression });
          for (const [at, value] of mutations) batch[21 + (at % (batch.length - 21))] = value;
          recomputeCrc(batch);
          let validated: ReturnType<typeof validateProducedBatches>;
          try {
            validated = validateProducedBatches(batch, { ...LIMITS, maxDecompressedBytes: 1024 * 1024 });
          } catch (error) {
            expect(isRillError(error), String(error)).toBe(true);
            refused++;
            return;
          }
          accepted++;
          const header = validated.batches[0]?.header;
          const decoded = decodeRecordBatch(batch, { maxDecompressedBytes: 1024 * 1024 });
          expect(decoded.records.length).toBe(header?.recordCount);
        },
      ),
      { numRuns: 2000 },
    );
    expect(refused).toBeGreaterThan(0);
    expect(accepted + refused).toBe(2000);
  });

  it("refuses a gzip attribute over a payload that is not gzip (CRC recomputed)", () => {
    expect(refusal(() => validateProducedBatches(gzipAttributeOverPlainRecords(), LIMITS))).toBe(
      "CORRUPT_MESSAGE",
    );
  });

  it("refuses a zstd bomb that streams 200 MiB from a few KB, stopping at the cap", () => {
    const bomb = zstdRleBomb(ZSTD_BOMB_BYTES);
    expect(bomb.length).toBeLessThan(8 * 1024);
    const poison = withPayload("zstd", bomb, 1);
    expect(
      refusal(() => validateProducedBatches(poison, { ...LIMITS, maxDecompressedBytes: 4 * 1024 * 1024 })),
    ).toBe("CORRUPT_MESSAGE");
  });

  it("refuses a zstd frame declaring 200 MiB before decoding anything", () => {
    const frame = zstdRleBomb(ZSTD_BOMB_BYTES);
    // The same blocks under a header that declares the content size (4-byte field).
    const declared = new Uint8Array(frame.length + 4);
    declared.set([0x28, 0xb5, 0x2f, 0xfd, 0x80, 0x38]);
    new DataView(declared.buffer).setUint32(6, ZSTD_BOMB_BYTES, true);
    declared.set(frame.subarray(6), 10);
    expect(refusal(() => validateProducedBatches(withPayload("zstd", declared, 1), LIMITS))).toBe(
      "CORRUPT_MESSAGE",
    );
  });

  it("refuses bad varints inside a valid CRC", () => {
    expect(refusal(() => validateProducedBatches(badVarintBatch(), LIMITS))).toBe("CORRUPT_MESSAGE");
  });

  it("refuses a record count that does not match the records after decompression", () => {
    for (const compression of ["gzip", "zstd", "lz4", "snappy"] as const) {
      expect(refusal(() => validateProducedBatches(recordCountMismatchBatch(compression), LIMITS))).toBe(
        "CORRUPT_MESSAGE",
      );
    }
  });

  it("refuses negative key and value lengths", () => {
    for (const field of ["key", "value"] as const) {
      expect(refusal(() => validateProducedBatches(negativeLengthBatch(field), LIMITS))).toBe(
        "CORRUPT_MESSAGE",
      );
    }
  });

  it("refuses trailing bytes after the last record, and offset deltas out of order", () => {
    const trailing = withPayload("none", new Uint8Array([...batchOf(1).subarray(61), 0]), 1);
    expect(refusal(() => validateProducedBatches(trailing, LIMITS))).toBe("CORRUPT_MESSAGE");
    const batch = batchOf(2);
    const secondRecord = 61 + 1 + (batch[61] as number) / 2;
    batch[secondRecord + 3] = 4; // offsetDelta 2 where 1 belongs (length, attributes, ts delta 1)
    expect(refusal(() => validateProducedBatches(recomputeCrc(batch), LIMITS))).toBe("CORRUPT_MESSAGE");
  });

  it("refuses a maxTimestamp that is not the largest record timestamp", () => {
    const batch = batchOf(3);
    new DataView(batch.buffer, batch.byteOffset).setBigInt64(35, 1_700_000_000_999n);
    expect(refusal(() => validateProducedBatches(recomputeCrc(batch), LIMITS))).toBe("CORRUPT_MESSAGE");
  });

  it("refuses keyless records only when keys are required, as INVALID_RECORD", () => {
    for (const compression of ["none", "zstd"] as const) {
      const keyless = batchOf(2, compression, null);
      expect(refusal(() => validateProducedBatches(keyless, LIMITS))).toBe("accepted");
      expect(refusal(() => validateProducedBatches(keyless, { ...LIMITS, requireKeys: true }))).toBe(
        "INVALID_RECORD",
      );
    }
  });

  it("refuses an oversized batch, an empty request, and names the batch at fault", () => {
    const bytes = Buffer.concat([batchOf(1), batchOf(50)]);
    let error: unknown;
    try {
      validateProducedBatches(bytes, { maxBatchBytes: 500 });
    } catch (caught) {
      error = caught;
    }
    expect(isRillError(error, "MESSAGE_TOO_LARGE")).toBe(true);
    expect(isRillError(error) && error.details.batchIndex).toBe(1);
    expect(refusal(() => validateProducedBatches(new Uint8Array(0), LIMITS))).toBe("INVALID_RECORD");
  });
});

describe("validateReplicatedBatches", () => {
  it("checks each header and CRC once, without walking records", () => {
    const bytes = Buffer.concat([batchOf(2), batchOf(3, "gzip")]);
    expect(validateReplicatedBatches(bytes).batches.map((batch) => batch.header.recordCount)).toEqual([2, 3]);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(refusal(() => validateReplicatedBatches(bytes))).toBe("CORRUPT_MESSAGE");
  });
});

describe("stampLogAppendTime", () => {
  it("gives every record the append time, marks the batch LogAppendTime and keeps the CRC valid", () => {
    const bytes = Buffer.concat([batchOf(2), batchOf(3, "lz4")]);
    const stamped = stampLogAppendTime(validateProducedBatches(bytes, LIMITS), 1_800_000_000_123);
    const again = validateReplicatedBatches(bytes);
    for (const { position, header } of again.batches) {
      expect(header.timestampType).toBe("log-append");
      expect(header.maxTimestamp).toBe(1_800_000_000_123);
      const decoded = decodeRecordBatch(bytes, { position });
      expect(decoded.records.every((record) => record.timestamp === 1_800_000_000_123)).toBe(true);
    }
    expect(stamped.batches.map((batch) => batch.header)).toEqual(again.batches.map((batch) => batch.header));
  });
});
