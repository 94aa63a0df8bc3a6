/// <reference path="./vendor.d.ts" />
/**
 * lz4 (codec 3): the LZ4 frame format with a correct header checksum, as Kafka writes it since
 * KIP-57 for magic >= 1 (KafkaLZ4BlockOutputStream): FLG = version 01 + independent blocks, BD =
 * 64 KiB blocks, no content size or checksums. Reading accepts any standard frame (block and
 * content checksums, content size, larger blocks) but no dictionary id, and only one frame.
 *
 * Compression uses lz4js's block compressor; decompression our bounded decoder (lz4-block.ts).
 * Output never exceeds the cap: a declared content size above it fails before any allocation,
 * and each block is decoded into at most min(block max size, what the cap has left).
 */
import * as lz4js from "lz4js";
import { hash as xxh32 } from "lz4js/xxh32.js";
import { corruptMessage } from "../record-batch/corrupt.js";
import { decodeLz4Block } from "./lz4-block.js";
import { concatChunks } from "./output.js";

const FRAME_MAGIC = 0x184d2204;
const FLAG_VERSION_MASK = 0xc0;
const FLAG_VERSION_01 = 0x40;
const FLAG_BLOCK_INDEPENDENT = 0x20;
const FLAG_BLOCK_CHECKSUM = 0x10;
const FLAG_CONTENT_SIZE = 0x08;
const FLAG_CONTENT_CHECKSUM = 0x04;
const FLAG_DICTIONARY_ID = 0x01;
const BLOCK_UNCOMPRESSED_BIT = 0x80000000;
/** Kafka's block size: 64 KiB (BD block-size id 4). */
export const LZ4_BLOCK_BYTES = 64 * 1024;
const BLOCK_SIZE_ID_64KIB = 4;
const BLOCK_MAX_BYTES_BY_ID: Readonly<Record<number, number>> = {
  4: 64 * 1024,
  5: 256 * 1024,
  6: 1024 * 1024,
  7: 4 * 1024 * 1024,
};

function readUint32LE(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

function writeUint32LE(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

const hashTable = new Uint32Array(1 << 16);

export function lz4Compress(bytes: Uint8Array): Uint8Array {
  const blockCount = Math.ceil(bytes.length / LZ4_BLOCK_BYTES);
  const out = new Uint8Array(7 + blockCount * (4 + lz4js.compressBound(LZ4_BLOCK_BYTES)) + 4);
  writeUint32LE(out, 0, FRAME_MAGIC);
  out[4] = FLAG_VERSION_01 | FLAG_BLOCK_INDEPENDENT;
  out[5] = BLOCK_SIZE_ID_64KIB << 4;
  out[6] = (xxh32(0, out, 4, 2) >>> 8) & 0xff;
  let at = 7;
  for (let start = 0; start < bytes.length; start += LZ4_BLOCK_BYTES) {
    const length = Math.min(LZ4_BLOCK_BYTES, bytes.length - start);
    // Independent blocks: no match may reach into an earlier block, so the table starts empty.
    hashTable.fill(0);
    const block = bytes.subarray(start, start + length);
    const compressed = lz4js.compressBlock(block, out.subarray(at + 4), 0, length, hashTable);
    if (compressed === 0 || compressed >= length) {
      writeUint32LE(out, at, (BLOCK_UNCOMPRESSED_BIT | length) >>> 0);
      out.set(block, at + 4);
      at += 4 + length;
    } else {
      writeUint32LE(out, at, compressed);
      at += 4 + compressed;
    }
  }
  writeUint32LE(out, at, 0); // end mark
  return out.subarray(0, at + 4);
}

export function lz4Decompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.length < 7 || readUint32LE(bytes, 0) !== FRAME_MAGIC)
    throw corruptMessage("lz4: bad frame magic");
  const flags = bytes[4] as number;
  const descriptor = bytes[5] as number;
  if ((flags & FLAG_VERSION_MASK) !== FLAG_VERSION_01) throw corruptMessage("lz4: unsupported frame version");
  if (flags & FLAG_DICTIONARY_ID) throw corruptMessage("lz4: dictionary ids are not supported");
  const blockMaxBytes = BLOCK_MAX_BYTES_BY_ID[(descriptor >>> 4) & 7];
  if (blockMaxBytes === undefined) throw corruptMessage("lz4: bad block size id");
  let at = 6;
  if (flags & FLAG_CONTENT_SIZE) {
    if (bytes.length < 15) throw corruptMessage("lz4: truncated frame descriptor");
    const contentSize = readUint32LE(bytes, 6) + readUint32LE(bytes, 10) * 4294967296;
    if (contentSize > maxBytes) {
      throw corruptMessage(`lz4: content size ${contentSize} exceeds the cap of ${maxBytes} bytes`);
    }
    at = 14;
  }
  if (((xxh32(0, bytes, 4, at - 4) >>> 8) & 0xff) !== bytes[at]) {
    throw corruptMessage("lz4: frame descriptor checksum mismatch");
  }
  at++;
  const blockChecksumBytes = flags & FLAG_BLOCK_CHECKSUM ? 4 : 0;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    if (bytes.length - at < 4) throw corruptMessage("lz4: truncated block size");
    const sizeField = readUint32LE(bytes, at);
    at += 4;
    if (sizeField === 0) break; // end mark
    const uncompressed = (sizeField & BLOCK_UNCOMPRESSED_BIT) !== 0;
    const size = sizeField & 0x7fffffff;
    if (size > blockMaxBytes || size > bytes.length - at - blockChecksumBytes) {
      throw corruptMessage(`lz4: block size ${size} overruns the frame`);
    }
    const room = maxBytes - total;
    if (uncompressed) {
      if (size > room) throw corruptMessage(`lz4: output exceeds the cap of ${maxBytes} bytes`);
      chunks.push(bytes.subarray(at, at + size));
      total += size;
    } else {
      // A block that would need more than `room` overruns `dst` and is reported as such.
      const dst = new Uint8Array(Math.min(blockMaxBytes, room));
      let written: number;
      try {
        written = decodeLz4Block(bytes, at, at + size, dst);
      } catch (error) {
        if (room < blockMaxBytes) throw corruptMessage(`lz4: output exceeds the cap of ${maxBytes} bytes`);
        throw error;
      }
      chunks.push(dst.subarray(0, written));
      total += written;
    }
    if (blockChecksumBytes && readUint32LE(bytes, at + size) !== xxh32(0, bytes, at, size) >>> 0) {
      throw corruptMessage("lz4: block checksum mismatch");
    }
    at += size + blockChecksumBytes;
  }
  if (flags & FLAG_CONTENT_CHECKSUM) {
    if (bytes.length - at < 4) throw corruptMessage("lz4: truncated content checksum");
    at += 4; // verified below once the content is joined
  }
  if (at !== bytes.length) throw corruptMessage("lz4: trailing bytes after the frame");
  const content = concatChunks(chunks, maxBytes);
  if (
    flags & FLAG_CONTENT_CHECKSUM &&
    readUint32LE(bytes, at - 4) !== xxh32(0, content, 0, content.length) >>> 0
  ) {
    throw corruptMessage("lz4: content checksum mismatch");
  }
  return content;
}
