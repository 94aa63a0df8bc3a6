import { describe, expect, it } from "vitest";
import { compress, decompress } from "../src/index.js";
import { expectCorrupt } from "./support.js";

/**
 * Rewrites a one-frame zstd output so its header declares no content size (and a window large
 * enough instead), the shape Kafka's Java client writes through zstd-jni's streaming API.
 */
function stripContentSize(frame: Uint8Array, contentBytes: number): Uint8Array {
  const descriptor = frame[4] as number;
  const singleSegment = (descriptor >>> 5) & 1;
  const contentSizeFlag = descriptor >>> 6;
  const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : ([0, 2, 4, 8][contentSizeFlag] as number);
  expect(descriptor & 3).toBe(0); // no dictionary id
  const blocksStart = 5 + (singleSegment ? 0 : 1) + contentSizeBytes;
  let exponent = 0;
  while (2 ** (10 + exponent) < contentBytes) exponent++;
  const header = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, descriptor & 0x04, exponent << 3);
  const stripped = new Uint8Array(header.length + frame.length - blocksStart);
  stripped.set(header, 0);
  stripped.set(frame.subarray(blocksStart), header.length);
  return stripped;
}

const sample = new Uint8Array(300_000).map((_, index) => ((index * 13) ^ (index >>> 7)) & 0xff);

describe("zstd frames", () => {
  it("decodes frames without a declared content size (streaming decoder)", () => {
    const stripped = stripContentSize(compress("zstd", sample), sample.length);
    expect(Buffer.compare(decompress("zstd", stripped, 1 << 20), sample)).toBe(0);
  });

  it("decodes concatenated frames", () => {
    const first = compress("zstd", sample.subarray(0, 1000));
    const second = compress("zstd", sample.subarray(1000));
    const joined = new Uint8Array(first.length + second.length);
    joined.set(first, 0);
    joined.set(second, first.length);
    expect(Buffer.compare(decompress("zstd", joined, 1 << 20), sample)).toBe(0);
  });

  it("stops a bomb without a declared size at the cap, block by block", () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const stripped = stripContentSize(compress("zstd", zeros), zeros.length);
    expect(stripped.length).toBeLessThan(4096);
    expectCorrupt(() => decompress("zstd", stripped, 1024 * 1024));
    expect(decompress("zstd", stripped, zeros.length).length).toBe(zeros.length);
  });

  it("rejects a declared window or content size beyond the cap before allocating", () => {
    // Window descriptor exponent 21 -> 2 GiB window; one empty raw last block.
    const hugeWindow = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0x01, 0x00, 0x00);
    expectCorrupt(() => decompress("zstd", hugeWindow, 64 * 1024 * 1024));
    // Single segment with an 8-byte content size of 2^40.
    const hugeContent = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 0x01, 0x00, 0x00);
    expectCorrupt(() => decompress("zstd", hugeContent, 64 * 1024 * 1024));
  });
});
