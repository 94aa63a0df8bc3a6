import {
  COMPRESSION_CODECS,
  crc32c,
  decodeRecordBatch,
  encodeRecordBatch,
  RECORD_BATCH_HEADER_BYTES,
  type RecordInput,
  RillError,
} from "@rill/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lazyRecordsFrom, readFetchedBatches } from "../src/records/lazy-records.js";

const partition = { topic: "t", partition: 3 };

const bytesOrNull = fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null });
const recordInput = fc.record({
  key: bytesOrNull,
  value: bytesOrNull,
  headers: fc.array(fc.record({ key: fc.string({ maxLength: 8 }), value: bytesOrNull }), { maxLength: 3 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 41 }),
});

/** The batches concatenated as a fetch answer carries them, offsets following on. */
function fetchAnswer(batches: { records: RecordInput[]; compression: string }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let baseOffset = 0;
  for (const batch of batches) {
    parts.push(
      encodeRecordBatch({
        records: batch.records,
        baseOffset,
        compression: batch.compression as (typeof COMPRESSION_CODECS)[number],
      }),
    );
    baseOffset += batch.records.length;
  }
  return Buffer.concat(parts);
}

describe("lazy consumer records", () => {
  it("read the same fields as the protocol decoder, from any offset, whatever is read first", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            records: fc.array(recordInput, { minLength: 1, maxLength: 6 }),
            compression: fc.constantFrom(...COMPRESSION_CODECS),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.nat({ max: 30 }),
        fc.boolean(),
        (batches, fromOffset, headersFirst) => {
          const bytes = fetchAnswer(batches);
          const expected = readFetchedBatches(bytes)
            .flatMap(({ position }) => decodeRecordBatch(bytes, { position }).records)
            .filter((record) => record.offset >= fromOffset);
          const lazy = lazyRecordsFrom(partition, bytes, readFetchedBatches(bytes), fromOffset);
          expect(lazy.map((record) => record.offset)).toEqual(expected.map((record) => record.offset));
          for (const [index, record] of lazy.entries()) {
            const want = expected[index];
            if (headersFirst) expect(record.headers).toEqual(want?.headers);
            expect(record.topic).toBe("t");
            expect(record.partition).toBe(3);
            expect(record.timestamp).toBe(want?.timestamp);
            expect(record.key === null ? null : [...record.key]).toEqual(
              want?.key === null ? null : [...(want?.key ?? [])],
            );
            expect(record.value === null ? null : [...record.value]).toEqual(
              want?.value === null ? null : [...(want?.value ?? [])],
            );
            if (!headersFirst) expect(record.headers).toEqual(want?.headers);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("give the same view on every read, and every field to JSON", () => {
    const bytes = fetchAnswer([
      {
        records: [{ key: null, value: new Uint8Array([1, 2]), headers: [], timestamp: 5 }],
        compression: "none",
      },
    ]);
    const [record] = lazyRecordsFrom(partition, bytes, readFetchedBatches(bytes), 0);
    expect(record?.value).toBe(record?.value);
    expect(record?.headers).toBe(record?.headers);
    expect(JSON.parse(JSON.stringify(record))).toEqual({
      topic: "t",
      partition: 3,
      offset: 0,
      key: null,
      value: JSON.parse(JSON.stringify(Buffer.from([1, 2]))),
      headers: [],
      timestamp: 5,
    });
  });

  it("refuse a batch whose record framing is corrupt (CRC intact) with CORRUPT_MESSAGE, handing out nothing", () => {
    const good = encodeRecordBatch({ records: [{ key: null, value: new Uint8Array([7]), timestamp: 1 }] });
    const bad = encodeRecordBatch({
      records: [{ key: null, value: new Uint8Array([7, 7, 7]), timestamp: 1 }],
      baseOffset: 1,
    });
    // The second record's value length says 60 bytes (zig-zag 120) where 3 follow; the CRC is
    // recomputed, so only the walk over the records can tell.
    const valueLengthAt = RECORD_BATCH_HEADER_BYTES + 5;
    expect(bad[valueLengthAt]).toBe(6);
    bad[valueLengthAt] = 120;
    new DataView(bad.buffer, bad.byteOffset).setUint32(17, crc32c(bad, 21, bad.length));
    const bytes = Buffer.concat([good, bad]);
    const batches = readFetchedBatches(bytes);
    expect(batches).toHaveLength(2);
    let thrown: unknown;
    try {
      lazyRecordsFrom(partition, bytes, batches, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RillError);
    expect((thrown as RillError).errorName).toBe("CORRUPT_MESSAGE");
  });

  it("leave out a partial batch at the end and skip control batches", () => {
    const whole = encodeRecordBatch({ records: [{ key: null, value: null, timestamp: 1 }] });
    const control = encodeRecordBatch({
      records: [{ key: new Uint8Array(4), value: new Uint8Array(6), timestamp: 1 }],
      baseOffset: 1,
      isControl: true,
    });
    const cut = encodeRecordBatch({ records: [{ key: null, value: null, timestamp: 1 }], baseOffset: 2 });
    const bytes = Buffer.concat([whole, control, cut.subarray(0, cut.length - 1)]);
    const batches = readFetchedBatches(bytes);
    expect(batches.map((batch) => batch.header.baseOffset)).toEqual([0, 1]);
    expect(lazyRecordsFrom(partition, bytes, batches, 0).map((record) => record.offset)).toEqual([0]);
  });
});
