/**
 * A bounds-checked snappy block decoder. snappyjs's decoder trusts its input: a literal length
 * with the top bit set goes negative and moves its read position backwards, so one crafted
 * 1 KiB block ran for over 20 s in our fuzzing. Ours checks every length against both buffers,
 * and every tag consumes input, so decoding is linear in the input plus the output cap.
 */
import { corruptMessage } from "../record-batch/corrupt.js";

const MAX_PREAMBLE_BYTES = 5;

/** Decodes one raw snappy block (varint length preamble + tags); output at most `maxBytes`. */
export function decodeSnappyBlock(src: Uint8Array, maxBytes: number): Uint8Array {
  let s = 0;
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    if (s >= src.length || s >= MAX_PREAMBLE_BYTES) throw corruptMessage("snappy: bad length preamble");
    const byte = src[s++] as number;
    declared += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  if (declared > 0xffffffff) throw corruptMessage("snappy: length preamble over 32 bits");
  if (declared > maxBytes) {
    throw corruptMessage(`snappy: block declares ${declared} bytes, over the cap of ${maxBytes}`);
  }
  const dst = new Uint8Array(declared);
  let d = 0;
  const end = src.length;
  while (s < end) {
    const tag = src[s++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      let length = tag >>> 2;
      if (length >= 60) {
        const lengthBytes = length - 59;
        if (end - s < lengthBytes) throw corruptMessage("snappy: truncated literal length");
        length = 0;
        for (let index = lengthBytes - 1; index >= 0; index--)
          length = length * 256 + (src[s + index] as number);
        s += lengthBytes;
      }
      length += 1;
      if (length > end - s || length > declared - d) throw corruptMessage("snappy: literal overruns");
      if (length < 16) {
        for (let index = 0; index < length; index++) dst[d + index] = src[s + index] as number;
      } else {
        dst.set(src.subarray(s, s + length), d);
      }
      s += length;
      d += length;
      continue;
    }
    let length: number;
    let offset: number;
    if (kind === 1) {
      if (end - s < 1) throw corruptMessage("snappy: truncated copy");
      length = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | (src[s] as number);
      s += 1;
    } else if (kind === 2) {
      if (end - s < 2) throw corruptMessage("snappy: truncated copy");
      length = 1 + (tag >>> 2);
      offset = (src[s] as number) | ((src[s + 1] as number) << 8);
      s += 2;
    } else {
      if (end - s < 4) throw corruptMessage("snappy: truncated copy");
      length = 1 + (tag >>> 2);
      offset =
        ((src[s] as number) |
          ((src[s + 1] as number) << 8) |
          ((src[s + 2] as number) << 16) |
          ((src[s + 3] as number) << 24)) >>>
        0;
      s += 4;
    }
    if (offset === 0 || offset > d) throw corruptMessage(`snappy: copy offset ${offset} outside the output`);
    if (length > declared - d) throw corruptMessage("snappy: copy overruns the declared length");
    let from = d - offset;
    if (offset >= length) {
      dst.copyWithin(d, from, from + length);
      d += length;
    } else {
      // Overlapping copy repeats the last `offset` bytes: byte by byte on purpose.
      const stop = d + length;
      while (d < stop) dst[d++] = dst[from++] as number;
    }
  }
  if (d !== declared) throw corruptMessage(`snappy: block declared ${declared} bytes but holds ${d}`);
  return dst;
}
