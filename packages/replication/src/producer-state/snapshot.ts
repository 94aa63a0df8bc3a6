import { crc32c, RillError } from "@rill/protocol";
import type { Offset } from "../types.js";
import type { BatchMetadata, ProducerStateEntry } from "./producer-batch.js";
import { PRODUCER_BATCH_CACHE_SIZE, ProducerStateManager } from "./producer-state-manager.js";

/**
 * The producer-state snapshot: compact, versioned, checksummed bytes, big-endian.
 *
 *   version          int16   (1)
 *   crc              uint32  CRC-32C of every byte after this field
 *   endOffset        int64   every batch below it is reflected; replay the log from here
 *   producerCount    int32
 *   producerCount × {
 *     producerId     int64
 *     producerEpoch  int16
 *     lastTimestamp  int64
 *     firstOffset    int64
 *     batchCount     int8    1..5
 *     batchCount × { firstSequence int32, lastSequence int32, firstOffset int64, lastOffsetDelta int32 }
 *   }
 *
 * All five cached batches are kept (Kafka keeps only the last), so a retry answered before a
 * restart is answered the same after it.
 */
export const PRODUCER_SNAPSHOT_VERSION = 1;
/** A bound on producers per snapshot, so a corrupt count cannot make decoding allocate wildly. */
export const PRODUCER_SNAPSHOT_PRODUCERS_MAX = 10_000_000;

const HEADER_BYTES = 2 + 4;
const BODY_FIXED_BYTES = 8 + 4;
const PRODUCER_FIXED_BYTES = 8 + 2 + 8 + 8 + 1;
const BATCH_BYTES = 4 + 4 + 8 + 4;

export function encodeProducerSnapshot(state: ProducerStateManager): Uint8Array {
  const entries = state.entries();
  const size =
    HEADER_BYTES +
    BODY_FIXED_BYTES +
    entries.reduce((sum, entry) => sum + PRODUCER_FIXED_BYTES + entry.batches.length * BATCH_BYTES, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = HEADER_BYTES;
  const int64 = (value: number) => {
    writeSafeInt64(view, at, value);
    at += 8;
  };
  view.setInt16(0, PRODUCER_SNAPSHOT_VERSION);
  int64(state.endOffset);
  view.setInt32(at, entries.length);
  at += 4;
  for (const entry of entries) {
    int64(entry.producerId);
    view.setInt16(at, entry.producerEpoch);
    at += 2;
    int64(entry.lastTimestampMs);
    int64(entry.firstOffset);
    view.setInt8(at, entry.batches.length);
    at += 1;
    for (const batch of entry.batches) {
      view.setInt32(at, batch.firstSequence);
      view.setInt32(at + 4, batch.lastSequence);
      at += 8;
      int64(batch.firstOffset);
      view.setInt32(at, batch.lastOffset - batch.firstOffset);
      at += 4;
    }
  }
  if (at !== size) throw new Error(`producer snapshot size mismatch: wrote ${at} of ${size}`);
  view.setUint32(2, crc32c(bytes, HEADER_BYTES));
  return bytes;
}

/**
 * Decodes a snapshot; a snapshot that is torn, of another version, fails its checksum or is
 * inconsistent raises CORRUPT_MESSAGE — the caller then drops it and rebuilds from an older
 * snapshot or the whole log.
 */
export function decodeProducerSnapshot(bytes: Uint8Array): ProducerStateManager {
  const corrupt = (reason: string) =>
    new RillError("CORRUPT_MESSAGE", `producer-state snapshot: ${reason}`, { details: { snapshot: true } });
  if (bytes.length < HEADER_BYTES + BODY_FIXED_BYTES) throw corrupt(`too short (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getInt16(0);
  if (version !== PRODUCER_SNAPSHOT_VERSION) throw corrupt(`unsupported version ${version}`);
  if (view.getUint32(2) !== crc32c(bytes, HEADER_BYTES)) throw corrupt("checksum mismatch");
  let at = HEADER_BYTES;
  const need = (count: number) => {
    if (at + count > bytes.length) throw corrupt("truncated");
  };
  const int64 = () => {
    need(8);
    const value = readSafeInt64(view, at);
    if (value === undefined) throw corrupt(`64-bit value at byte ${at} is not a safe integer`);
    at += 8;
    return value;
  };
  /** An offset read from the file: a corrupt snapshot, not a RangeError, when negative. */
  const offsetAt = (what: string): Offset => {
    const value = int64();
    if (value < 0) throw corrupt(`negative ${what} ${value}`);
    return value as Offset;
  };
  const endOffset = offsetAt("end offset");
  need(4);
  const producerCount = view.getInt32(at);
  at += 4;
  if (producerCount < 0 || producerCount > PRODUCER_SNAPSHOT_PRODUCERS_MAX) {
    throw corrupt(`producer count ${producerCount} out of range`);
  }
  const entries: ProducerStateEntry[] = [];
  const seen = new Set<number>();
  for (let index = 0; index < producerCount; index++) {
    const producerId = int64();
    need(2);
    const producerEpoch = view.getInt16(at);
    at += 2;
    const lastTimestampMs = int64();
    const firstOffset = offsetAt("first offset");
    need(1);
    const batchCount = view.getInt8(at);
    at += 1;
    if (producerId < 0 || producerEpoch < 0 || seen.has(producerId))
      throw corrupt(`bad producer ${producerId}`);
    if (batchCount < 1 || batchCount > PRODUCER_BATCH_CACHE_SIZE) throw corrupt(`batch count ${batchCount}`);
    seen.add(producerId);
    const batches: BatchMetadata[] = [];
    for (let batchIndex = 0; batchIndex < batchCount; batchIndex++) {
      need(8);
      const firstSequence = view.getInt32(at);
      const lastSequence = view.getInt32(at + 4);
      at += 8;
      const batchFirstOffset = offsetAt("batch first offset");
      need(4);
      const lastOffsetDelta = view.getInt32(at);
      at += 4;
      const lastOffset = (batchFirstOffset + lastOffsetDelta) as Offset;
      const previous = batches.at(-1);
      if (
        firstSequence < 0 ||
        lastSequence < 0 ||
        lastOffsetDelta < 0 ||
        batchFirstOffset < firstOffset ||
        lastOffset >= endOffset ||
        (previous !== undefined && batchFirstOffset <= previous.lastOffset)
      ) {
        throw corrupt(`inconsistent batch of producer ${producerId}`);
      }
      batches.push({ firstSequence, lastSequence, firstOffset: batchFirstOffset, lastOffset });
    }
    entries.push({ producerId, producerEpoch, batches, lastTimestampMs, firstOffset });
  }
  if (at !== bytes.length) throw corrupt(`${bytes.length - at} trailing bytes`);
  return ProducerStateManager.fromEntries(entries, endOffset);
}

const TWO_POW_32 = 2 ** 32;

/** Writes a safe integer as a big-endian two's-complement int64 (no BigInt on the hot path). */
function writeSafeInt64(view: DataView, at: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
  const high = Math.floor(value / TWO_POW_32);
  view.setInt32(at, high);
  view.setUint32(at + 4, value - high * TWO_POW_32);
}

/** Reads a big-endian int64; undefined when it is outside the safe-integer range. */
function readSafeInt64(view: DataView, at: number): number | undefined {
  const high = view.getInt32(at);
  const low = view.getUint32(at + 4);
  // |high| < 2^21 keeps |value| <= 2^53 - 1; the edges are checked exactly below.
  if (high >= 0x20_0000 || high < -0x20_0000) return undefined;
  const value = high * TWO_POW_32 + low;
  return Number.isSafeInteger(value) ? value : undefined;
}
