import { corruptMessage } from "../record-batch/corrupt.js";

/** Joins decompressed chunks; the caller has kept their total within `maxBytes`. */
export function concatChunks(chunks: readonly Uint8Array[], maxBytes: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  if (total > maxBytes)
    throw corruptMessage(`decompressed size ${total} exceeds the cap of ${maxBytes} bytes`);
  const joined = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    joined.set(chunk, position);
    position += chunk.length;
  }
  return joined;
}
