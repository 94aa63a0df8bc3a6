import fc from "fast-check";
import * as snappyjs from "snappyjs";
import { describe, expect, it } from "vitest";
import { COMPRESSION_CODECS, compress, decompress } from "../src/index.js";
import { expectCorrupt } from "./support.js";

/** Byte arrays with long repeats, so copies (including overlapping ones) are exercised. */
const repetitiveBytes = fc
  .array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 400 })), {
    maxLength: 30,
  })
  .map((parts) => {
    const chunks = parts.flatMap(([unit, times]) => Array.from({ length: times }, () => unit));
    return Uint8Array.from(chunks.flatMap((chunk) => [...chunk]));
  });

describe("compression round trips and bounded block decoders", () => {
  for (const codec of COMPRESSION_CODECS) {
    it(`decompress(compress(x)) === x for ${codec}`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), repetitiveBytes), (bytes) => {
          const back = decompress(codec, compress(codec, bytes), bytes.length);
          expect(Buffer.compare(back, bytes)).toBe(0);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("our snappy decoder reads raw blocks written by snappyjs", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), repetitiveBytes), (bytes) => {
        expect(Buffer.compare(decompress("snappy", snappyjs.compress(bytes), bytes.length), bytes)).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("rejects the snappy literal length that sent snappyjs's decoder backwards (fuzz regression)", () => {
    // Preamble 16, then a literal whose 4-byte length is 0xffffffff.
    expectCorrupt(() =>
      decompress("snappy", Uint8Array.of(0x10, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x41), 1 << 20),
    );
    // A copy before any output, and output shorter than declared.
    expectCorrupt(() => decompress("snappy", Uint8Array.of(0x10, 0x01, 0x01), 1 << 20));
    expectCorrupt(() => decompress("snappy", Uint8Array.of(0x10, 0x00, 0x41), 1 << 20));
  });

  it("rejects malformed LZ4 blocks: offsets before the output, overruns, truncation", () => {
    const frame = compress("lz4", new Uint8Array(1000).fill(7));
    for (let cut = 0; cut < frame.length; cut++)
      expectCorrupt(() => decompress("lz4", frame.subarray(0, cut), 1 << 20));
    const badOffset = frame.slice();
    // First block starts at 7 (+4 size bytes); its first token's match offset follows the literal.
    badOffset[7 + 4 + 2] = 0xff;
    badOffset[7 + 4 + 3] = 0xff;
    expectCorrupt(() => decompress("lz4", badOffset, 1 << 20));
  });
});
