/**
 * Batches a buggy or malicious producer could send: each carries a valid CRC over contents no
 * consumer can decode. Shared by the validator's unit tests and the broker's real-process tests.
 */
import { type CompressionCodec, crc32c, encodeRecordBatch } from "../src/index.js";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Re-stamps a valid CRC after a change, as a producer would; returns `batch`. */
export function recomputeCrc(batch: Uint8Array): Uint8Array {
  new DataView(batch.buffer, batch.byteOffset).setUint32(17, crc32c(batch, 21, batch.length));
  return batch;
}

/** A well-formed batch of `records` records (keys k0.., or none), 20-odd-byte values. */
export function batchOf(
  records: number,
  compression: CompressionCodec = "none",
  key: string | null = "k",
): Uint8Array {
  return encodeRecordBatch({
    compression,
    records: Array.from({ length: records }, (_, index) => ({
      key: key === null ? null : utf8(`${key}${index}`),
      value: utf8(`value-${index}-${"x".repeat(20)}`),
      timestamp: 1_700_000_000_000 + index,
    })),
  });
}

/**
 * A zstd frame of RLE blocks with no declared content size: `totalBytes` of zeros from a few KB
 * (each 4-byte block regenerates 128 KiB), the streaming decoder's worst case.
 */
export function zstdRleBomb(totalBytes: number): Uint8Array {
  const blockBytes = 128 * 1024;
  const blocks = Math.ceil(totalBytes / blockBytes);
  const frame = new Uint8Array(6 + blocks * 4);
  frame.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]); // magic, no content size, 128 KiB window
  for (let index = 0; index < blocks; index++) {
    const last = index === blocks - 1 ? 1 : 0;
    const header = (blockBytes << 3) | (1 << 1) | last; // RLE block
    const at = 6 + index * 4;
    frame[at] = header & 0xff;
    frame[at + 1] = (header >>> 8) & 0xff;
    frame[at + 2] = (header >>> 16) & 0xff;
    frame[at + 3] = 0;
  }
  return frame;
}

/** A batch header claiming `codec` around `payload` (as its records), CRC valid. */
export function withPayload(codec: CompressionCodec, payload: Uint8Array, recordCount: number): Uint8Array {
  const template = encodeRecordBatch({
    compression: codec,
    records: [{ key: null, value: null, timestamp: 1 }],
  });
  const batch = new Uint8Array(61 + payload.length);
  batch.set(template.subarray(0, 61));
  batch.set(payload, 61);
  const view = new DataView(batch.buffer);
  view.setInt32(8, batch.length - 12);
  view.setInt32(23, recordCount - 1);
  view.setInt32(57, recordCount);
  return recomputeCrc(batch);
}

/** gzip in the attributes over records that are not gzip. */
export function gzipAttributeOverPlainRecords(): Uint8Array {
  return withPayload("gzip", batchOf(3).subarray(61), 3);
}

/** Record 0's timestamp delta made an 11-byte varlong (longer than any legal one). */
export function badVarintBatch(): Uint8Array {
  const batch = batchOf(2);
  batch.fill(0xff, 63, 74);
  return recomputeCrc(batch);
}

/** recordCount (and lastOffsetDelta) one more than the records inside, after decompression. */
export function recordCountMismatchBatch(compression: CompressionCodec): Uint8Array {
  const batch = batchOf(3, compression);
  const view = new DataView(batch.buffer, batch.byteOffset);
  view.setInt32(23, 3);
  view.setInt32(57, 4);
  return recomputeCrc(batch);
}

/** Record 0's key (or value) length is -3. */
export function negativeLengthBatch(field: "key" | "value"): Uint8Array {
  const batch = batchOf(1);
  // Record 0: length, attributes, timestampDelta, offsetDelta, then keyLength; key "k0" is 2 bytes.
  const keyLengthAt = 61 + 4;
  batch[field === "key" ? keyLengthAt : keyLengthAt + 3] = 5; // zig-zag -3
  return recomputeCrc(batch);
}
