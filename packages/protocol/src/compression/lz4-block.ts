/**
 * A bounds-checked LZ4 block decoder. lz4js's own decoder trusts its input (it reads past the
 * source and writes past the destination on malformed blocks), which a broker cannot afford, so
 * decoding is ours; every length is checked against both buffers before any copy, and each
 * sequence consumes input, so the loop is bounded by the input size.
 */
import { corruptMessage } from "../record-batch/corrupt.js";

const MIN_MATCH = 4;

/** Decodes src[start, end) into dst from 0; returns the bytes written. */
export function decodeLz4Block(src: Uint8Array, start: number, end: number, dst: Uint8Array): number {
  let s = start;
  let d = 0;
  for (;;) {
    if (s >= end) throw corruptMessage("lz4: truncated block");
    const token = src[s++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      for (;;) {
        if (s >= end) throw corruptMessage("lz4: truncated literal length");
        const extra = src[s++] as number;
        literals += extra;
        if (extra !== 255) break;
      }
    }
    if (literals > end - s || literals > dst.length - d) throw corruptMessage("lz4: literals overrun");
    if (literals < 16) {
      for (let index = 0; index < literals; index++) dst[d + index] = src[s + index] as number;
    } else {
      dst.set(src.subarray(s, s + literals), d);
    }
    s += literals;
    d += literals;
    if (s === end) return d; // the last sequence carries literals only
    if (end - s < 2) throw corruptMessage("lz4: truncated match offset");
    const offset = (src[s] as number) | ((src[s + 1] as number) << 8);
    s += 2;
    if (offset === 0 || offset > d) throw corruptMessage(`lz4: match offset ${offset} outside the block`);
    let matchLength = token & 15;
    if (matchLength === 15) {
      for (;;) {
        if (s >= end) throw corruptMessage("lz4: truncated match length");
        const extra = src[s++] as number;
        matchLength += extra;
        if (extra !== 255) break;
      }
    }
    matchLength += MIN_MATCH;
    if (matchLength > dst.length - d) throw corruptMessage("lz4: match overruns the block");
    let from = d - offset;
    if (offset >= matchLength) {
      dst.copyWithin(d, from, from + matchLength);
      d += matchLength;
    } else {
      // Overlapping copy repeats the last `offset` bytes: byte by byte on purpose.
      const stop = d + matchLength;
      while (d < stop) dst[d++] = dst[from++] as number;
    }
  }
}
