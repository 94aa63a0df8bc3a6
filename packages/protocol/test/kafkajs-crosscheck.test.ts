/**
 * Cross-checks against an independent implementation: kafkajs 2.2.4's RecordBatch encoder and
 * decoder (src/protocol/recordBatch). Batches we encode must decode with kafkajs, and batches
 * kafkajs encodes must decode with ours, for every codec, with headers, null keys/values and
 * large batches.
 *
 * kafkajs ships only gzip; the other codecs are plugins:
 * - snappy: kafkajs-snappy (snappyjs; it writes raw snappy and reads xerial), the usual plugin;
 * - lz4: a codec over lz4-napi (Rust lz4_flex, a prebuilt npm binary), independent of both lz4js
 *   and our block decoder; kafkajs-lz4 needs node-gyp to build the `lz4` addon, so it is not used;
 * - zstd: a codec over @bokuweb/zstd-wasm's compress and decompress (the reference C library);
 *   @kafkajs/zstd needs a native build (cppzst), so it is not used. Our zstd compression uses the
 *   same wasm library, so for zstd the independent parts are kafkajs's framing and our fzstd-based
 *   decoder reading the wasm library's frames.
 */
import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import { compress as zstdCompress, decompress as zstdDecompress } from "@bokuweb/zstd-wasm";
import fc from "fast-check";
import { compressFrameSync, decompressFrameSync } from "lz4-napi";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CompressionCodec,
  compressionCodecId,
  type DecodedRecordBatch,
  decodeRecordBatch,
  encodeRecordBatch,
  type RecordHeader,
  type RecordInput,
} from "../src/index.js";

const require = createRequire(import.meta.url);

interface KafkajsEncoder {
  buffer: Buffer;
}
interface KafkajsCodec {
  compress(encoder: KafkajsEncoder): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
interface KafkajsRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
}
interface KafkajsBatch {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  lastOffsetDelta: number;
  records: KafkajsRecord[];
}
type LongFactory = { fromValue(value: number | string): unknown };

const kafkajs = require("kafkajs") as {
  CompressionTypes: Record<string, number>;
  CompressionCodecs: Record<number, () => KafkajsCodec>;
};
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0/index.js") as {
  RecordBatch: (input: Record<string, unknown>) => Promise<KafkajsEncoder>;
};
const KafkajsRecordEncoder = require("kafkajs/src/protocol/recordBatch/record/v0/index.js") as (
  input: Record<string, unknown>,
) => unknown;
const decodeKafkajsBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder.js") as (
  decoder: unknown,
) => Promise<KafkajsBatch>;
const KafkajsDecoder = require("kafkajs/src/protocol/decoder.js") as new (buffer: Buffer) => unknown;
const Long = require("kafkajs/src/utils/long.js") as LongFactory;
const SnappyCodec = require("kafkajs-snappy") as () => KafkajsCodec;

const CODECS: readonly CompressionCodec[] = ["none", "gzip", "snappy", "lz4", "zstd"];

beforeAll(() => {
  const types = kafkajs.CompressionTypes;
  kafkajs.CompressionCodecs[types.Snappy as number] = SnappyCodec;
  kafkajs.CompressionCodecs[types.LZ4 as number] = () => ({
    compress: async (encoder) => compressFrameSync(encoder.buffer),
    decompress: async (buffer) => decompressFrameSync(buffer),
  });
  kafkajs.CompressionCodecs[types.ZSTD as number] = () => ({
    compress: async (encoder) => Buffer.from(zstdCompress(encoder.buffer, 3)),
    decompress: async (buffer) => Buffer.from(zstdDecompress(buffer)),
  });
});

/** Headers as kafkajs's decoder groups them: key -> value, or an array for repeated keys. */
function groupHeaders(headers: readonly RecordHeader[]): Record<string, Buffer | null | (Buffer | null)[]> {
  const grouped: Record<string, Buffer | null | (Buffer | null)[]> = {};
  for (const header of headers) {
    const value = header.value === null ? null : Buffer.from(header.value);
    const existing = grouped[header.key];
    if (existing === undefined) grouped[header.key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else grouped[header.key] = [existing, value];
  }
  return grouped;
}

const asBuffer = (bytes: Uint8Array | null): Buffer | null => (bytes === null ? null : Buffer.from(bytes));

/**
 * Records with unique header keys (kafkajs takes headers as an object, so it cannot express
 * repeated keys in order). kafkajs's encoder cannot write a null header value (its size
 * computation calls Buffer.byteLength(null)), so those appear only in batches we encode.
 * kafkajs's decoder also groups headers into a plain object, so a key that names an
 * Object.prototype member ("__proto__", "constructor", ...) cannot round-trip through it; such
 * keys are left out here (our own decoder returns headers as a list and is fuzzed separately).
 */
function recordArbitrary(nullHeaderValues: boolean): fc.Arbitrary<RecordInput> {
  const headerValue = fc.uint8Array({ maxLength: 30 });
  return fc.record({
    key: fc.option(fc.uint8Array({ maxLength: 30 }), { nil: null }),
    value: fc.option(fc.uint8Array({ maxLength: 200 }), { nil: null }),
    headers: fc.uniqueArray(
      fc.record({
        key: fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !(key in Object.prototype)),
        value: nullHeaderValues ? fc.option(headerValue, { nil: null }) : headerValue,
      }),
      { maxLength: 3, selector: (header) => header.key },
    ),
    timestamp: fc.integer({ min: 1_500_000_000_000, max: 1_800_000_000_000 }),
  });
}

function largeRecords(count: number, nullHeaderValues: boolean): RecordInput[] {
  return Array.from({ length: count }, (_, index) => ({
    key: index % 9 === 0 ? null : Buffer.from(`key-${index}`),
    value: index % 13 === 0 ? null : new Uint8Array(100).map((_, byte) => (index + byte * 3) & 0xff),
    headers:
      index % 4 === 0
        ? [{ key: "h", value: nullHeaderValues && index % 8 === 0 ? null : Buffer.from("v") }]
        : [],
    timestamp: 1_700_000_000_000 + index,
  }));
}

function expectKafkajsMatches(
  batch: KafkajsBatch,
  records: readonly RecordInput[],
  baseOffset: number,
): void {
  expect(batch.firstOffset).toBe(String(baseOffset));
  expect(batch.records.length).toBe(records.length);
  const mismatches = batch.records.flatMap((record, index) => {
    const input = records[index] as RecordInput;
    const same =
      record.offset === String(baseOffset + index) &&
      record.timestamp === String(input.timestamp) &&
      isDeepStrictEqual(record.key, asBuffer(input.key)) &&
      isDeepStrictEqual(record.value, asBuffer(input.value)) &&
      isDeepStrictEqual({ ...record.headers }, groupHeaders(input.headers ?? []));
    return same ? [] : [{ index, record, input }];
  });
  expect(mismatches.slice(0, 3)).toEqual([]);
}

async function kafkajsEncode(
  codec: CompressionCodec,
  records: readonly RecordInput[],
  fields: { baseOffset: number; producerId: number; producerEpoch: number; baseSequence: number },
): Promise<Buffer> {
  const timestamps = records.map((record) => record.timestamp as number);
  const firstTimestamp = timestamps[0] ?? 0;
  const encoder = await RecordBatch({
    compression: compressionCodecId(codec),
    firstOffset: Long.fromValue(fields.baseOffset),
    firstTimestamp,
    maxTimestamp: Math.max(firstTimestamp, ...timestamps),
    partitionLeaderEpoch: 4,
    lastOffsetDelta: records.length - 1,
    producerId: Long.fromValue(fields.producerId),
    producerEpoch: fields.producerEpoch,
    firstSequence: fields.baseSequence,
    records: records.map((record, index) =>
      KafkajsRecordEncoder({
        offsetDelta: index,
        timestampDelta: (record.timestamp as number) - firstTimestamp,
        key: asBuffer(record.key),
        value: asBuffer(record.value),
        headers: Object.fromEntries(
          (record.headers ?? []).map((header) => [header.key, asBuffer(header.value)]),
        ),
      }),
    ),
  });
  return encoder.buffer;
}

function expectOursMatches(
  decoded: DecodedRecordBatch,
  records: readonly RecordInput[],
  baseOffset: number,
): void {
  expect(decoded.records.length).toBe(records.length);
  const mismatches = decoded.records.flatMap((record, index) => {
    const input = records[index] as RecordInput;
    const same =
      record.offset === baseOffset + index &&
      record.timestamp === input.timestamp &&
      isDeepStrictEqual(asBuffer(record.key), asBuffer(input.key)) &&
      isDeepStrictEqual(asBuffer(record.value), asBuffer(input.value)) &&
      // kafkajs writes headers in object-key order (integer-like keys first), so compare grouped.
      isDeepStrictEqual(groupHeaders(record.headers), groupHeaders(input.headers ?? []));
    return same ? [] : [{ index, record, input }];
  });
  expect(mismatches.slice(0, 3)).toEqual([]);
}

describe("cross-check with kafkajs's RecordBatch codec", () => {
  for (const codec of CODECS) {
    it(`kafkajs decodes what we encode (${codec})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(recordArbitrary(true), { minLength: 1, maxLength: 20 }),
          fc.nat({ max: 2 ** 40 }),
          fc.boolean(),
          async (records, baseOffset, isTransactional) => {
            const bytes = encodeRecordBatch({
              records,
              baseOffset,
              compression: codec,
              producerId: 77,
              producerEpoch: 2,
              baseSequence: 9,
              isTransactional,
            });
            const batch = await decodeKafkajsBatch(new KafkajsDecoder(Buffer.from(bytes)));
            expect(batch.producerId).toBe("77");
            expect(batch.producerEpoch).toBe(2);
            expect(batch.firstSequence).toBe(9);
            expect(batch.inTransaction).toBe(isTransactional);
            expect(batch.lastOffsetDelta).toBe(records.length - 1);
            expectKafkajsMatches(batch, records, baseOffset);
          },
        ),
        { numRuns: 40 },
      );
    });

    it(`we decode what kafkajs encodes (${codec})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(recordArbitrary(false), { minLength: 1, maxLength: 20 }),
          fc.nat({ max: 2 ** 40 }),
          async (records, baseOffset) => {
            const fields = { baseOffset, producerId: 1234, producerEpoch: 5, baseSequence: 10 };
            const bytes = await kafkajsEncode(codec, records, fields);
            const decoded = decodeRecordBatch(bytes);
            expect(decoded).toMatchObject({ ...fields, compression: codec, partitionLeaderEpoch: 4 });
            expectOursMatches(decoded, records, baseOffset);
          },
        ),
        { numRuns: 40 },
      );
    });

    it(`agrees on a large batch both ways (5,000 records, ${codec})`, async () => {
      const records = largeRecords(5000, true);
      const ours = encodeRecordBatch({ records, compression: codec, baseOffset: 10 });
      expectKafkajsMatches(await decodeKafkajsBatch(new KafkajsDecoder(Buffer.from(ours))), records, 10);
      const kafkajsRecords = largeRecords(5000, false);
      const theirs = await kafkajsEncode(codec, kafkajsRecords, {
        baseOffset: 10,
        producerId: -1,
        producerEpoch: -1,
        baseSequence: -1,
      });
      expectOursMatches(decodeRecordBatch(theirs), kafkajsRecords, 10);
    });
  }
});
