import { RECORD_BATCH_HEADER_BYTES } from "@rill/protocol";

interface CachedBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly bytes: Uint8Array;
}

/**
 * The most recently appended batches of one log, kept in memory up to `maxBytes`, so tailing
 * readers (consumers and followers at the end of the log) never touch the file. It always holds
 * a contiguous run of batches ending at the log end; older batches fall off the front. Catch-up
 * reads (below the cached range) go to the file and leave this cache alone, so a consumer
 * replaying history cannot evict what the tailing readers need.
 */
export class TailCache {
  #batches: CachedBatch[] = [];
  #head = 0;
  #bytes = 0;
  hits = 0;

  constructor(readonly maxBytes: number) {}

  get sizeBytes(): number {
    return this.#bytes;
  }

  /** Adds a batch at the log end; offsets must follow the previous batch (asserted). */
  add(baseOffset: number, lastOffset: number, bytes: Uint8Array): void {
    if (bytes.length < RECORD_BATCH_HEADER_BYTES) throw new Error("assertion: cached batch too short");
    const last = this.#batches.at(-1);
    if (last !== undefined && this.#batches.length > this.#head && baseOffset <= last.lastOffset) {
      throw new Error(`assertion: cached batch ${baseOffset} does not follow ${last.lastOffset}`);
    }
    if (bytes.length > this.maxBytes) {
      this.clear();
      return;
    }
    this.#batches.push({ baseOffset, lastOffset, bytes });
    this.#bytes += bytes.length;
    while (this.#bytes > this.maxBytes) {
      this.#bytes -= (this.#batches[this.#head] as CachedBatch).bytes.length;
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#batches.length) {
      this.#batches = this.#batches.slice(this.#head);
      this.#head = 0;
    }
  }

  /** True when every batch holding an offset >= `offset` (up to the log end) is cached. */
  covers(offset: number): boolean {
    const first = this.#batches[this.#head];
    return first !== undefined && offset >= first.baseOffset;
  }

  /**
   * Like LogSegment.read: whole batches from the one holding `offset`, at least one unless it
   * reaches `maxOffset`, up to `maxBytes`. Undefined when not covered.
   */
  read(offset: number, maxBytes: number, maxOffset: number): Buffer | undefined {
    const chunks = this.readChunks(offset, maxBytes, maxOffset);
    if (chunks === undefined) return undefined;
    if (chunks.batches.length === 1) {
      const only = chunks.batches[0] as Uint8Array;
      return Buffer.from(only.buffer, only.byteOffset, only.length);
    }
    return Buffer.concat(chunks.batches, chunks.byteLength);
  }

  /**
   * As `read`, but the cached batches themselves (no copy), for a writer that frames them into
   * its own buffer. `nextOffset` is lastOffset + 1 of the last one (`offset` when none).
   */
  readChunks(
    offset: number,
    maxBytes: number,
    maxOffset: number,
  ): { batches: Uint8Array[]; byteLength: number; nextOffset: number } | undefined {
    if (!this.covers(offset)) return undefined;
    let low = this.#head;
    let high = this.#batches.length - 1;
    let index = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.#batches[middle] as CachedBatch).lastOffset >= offset) {
        index = middle;
        high = middle - 1;
      } else {
        low = middle + 1;
      }
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    let nextOffset = offset;
    for (let at = index < 0 ? this.#batches.length : index; at < this.#batches.length; at += 1) {
      const batch = this.#batches[at] as CachedBatch;
      if (batch.lastOffset >= maxOffset) break;
      if (parts.length > 0 && total + batch.bytes.length > maxBytes) break;
      parts.push(batch.bytes);
      total += batch.bytes.length;
      nextOffset = batch.lastOffset + 1;
      if (total >= maxBytes) break;
    }
    if (index >= 0) this.hits += 1;
    return { batches: parts, byteLength: total, nextOffset };
  }

  /** Drops cached batches wholly below `offset` (their segment was rewritten by the cleaner). */
  dropBefore(offset: number): void {
    while (
      this.#head < this.#batches.length &&
      (this.#batches[this.#head] as CachedBatch).lastOffset < offset
    ) {
      this.#bytes -= (this.#batches[this.#head] as CachedBatch).bytes.length;
      this.#head += 1;
    }
  }

  /** The log was truncated to `offset`: drop batches holding offsets >= it. */
  truncateTo(offset: number): void {
    while (this.#batches.length > this.#head && (this.#batches.at(-1) as CachedBatch).lastOffset >= offset) {
      this.#bytes -= (this.#batches.pop() as CachedBatch).bytes.length;
    }
  }

  clear(): void {
    this.#batches = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}
