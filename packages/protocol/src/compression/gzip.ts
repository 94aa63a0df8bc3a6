/** gzip (codec 1): a plain gzip stream via node:zlib, as Kafka's GZIPOutputStream writes it. */
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { corruptMessage } from "../record-batch/corrupt.js";

/** Views a Buffer as a plain Uint8Array, so decoded keys and values have one type whatever the codec. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

export function gzipCompress(bytes: Uint8Array, level?: number): Uint8Array {
  return plain(gzipSync(bytes, { level: level ?? constants.Z_DEFAULT_COMPRESSION }));
}

/** zlib stops at `maxBytes` itself (maxOutputLength), so a bomb never allocates past the cap. */
export function gzipDecompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return plain(gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) }));
  } catch (error) {
    throw corruptMessage(`gzip: ${(error as Error).message}`, { codec: "gzip" });
  }
}
