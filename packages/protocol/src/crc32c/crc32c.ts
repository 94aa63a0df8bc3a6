/**
 * CRC-32C (Castagnoli), the checksum of Kafka's RecordBatch v2 (over attributes..end of batch).
 *
 * Measured here (1 MiB input, medians): this package's slicing-by-8 JS ~450-600 MB/s;
 * @node-rs/crc32 (SIMD/hardware, prebuilt binaries shipped as npm packages) ~3.6-4.6 GB/s;
 * sse4_crc32 ~7.4 GB/s but it only installs by compiling with node-gyp (no prebuilt binary), so
 * it is not used. Below NATIVE_MIN_BYTES the JS wins (a native call costs more than the bytes).
 * When no prebuilt binary exists for the platform, everything falls back to the JS.
 */
import { createRequire } from "node:module";
import { crc32cSlicingBy8 } from "./slicing-by-8.js";

/** Inputs shorter than this use the JS implementation (faster than a native call there). */
export const NATIVE_MIN_BYTES = 256;

type NativeCrc32c = (input: Uint8Array, initialState?: number) => number;

function loadNative(): NativeCrc32c | null {
  try {
    const native = createRequire(import.meta.url)("@node-rs/crc32") as { crc32c?: NativeCrc32c };
    return typeof native.crc32c === "function" ? native.crc32c : null;
  } catch {
    return null;
  }
}

const native: NativeCrc32c | null = loadNative();

/** Which implementation serves inputs of NATIVE_MIN_BYTES and more (for benchmarks and logs). */
export const CRC32C_IMPLEMENTATION: "native" | "js" = native === null ? "js" : "native";

/**
 * Continues a CRC-32C over `bytes[start, end)` from a previous result (`previous` = 0 to start).
 * Returns an unsigned 32-bit integer.
 */
export function crc32cUpdate(previous: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (native !== null && end - start >= NATIVE_MIN_BYTES && start >= 0 && end <= bytes.length) {
    return native(bytes.subarray(start, end), previous) >>> 0;
  }
  return crc32cSlicingBy8(previous, bytes, start, end);
}

/** CRC-32C of `bytes[start, end)` as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32cUpdate(0, bytes, start, end);
}
