/**
 * Decoder fuzzing: well over 100,000 malformed inputs, each of which must either decode or throw
 * RillError CORRUPT_MESSAGE (never another exception, never a hang: the suite has a deadline).
 * Most mutations re-stamp a valid CRC so the record and decompression layers are reached, not
 * just the checksum. Seeded (mulberry32): FUZZ_SEED=<n> reproduces a run; FUZZ_VERBOSE=1 prints
 * the tally and the slowest input, FUZZ_DUMP_SLOW=<file> saves any input that took over 1 s.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  COMPRESSION_CODECS,
  crc32c,
  decodeRecordBatch,
  encodeRecordBatch,
  isRillError,
  iterateRecordBatches,
  type RecordInput,
} from "../src/index.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
/** Keeps a bomb from costing more than a little memory per input. */
const FUZZ_MAX_DECOMPRESSED_BYTES = 1024 * 1024;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tally {
  inputs: number;
  decoded: number;
  corrupt: number;
  unexpected: { label: string; error: unknown }[];
}

/** Slowest single input seen, for FUZZ_VERBOSE runs (a slow class of input is a bug to look at). */
const slowest = { label: "", ms: 0 };

function attempt(tally: Tally, label: string, bytes: Uint8Array): void {
  tally.inputs++;
  const start = performance.now();
  try {
    attemptOnce(tally, label, bytes);
  } finally {
    const elapsedMs = performance.now() - start;
    if (elapsedMs > slowest.ms) Object.assign(slowest, { label, ms: elapsedMs });
    if (process.env.FUZZ_DUMP_SLOW && elapsedMs > 1000) {
      writeFileSync(process.env.FUZZ_DUMP_SLOW, bytes);
    }
  }
}

function attemptOnce(tally: Tally, label: string, bytes: Uint8Array): void {
  try {
    decodeRecordBatch(bytes, { maxDecompressedBytes: FUZZ_MAX_DECOMPRESSED_BYTES });
    tally.decoded++;
  } catch (error) {
    if (isRillError(error, "CORRUPT_MESSAGE")) tally.corrupt++;
    else if (tally.unexpected.length < 5) tally.unexpected.push({ label, error });
    else tally.unexpected.length++;
  }
}

/** Recomputes the CRC so a mutation reaches the layers behind it. */
function restampCrc(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 61) {
    new DataView(bytes.buffer, bytes.byteOffset, bytes.length).setUint32(17, crc32c(bytes, 21, bytes.length));
  }
  return bytes;
}

function validBatches(random: () => number): Uint8Array[] {
  const batches: Uint8Array[] = [];
  for (const codec of COMPRESSION_CODECS) {
    for (const count of [1, 4, 25]) {
      const records: RecordInput[] = Array.from({ length: count }, (_, index) => ({
        key: index % 3 === 0 ? null : Uint8Array.from({ length: 8 }, () => Math.floor(random() * 256)),
        value: index % 5 === 4 ? null : Uint8Array.from({ length: 40 }, () => Math.floor(random() * 8)),
        headers:
          index % 2 === 0 ? [{ key: `h${index}`, value: index % 4 === 0 ? null : Uint8Array.of(1, 2) }] : [],
        timestamp: 1_700_000_000_000 + Math.floor(random() * 1_000_000),
      }));
      batches.push(
        encodeRecordBatch({ records, compression: codec, baseOffset: count * 1000, producerId: 5 }),
      );
    }
  }
  return batches;
}

describe("record batch decoder fuzzing", () => {
  it(`returns a batch or throws CORRUPT_MESSAGE for every malformed input (seed ${SEED})`, () => {
    const random = mulberry32(SEED);
    const randomInt = (below: number): number => Math.floor(random() * below);
    const tally: Tally = { inputs: 0, decoded: 0, corrupt: 0, unexpected: [] };
    const batches = validBatches(random);
    const pick = (): Uint8Array => batches[randomInt(batches.length)] as Uint8Array;

    // 1. Every truncation of every valid batch, with the stored and with a re-stamped CRC.
    for (const batch of batches) {
      for (let length = 0; length < batch.length; length++) {
        attempt(tally, "truncation", batch.slice(0, length));
        if (length >= 61) {
          const lying = restampCrc(batch.slice(0, length));
          new DataView(lying.buffer).setInt32(8, length - 12); // batchLength agrees with the cut
          attempt(tally, "truncation+length", restampCrc(lying));
        }
      }
    }

    // 2. Random bytes, alone and behind a plausible header (magic 2, known codec, right length).
    for (let index = 0; index < 15_000; index++) {
      const bytes = Uint8Array.from({ length: randomInt(300) }, () => randomInt(256));
      attempt(tally, "random", bytes);
      if (bytes.length >= 61) {
        const view = new DataView(bytes.buffer);
        view.setInt32(8, bytes.length - 12);
        bytes[16] = 2;
        bytes[22] = (bytes[22] as number) & 0x37 & ~0x03; // codec 0 or 4
        bytes[22] = (bytes[22] as number) | randomInt(5);
        view.setInt32(57, randomInt(50));
        attempt(tally, "random+header", restampCrc(bytes));
      }
    }

    // 3. Bit flips (1-8 bits), with and without a re-stamped CRC.
    for (let index = 0; index < 25_000; index++) {
      const bytes = pick().slice();
      const flips = 1 + randomInt(8);
      for (let flip = 0; flip < flips; flip++) {
        const at = randomInt(bytes.length);
        bytes[at] = (bytes[at] as number) ^ (1 << randomInt(8));
      }
      attempt(tally, "bitflip", bytes.slice());
      attempt(tally, "bitflip+crc", restampCrc(bytes));
    }

    // 4. Overlong and maximal varints spliced into the record section (uncompressed batches).
    const uncompressed = batches.filter((batch) => (batch[22] as number) % 8 === 0);
    for (let index = 0; index < 10_000; index++) {
      const batch = uncompressed[randomInt(uncompressed.length)] as Uint8Array;
      const at = 61 + randomInt(batch.length - 61);
      const runLength = 1 + randomInt(12);
      const run: number[] = Array.from({ length: runLength }, () => (random() < 0.8 ? 0xff : 0x80));
      if (random() < 0.5) run.push(randomInt(128));
      const spliced = new Uint8Array(batch.length + run.length);
      spliced.set(batch.subarray(0, at), 0);
      spliced.set(run, at);
      spliced.set(batch.subarray(at), at + run.length);
      new DataView(spliced.buffer).setInt32(8, spliced.length - 12);
      attempt(tally, "overlong-varint", restampCrc(spliced));
    }

    // 5. Negative and huge lengths and counts: batchLength, recordCount, lastOffsetDelta, and
    //    varint lengths inside records, all with a re-stamped CRC.
    const extremes = [-2147483648, -2, -1, 0, 1, 2147483647, 0x7ffffff0, 1 << 24, 1 << 30];
    for (let index = 0; index < 15_000; index++) {
      const bytes = pick().slice();
      const view = new DataView(bytes.buffer);
      const value = extremes[randomInt(extremes.length)] as number;
      const field = randomInt(4);
      if (field === 0) view.setInt32(8, value);
      else if (field === 1) view.setInt32(57, value);
      else if (field === 2) view.setInt32(23, value);
      else {
        // A zig-zag varint of `value` written over a random spot of the record section.
        const at = 61 + randomInt(bytes.length - 61);
        let raw = ((value << 1) ^ (value >> 31)) >>> 0;
        let position = at;
        while (raw >= 0x80 && position < bytes.length) {
          bytes[position++] = (raw & 0x7f) | 0x80;
          raw >>>= 7;
        }
        if (position < bytes.length) bytes[position] = raw;
      }
      attempt(tally, `length-field-${field}`, restampCrc(bytes));
    }

    // 6. Garbage and mutated payloads behind a valid header for each compression codec.
    const compressed = batches.filter((batch) => (batch[22] as number) % 8 !== 0);
    for (let index = 0; index < 15_000; index++) {
      const batch = compressed[randomInt(compressed.length)] as Uint8Array;
      const bytes = batch.slice();
      if (random() < 0.5) {
        for (let at = 61 + randomInt(bytes.length - 61); at < bytes.length; at += 1 + randomInt(16)) {
          bytes[at] = randomInt(256);
        }
      } else {
        const at = 61 + randomInt(bytes.length - 61);
        bytes[at] = randomInt(256);
      }
      attempt(tally, "compressed-payload", restampCrc(bytes));
    }

    // 7. Concatenations walked by iterateRecordBatches, cut at random points.
    for (let index = 0; index < 5_000; index++) {
      const first = pick();
      const second = pick();
      const joined = new Uint8Array(first.length + second.length);
      joined.set(first, 0);
      joined.set(second, first.length);
      const cut = joined.subarray(0, randomInt(joined.length + 1));
      tally.inputs++;
      try {
        for (const header of iterateRecordBatches(cut)) expect(header.magic).toBe(2);
        tally.decoded++;
      } catch (error) {
        if (isRillError(error, "CORRUPT_MESSAGE")) tally.corrupt++;
        else tally.unexpected.push({ label: "iterate", error });
      }
    }

    if (process.env.FUZZ_VERBOSE)
      console.log(JSON.stringify({ ...tally, unexpected: tally.unexpected.length, slowest }));
    expect(tally.unexpected).toEqual([]);
    expect(tally.inputs).toBeGreaterThanOrEqual(100_000);
    expect(tally.corrupt).toBeGreaterThan(0);
    expect(tally.decoded).toBeGreaterThan(0);
  });
});
