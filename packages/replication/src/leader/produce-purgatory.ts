import { invariant } from "../invariant.js";
import type { Offset } from "../types.js";

/** An acks=all append waiting for the high watermark to pass its last offset. */
export interface PendingProduce {
  readonly produceId: number;
  /** lastOffset + 1: done when highWatermark >= requiredOffset. */
  readonly requiredOffset: Offset;
  readonly deadlineMs: number;
}

/**
 * Kafka's delayed-produce purgatory for one partition, bounded by `maxPending`, kept sorted by
 * required offset so completion pops from the front; timeouts scan the whole (bounded) set.
 */
export class ProducePurgatory {
  readonly maxPending: number;
  readonly #pending: PendingProduce[] = [];
  readonly #ids = new Set<number>();

  constructor(maxPending: number) {
    invariant(Number.isSafeInteger(maxPending) && maxPending > 0, "maxPending must be a positive integer");
    this.maxPending = maxPending;
  }

  get size(): number {
    return this.#pending.length;
  }

  isFull(): boolean {
    return this.#pending.length >= this.maxPending;
  }

  add(produce: PendingProduce): void {
    invariant(!this.isFull(), "purgatory is full: the caller checks isFull() before appending");
    invariant(!this.#ids.has(produce.produceId), () => `duplicate produce id ${produce.produceId}`);
    // Appends usually arrive in offset order (push); an async driver may report them slightly out
    // of order, so insert in place to keep the front-popping completion correct.
    let index = this.#pending.length;
    while (index > 0 && this.#pending[index - 1]!.requiredOffset > produce.requiredOffset) index--;
    this.#pending.splice(index, 0, produce);
    this.#ids.add(produce.produceId);
  }

  /** Removes and returns the produces whose last offset is below `highWatermark`. */
  takeCompleted(highWatermark: Offset): PendingProduce[] {
    let count = 0;
    while (count < this.#pending.length && this.#pending[count]!.requiredOffset <= highWatermark) count++;
    return this.#remove(this.#pending.splice(0, count));
  }

  /** Removes and returns the produces whose deadline is at or before `nowMs`. */
  takeExpired(nowMs: number): PendingProduce[] {
    const expired: PendingProduce[] = [];
    for (let index = this.#pending.length - 1; index >= 0; index--) {
      if (this.#pending[index]!.deadlineMs <= nowMs) expired.unshift(...this.#pending.splice(index, 1));
    }
    return this.#remove(expired);
  }

  takeAll(): PendingProduce[] {
    return this.#remove(this.#pending.splice(0, this.#pending.length));
  }

  #remove(produces: PendingProduce[]): PendingProduce[] {
    for (const produce of produces) this.#ids.delete(produce.produceId);
    return produces;
  }
}
