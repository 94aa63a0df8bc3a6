/**
 * Kafka's OffsetIndex: a sparse map from offset to file position in one segment, one entry per
 * `index.interval.bytes` of log. Each entry is 8 bytes on disk: the offset relative to the
 * segment's base offset (int32) and the byte position of a batch (int32), both big-endian. The
 * offset stored is the batch's last offset (as Kafka does), so a lookup returns a position at or
 * before the batch holding the target offset.
 *
 * The index lives in memory; the file is written when the segment is rolled or closed, and is
 * rebuilt from the log when it is missing or fails the sanity check (no mmap in Node).
 */
export const OFFSET_INDEX_ENTRY_BYTES = 8;

export interface IndexEntry {
  readonly offset: number;
  readonly position: number;
}

export class OffsetIndex {
  #relativeOffsets: Int32Array;
  #positions: Int32Array;
  #count = 0;

  constructor(
    readonly baseOffset: number,
    /** Capacity in entries (segment.index.bytes / 8); a full index makes the log roll. */
    readonly maxEntries: number,
  ) {
    const initial = Math.min(maxEntries, 64);
    this.#relativeOffsets = new Int32Array(initial);
    this.#positions = new Int32Array(initial);
  }

  get entries(): number {
    return this.#count;
  }

  get isFull(): boolean {
    return this.#count >= this.maxEntries;
  }

  lastEntry(): IndexEntry | undefined {
    if (this.#count === 0) return undefined;
    return this.entryAt(this.#count - 1);
  }

  entryAt(index: number): IndexEntry {
    if (index < 0 || index >= this.#count) throw new RangeError(`index entry ${index} of ${this.#count}`);
    return {
      offset: this.baseOffset + (this.#relativeOffsets[index] as number),
      position: this.#positions[index] as number,
    };
  }

  /** Appends an entry; offsets and positions must strictly increase (asserted). */
  append(offset: number, position: number): void {
    const relative = offset - this.baseOffset;
    if (!(relative >= 0 && relative <= 0x7fffffff)) {
      throw new Error(`assertion: offset ${offset} does not fit segment ${this.baseOffset}'s index`);
    }
    if (this.isFull) throw new Error(`assertion: offset index of segment ${this.baseOffset} is full`);
    const last = this.lastEntry();
    if (last !== undefined && (offset <= last.offset || position <= last.position)) {
      throw new Error(
        `assertion: index entry (${offset}, ${position}) is not after (${last.offset}, ${last.position})`,
      );
    }
    if (this.#count === this.#relativeOffsets.length) this.#grow();
    this.#relativeOffsets[this.#count] = relative;
    this.#positions[this.#count] = position;
    this.#count += 1;
  }

  #grow(): void {
    const capacity = Math.min(this.maxEntries, this.#relativeOffsets.length * 2);
    const offsets = new Int32Array(capacity);
    offsets.set(this.#relativeOffsets);
    const positions = new Int32Array(capacity);
    positions.set(this.#positions);
    this.#relativeOffsets = offsets;
    this.#positions = positions;
  }

  /** The largest entry whose offset is <= target, or undefined (start at position 0). */
  lookup(targetOffset: number): IndexEntry | undefined {
    const relative = targetOffset - this.baseOffset;
    let low = 0;
    let high = this.#count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.#relativeOffsets[middle] as number) <= relative) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found < 0 ? undefined : this.entryAt(found);
  }

  /** Drops every entry whose offset is >= `offset` (the log was truncated there). */
  truncateToOffset(offset: number): void {
    while (this.#count > 0 && (this.lastEntry() as IndexEntry).offset >= offset) this.#count -= 1;
  }

  /** Drops every entry whose position is >= `position`. */
  truncateToPosition(position: number): void {
    while (this.#count > 0 && (this.lastEntry() as IndexEntry).position >= position) this.#count -= 1;
  }

  clear(): void {
    this.#count = 0;
  }

  serialize(): Buffer {
    const bytes = Buffer.alloc(this.#count * OFFSET_INDEX_ENTRY_BYTES);
    for (let index = 0; index < this.#count; index += 1) {
      bytes.writeInt32BE(this.#relativeOffsets[index] as number, index * OFFSET_INDEX_ENTRY_BYTES);
      bytes.writeInt32BE(this.#positions[index] as number, index * OFFSET_INDEX_ENTRY_BYTES + 4);
    }
    return bytes;
  }

  /**
   * Loads entries from a file's bytes; returns false (and leaves the index empty) when the file
   * fails the sanity check: a partial entry, entries not strictly increasing, a position at or
   * past `logSizeBytes`, or an offset at or past `nextSegmentBaseOffset`.
   */
  load(bytes: Uint8Array, logSizeBytes: number, nextSegmentBaseOffset: number): boolean {
    this.clear();
    if (bytes.length % OFFSET_INDEX_ENTRY_BYTES !== 0) return false;
    const entries = bytes.length / OFFSET_INDEX_ENTRY_BYTES;
    if (entries > this.maxEntries) return false;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    let lastOffset = -1;
    let lastPosition = -1;
    for (let index = 0; index < entries; index += 1) {
      const relative = view.readInt32BE(index * OFFSET_INDEX_ENTRY_BYTES);
      const position = view.readInt32BE(index * OFFSET_INDEX_ENTRY_BYTES + 4);
      const offset = this.baseOffset + relative;
      if (relative < 0 || offset <= lastOffset || position <= lastPosition) return this.#fail();
      if (position >= logSizeBytes || offset >= nextSegmentBaseOffset) return this.#fail();
      this.append(offset, position);
      lastOffset = offset;
      lastPosition = position;
    }
    return true;
  }

  #fail(): false {
    this.clear();
    return false;
  }
}
