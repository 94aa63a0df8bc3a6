/// <reference path="./vendor.d.ts" />
/**
 * snappy (codec 2). Kafka's Java client writes xerial-framed snappy (SnappyOutputStream: a
 * 16-byte header, then chunks of int32 length + raw snappy block, 32 KiB of input each); other
 * clients (librdkafka, kafkajs-snappy) may write a raw snappy block. We write xerial and read both.
 * Compression uses snappyjs; decompression our bounded decoder (snappy-block.ts), which checks
 * each block's declared length against what the cap has left before allocating.
 */
import * as snappy from "snappyjs";
import { readInt32, writeInt32 } from "../record-batch/bytes.js";
import { corruptMessage } from "../record-batch/corrupt.js";
import { concatChunks } from "./output.js";
import { decodeSnappyBlock } from "./snappy-block.js";

const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];
const XERIAL_HEADER_BYTES = 16;
const XERIAL_VERSION = 1;
const XERIAL_MIN_COMPATIBLE_VERSION = 1;
/** SnappyOutputStream's default block size, which Kafka uses. */
export const XERIAL_BLOCK_BYTES = 32 * 1024;

function isXerial(bytes: Uint8Array): boolean {
  if (bytes.length < XERIAL_HEADER_BYTES) return false;
  for (let index = 0; index < XERIAL_MAGIC.length; index++) {
    if (bytes[index] !== XERIAL_MAGIC[index]) return false;
  }
  return true;
}

export function snappyCompress(bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  const header = new Uint8Array(XERIAL_HEADER_BYTES);
  header.set(XERIAL_MAGIC, 0);
  writeInt32(header, 8, XERIAL_VERSION);
  writeInt32(header, 12, XERIAL_MIN_COMPATIBLE_VERSION);
  chunks.push(header);
  for (let start = 0; start < bytes.length; start += XERIAL_BLOCK_BYTES) {
    const block = snappy.compress(bytes.subarray(start, Math.min(bytes.length, start + XERIAL_BLOCK_BYTES)));
    const length = new Uint8Array(4);
    writeInt32(length, 0, block.length);
    chunks.push(length, block);
  }
  return concatChunks(chunks, Number.MAX_SAFE_INTEGER);
}

function uncompressBlock(block: Uint8Array, maxBytes: number): Uint8Array {
  return decodeSnappyBlock(block, maxBytes);
}

export function snappyDecompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (!isXerial(bytes)) return uncompressBlock(bytes, maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let position = XERIAL_HEADER_BYTES;
  while (position < bytes.length) {
    if (bytes.length - position < 4) throw corruptMessage("snappy: truncated xerial chunk length");
    const length = readInt32(bytes, position);
    position += 4;
    if (length < 0 || length > bytes.length - position) {
      throw corruptMessage(`snappy: xerial chunk length ${length} overruns the data`);
    }
    const chunk = uncompressBlock(bytes.subarray(position, position + length), maxBytes - total);
    total += chunk.length;
    chunks.push(chunk);
    position += length;
  }
  return concatChunks(chunks, maxBytes);
}
