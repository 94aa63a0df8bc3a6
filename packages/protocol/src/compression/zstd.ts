/**
 * zstd (codec 4): standard zstd frames (Kafka's Java client writes them through zstd-jni's
 * streaming API, usually without a content size in the header).
 *
 * Node 20 has no zstd in node:zlib, so:
 * - compression uses @bokuweb/zstd-wasm (the reference C library compiled to wasm). Its wasm
 *   needs an async instantiation, done once with a top-level await when this module loads, so
 *   that the codec API stays synchronous (about 20 ms once per process, measured here);
 * - decompression first walks the frame and block headers itself, so declared content and window
 *   sizes are checked against the cap before anything is allocated. Then a single frame that
 *   declares its content size (what ZSTD_compress, kafkajs and we write) is decoded by the wasm
 *   library into exactly that many bytes (measured here: ~190 MB/s); frames without a declared
 *   size (Kafka's Java client streams them) or several frames go to fzstd (pure JS, streaming,
 *   ~55-75 MB/s), whose output is counted block by block against the cap.
 */
import {
  init as initZstdWasm,
  compress as wasmCompress,
  decompress as wasmDecompress,
} from "@bokuweb/zstd-wasm";
import { Decompress } from "fzstd";
import { isRillError } from "../errors/index.js";
import { corruptMessage } from "../record-batch/corrupt.js";
import { concatChunks } from "./output.js";

await initZstdWasm();

/** Kafka's default zstd level (zstd-jni's default, 3). */
export const ZSTD_DEFAULT_LEVEL = 3;
/**
 * A frame may declare a window larger than its content; windows up to this size are accepted
 * even when the cap is smaller (zstd levels 1-19 use at most 8 MiB windows). Larger declared
 * windows must also fit the cap, since the decoder allocates them.
 */
export const ZSTD_WINDOW_BYTES_MAX = 8 * 1024 * 1024;

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_BYTES = 128 * 1024;
/** Above this declared size the streaming decoder is used, keeping the wasm heap small. */
export const ZSTD_WASM_MAX_CONTENT_BYTES = 64 * 1024 * 1024;

interface FrameSummary {
  frames: number;
  /** The declared content size when there is exactly one frame and it declares it. */
  singleFrameContentBytes: number | null;
}

export function zstdCompress(bytes: Uint8Array, level?: number): Uint8Array {
  return wasmCompress(bytes, level ?? ZSTD_DEFAULT_LEVEL);
}

function readUint32LE(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

function readLittleEndian(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let index = length - 1; index >= 0; index--) value = value * 256 + (bytes[at + index] as number);
  return value;
}

/**
 * Walks every frame's header and block headers without decoding: rejects malformed structure and
 * declared sizes the cap forbids before the decoder allocates anything.
 */
function checkFrames(bytes: Uint8Array, maxBytes: number): FrameSummary {
  let at = 0;
  let declaredTotal = 0;
  let frames = 0;
  let lastContentBytes: number | null = null;
  if (bytes.length === 0) throw corruptMessage("zstd: empty input");
  while (at < bytes.length) {
    if (bytes.length - at < 8) throw corruptMessage("zstd: truncated frame header");
    const magic = readUint32LE(bytes, at);
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      const size = readUint32LE(bytes, at + 4);
      if (size > bytes.length - at - 8) throw corruptMessage("zstd: skippable frame overruns the data");
      at += 8 + size;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corruptMessage("zstd: bad frame magic");
    frames++;
    lastContentBytes = null;
    const descriptor = bytes[at + 4] as number;
    if (descriptor & 0x08) throw corruptMessage("zstd: reserved frame header bit set");
    const singleSegment = (descriptor >>> 5) & 1;
    const hasChecksum = (descriptor >>> 2) & 1;
    const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 3] as number;
    const contentSizeFlag = descriptor >>> 6;
    const contentSizeBytes =
      contentSizeFlag === 0 ? singleSegment : ([0, 2, 4, 8][contentSizeFlag] as number);
    let position = at + 5;
    let windowBytes = 0;
    if (!singleSegment) {
      const windowDescriptor = bytes[position++] as number;
      const windowBase = 2 ** (10 + (windowDescriptor >>> 3));
      windowBytes = windowBase + (windowBase / 8) * (windowDescriptor & 7);
    }
    if (dictionaryIdBytes > 0) {
      if (readLittleEndian(bytes, position, Math.min(dictionaryIdBytes, bytes.length - position)) !== 0) {
        throw corruptMessage("zstd: dictionaries are not supported");
      }
    }
    position += dictionaryIdBytes;
    if (position + contentSizeBytes > bytes.length) throw corruptMessage("zstd: truncated frame header");
    if (contentSizeBytes > 0) {
      const contentSize =
        readLittleEndian(bytes, position, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
      declaredTotal += contentSize;
      if (declaredTotal > maxBytes) {
        throw corruptMessage(`zstd: content size ${contentSize} exceeds the cap of ${maxBytes} bytes`);
      }
      if (singleSegment) windowBytes = contentSize;
      lastContentBytes = contentSize;
    }
    position += contentSizeBytes;
    if (windowBytes > Math.max(maxBytes, ZSTD_WINDOW_BYTES_MAX)) {
      throw corruptMessage(`zstd: window of ${windowBytes} bytes exceeds the cap of ${maxBytes} bytes`);
    }
    const blockMaxBytes = Math.min(BLOCK_MAX_BYTES, Math.max(windowBytes, 1));
    for (;;) {
      if (bytes.length - position < 3) throw corruptMessage("zstd: truncated block header");
      const blockHeader = readLittleEndian(bytes, position, 3);
      position += 3;
      const blockType = (blockHeader >>> 1) & 3;
      const blockSize = blockHeader >>> 3;
      if (blockType === 3) throw corruptMessage("zstd: reserved block type");
      if (blockSize > blockMaxBytes) throw corruptMessage(`zstd: block size ${blockSize} over the maximum`);
      const storedBytes = blockType === 1 ? 1 : blockSize;
      if (storedBytes > bytes.length - position) throw corruptMessage("zstd: block overruns the data");
      position += storedBytes;
      if (blockHeader & 1) break;
    }
    if (hasChecksum) {
      if (bytes.length - position < 4) throw corruptMessage("zstd: truncated content checksum");
      position += 4;
    }
    at = position;
  }
  return { frames, singleFrameContentBytes: frames === 1 ? lastContentBytes : null };
}

export function zstdDecompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const summary = checkFrames(bytes, maxBytes);
  const contentBytes = summary.singleFrameContentBytes;
  if (contentBytes !== null && contentBytes <= ZSTD_WASM_MAX_CONTENT_BYTES && contentBytes <= maxBytes) {
    let output: Uint8Array;
    try {
      output = wasmDecompress(bytes);
    } catch (error) {
      throw corruptMessage(`zstd: ${(error as Error).message}`, { codec: "zstd" });
    }
    if (output.length !== contentBytes) {
      throw corruptMessage(`zstd: frame declared ${contentBytes} bytes but holds ${output.length}`);
    }
    return output;
  }
  return streamDecompress(bytes, maxBytes);
}

/** fzstd's streaming decoder, its output counted against the cap as each block arrives. */
function streamDecompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  try {
    const stream = new Decompress((chunk: Uint8Array, final?: boolean) => {
      total += chunk.length;
      if (total > maxBytes) throw corruptMessage(`zstd: output exceeds the cap of ${maxBytes} bytes`);
      chunks.push(chunk);
      if (final === true) finished = true;
    });
    stream.push(bytes, true);
  } catch (error) {
    if (isRillError(error)) throw error;
    throw corruptMessage(`zstd: ${(error as Error).message}`, { codec: "zstd" });
  }
  if (!finished) throw corruptMessage("zstd: incomplete frame");
  return concatChunks(chunks, maxBytes);
}
