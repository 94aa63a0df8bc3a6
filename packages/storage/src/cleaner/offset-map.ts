import { decodeRecordBatch, readRecordBatchHeader } from "@rill/protocol";

/**
 * Kafka's cleaner OffsetMap: for every key in the mapped (dirty) part of the log, the offset of
 * its latest record. Keys are held as latin1 strings of their bytes (exact, no hash collisions);
 * its size is bounded by the cleaner's `offsetMapKeysMax`, checked between segments.
 */
export class OffsetMap {
  readonly #latest = new Map<string, number>();

  get size(): number {
    return this.#latest.size;
  }

  /** The latest offset seen for `key`, or undefined when the mapped section never had it. */
  latestOffset(key: Uint8Array): number | undefined {
    return this.#latest.get(keyString(key));
  }

  /** Adds every keyed record of the (non-control) batches in `bytes`, which are in offset order. */
  addBatches(bytes: Uint8Array): void {
    let position = 0;
    while (position < bytes.length) {
      const header = readRecordBatchHeader(bytes, position);
      if (!header.isControl) {
        const batch = decodeRecordBatch(bytes, { position, verifyCrc: false });
        for (const record of batch.records) {
          if (record.key !== null) this.#latest.set(keyString(record.key), record.offset);
        }
      }
      position += header.sizeInBytes;
    }
  }
}

function keyString(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.length).toString("latin1");
}
