/**
 * Per-batch compression with Kafka's framing for each codec. `decompress` never allocates more
 * than `maxBytes` of output: a compression bomb (or a lying size field) is CORRUPT_MESSAGE, never
 * an out-of-memory crash.
 */
import type { CompressionCodec } from "../record-batch/header.js";
import { gzipCompress, gzipDecompress } from "./gzip.js";
import { lz4Compress, lz4Decompress } from "./lz4.js";
import { snappyCompress, snappyDecompress } from "./snappy.js";
import { zstdCompress, zstdDecompress } from "./zstd.js";

/** Default cap on the decompressed records of one batch. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export function compress(codec: CompressionCodec, bytes: Uint8Array, level?: number): Uint8Array {
  switch (codec) {
    case "none":
      return bytes;
    case "gzip":
      return gzipCompress(bytes, level);
    case "snappy":
      return snappyCompress(bytes);
    case "lz4":
      return lz4Compress(bytes);
    case "zstd":
      return zstdCompress(bytes, level);
  }
}

export function decompress(codec: CompressionCodec, bytes: Uint8Array, maxBytes: number): Uint8Array {
  switch (codec) {
    case "none":
      return bytes;
    case "gzip":
      return gzipDecompress(bytes, maxBytes);
    case "snappy":
      return snappyDecompress(bytes, maxBytes);
    case "lz4":
      return lz4Decompress(bytes, maxBytes);
    case "zstd":
      return zstdDecompress(bytes, maxBytes);
  }
}
