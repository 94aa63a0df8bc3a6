import type { FetchedChunk, PartitionState } from "./partition-state.js";

/**
 * The records fetched ahead of the application, over all partitions, counted in record bytes.
 * The fetcher grants brokers credit only for `capacityBytes - bufferedBytes - credit already
 * granted`, so the buffer plus what is in flight stays within the capacity (Kafka
 * fetch.max.bytes). Chunks live in their partition's queue; this class keeps the count honest.
 */
export class PrefetchBuffer {
  readonly capacityBytes: number;
  #bufferedBytes = 0;
  /** The most bytes ever buffered at once (tests check the bound against it). */
  #peakBytes = 0;

  constructor(capacityBytes: number) {
    if (!(Number.isSafeInteger(capacityBytes) && capacityBytes >= 1)) {
      throw new RangeError(`prefetch capacity ${capacityBytes} is not a positive integer`);
    }
    this.capacityBytes = capacityBytes;
  }

  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  get peakBytes(): number {
    return this.#peakBytes;
  }

  /** Appends a chunk to its partition's queue. */
  push(state: PartitionState, chunk: FetchedChunk): void {
    state.chunks.push(chunk);
    this.#bufferedBytes += chunk.bytes;
    this.#peakBytes = Math.max(this.#peakBytes, this.#bufferedBytes);
  }

  /** Removes the partition's first chunk (fully delivered). */
  shift(state: PartitionState): void {
    const chunk = state.chunks.shift();
    if (chunk !== undefined) this.#bufferedBytes -= chunk.bytes;
  }

  /** Drops everything buffered for the partition (seek, reset, unassign). */
  drop(state: PartitionState): void {
    for (const chunk of state.chunks) this.#bufferedBytes -= chunk.bytes;
    state.chunks.length = 0;
  }
}
