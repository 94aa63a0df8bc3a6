/**
 * Kafka's TimeIndex: a sparse map from timestamp to offset in one segment. Entries are 12 bytes
 * on disk: timestamp (int64) and offset relative to the segment base (int32), big-endian. An
 * entry (t, o) means "the largest timestamp at offsets <= o is t"; timestamps in entries strictly
 * increase, so a lookup for timestamp T finds the last entry with timestamp < T and scans the log
 * from its offset (everything at or before it is older than T).
 *
 * Like the offset index it lives in memory and is written at roll/close, rebuilt when bad.
 */
export const TIME_INDEX_ENTRY_BYTES = 12;

export interface TimeIndexEntry {
  readonly timestamp: number;
  readonly offset: number;
}

export class TimeIndex {
  readonly #timestamps: number[] = [];
  readonly #relativeOffsets: number[] = [];

  constructor(
    readonly baseOffset: number,
    readonly maxEntries: number,
  ) {}

  get entries(): number {
    return this.#timestamps.length;
  }

  get isFull(): boolean {
    return this.#timestamps.length >= this.maxEntries;
  }

  lastEntry(): TimeIndexEntry | undefined {
    const count = this.#timestamps.length;
    if (count === 0) return undefined;
    return {
      timestamp: this.#timestamps[count - 1] as number,
      offset: this.baseOffset + (this.#relativeOffsets[count - 1] as number),
    };
  }

  /** Adds (timestamp, offset) when the timestamp is larger than the last entry's; else no-op. */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    const last = this.lastEntry();
    if (last !== undefined && timestamp <= last.timestamp) return;
    if (last !== undefined && offset < last.offset) {
      throw new Error(`assertion: time index offset ${offset} goes back from ${last.offset}`);
    }
    if (this.isFull && !skipFullCheck) return;
    const relative = offset - this.baseOffset;
    if (!(relative >= 0 && relative <= 0x7fffffff)) {
      throw new Error(`assertion: offset ${offset} does not fit segment ${this.baseOffset}'s time index`);
    }
    if (last !== undefined && offset === last.offset) {
      // Same offset, larger timestamp: replace rather than add (keeps offsets non-decreasing).
      this.#timestamps[this.#timestamps.length - 1] = timestamp;
      return;
    }
    this.#timestamps.push(timestamp);
    this.#relativeOffsets.push(relative);
  }

  /**
   * The offset from which to scan for the first record with timestamp >= target: the offset of
   * the last entry whose timestamp < target (or the base offset). Entries store the largest
   * timestamp up to and including their offset, so records before that entry are all < target.
   */
  lookup(targetTimestamp: number): number {
    let low = 0;
    let high = this.#timestamps.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.#timestamps[middle] as number) < targetTimestamp) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found < 0 ? this.baseOffset : this.baseOffset + (this.#relativeOffsets[found] as number);
  }

  truncateToOffset(offset: number): void {
    while (
      this.#relativeOffsets.length > 0 &&
      this.baseOffset + (this.#relativeOffsets.at(-1) as number) >= offset
    ) {
      this.#timestamps.pop();
      this.#relativeOffsets.pop();
    }
  }

  clear(): void {
    this.#timestamps.length = 0;
    this.#relativeOffsets.length = 0;
  }

  serialize(): Buffer {
    const bytes = Buffer.alloc(this.#timestamps.length * TIME_INDEX_ENTRY_BYTES);
    for (let index = 0; index < this.#timestamps.length; index += 1) {
      bytes.writeBigInt64BE(BigInt(this.#timestamps[index] as number), index * TIME_INDEX_ENTRY_BYTES);
      bytes.writeInt32BE(this.#relativeOffsets[index] as number, index * TIME_INDEX_ENTRY_BYTES + 8);
    }
    return bytes;
  }

  /** Loads from file bytes; false (index left empty) when the sanity check fails. */
  load(bytes: Uint8Array, nextSegmentBaseOffset: number): boolean {
    this.clear();
    if (bytes.length % TIME_INDEX_ENTRY_BYTES !== 0) return false;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    let lastTimestamp = Number.NEGATIVE_INFINITY;
    let lastOffset = -1;
    for (let at = 0; at < bytes.length; at += TIME_INDEX_ENTRY_BYTES) {
      const timestamp = Number(view.readBigInt64BE(at));
      const relative = view.readInt32BE(at + 8);
      const offset = this.baseOffset + relative;
      if (
        !Number.isSafeInteger(timestamp) ||
        relative < 0 ||
        timestamp <= lastTimestamp ||
        offset < lastOffset
      ) {
        this.clear();
        return false;
      }
      if (offset >= nextSegmentBaseOffset || this.#timestamps.length > this.maxEntries) {
        this.clear();
        return false;
      }
      this.#timestamps.push(timestamp);
      this.#relativeOffsets.push(relative);
      lastTimestamp = timestamp;
      lastOffset = offset;
    }
    return true;
  }
}
