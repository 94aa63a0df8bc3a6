import { decodeRecordBatch, encodeRecordBatch, readRecordBatchHeader } from "@rill/protocol";

/**
 * The pure part of log compaction (cleanup.policy=compact): which records survive, and their
 * bytes. Offsets never change: a batch that keeps every record is copied as it is; otherwise
 * each kept record becomes its own batch at its original offset (so gaps inside a batch are
 * expressible with the v2 layout, which numbers records by index). Control batches are copied.
 */

/** Map key (hex) → the latest offset holding it, over the segments being cleaned. */
export type LatestOffsetByKey = Map<string, number>;

export function keyOf(key: Uint8Array | null): string | undefined {
  return key === null ? undefined : Buffer.from(key.buffer, key.byteOffset, key.length).toString("hex");
}

/** Adds every keyed record of the batches in `bytes` to `latest`. */
export function indexLatestOffsets(bytes: Uint8Array, latest: LatestOffsetByKey): void {
  let position = 0;
  while (position < bytes.length) {
    const batch = decodeRecordBatch(bytes, { position, verifyCrc: false });
    if (!batch.isControl) {
      for (const record of batch.records) {
        const key = keyOf(record.key);
        if (key !== undefined) latest.set(key, Math.max(latest.get(key) ?? -1, record.offset));
      }
    }
    position += batch.sizeInBytes;
  }
}

export interface CompactionOptions {
  readonly latest: LatestOffsetByKey;
  /** Tombstones (null value) may be dropped: the segment is older than delete.retention.ms. */
  readonly dropTombstones: boolean;
}

/**
 * Rewrites the batches of one segment (`bytes`), keeping a record when it has no key or is the
 * latest for its key (and is not a droppable tombstone). The segment's last batch is always
 * kept whole, so the segment still ends at the same offset (recovery relies on segments being
 * contiguous). Returns the new bytes and how many records were dropped.
 */
export function compactSegmentBytes(
  bytes: Uint8Array,
  options: CompactionOptions,
): { bytes: Buffer; dropped: number } {
  const parts: Uint8Array[] = [];
  let dropped = 0;
  let position = 0;
  while (position < bytes.length) {
    const header = readRecordBatchHeader(bytes, position);
    const end = position + header.sizeInBytes;
    const whole = bytes.subarray(position, end);
    if (end === bytes.length || header.isControl) {
      parts.push(whole);
      position = end;
      continue;
    }
    const batch = decodeRecordBatch(bytes, { position, verifyCrc: false });
    const kept = batch.records.filter((record) => {
      const key = keyOf(record.key);
      if (key === undefined) return true;
      if (options.latest.get(key) !== record.offset) return false;
      return !(record.value === null && options.dropTombstones);
    });
    dropped += batch.records.length - kept.length;
    if (kept.length === batch.records.length) {
      parts.push(whole);
    } else {
      for (const record of kept) {
        const delta = record.offset - batch.baseOffset;
        parts.push(
          encodeRecordBatch({
            records: [
              { key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp },
            ],
            baseOffset: record.offset,
            partitionLeaderEpoch: batch.partitionLeaderEpoch,
            compression: batch.compression,
            timestampType: batch.timestampType,
            isTransactional: batch.isTransactional,
            producerId: batch.producerId,
            producerEpoch: batch.producerEpoch,
            baseSequence:
              batch.baseSequence < 0 ? batch.baseSequence : (batch.baseSequence + delta) % 0x80000000,
          }),
        );
      }
    }
    position = end;
  }
  return { bytes: Buffer.concat(parts), dropped };
}
