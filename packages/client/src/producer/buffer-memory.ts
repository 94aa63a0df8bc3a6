import { RillError } from "@rill/protocol";

interface Waiter {
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: RillError) => void;
  timer: NodeJS.Timeout | undefined;
}

/** The most send() calls that may wait for memory at once; more fail at once (a named bound). */
export const bufferWaitersMax = 100_000;

/**
 * Kafka's buffer.memory: the record bytes the producer holds between send() and their outcome.
 * A reservation that does not fit waits (first come, first served, so a large record is not
 * starved by small ones) until enough is released or `maxBlockMs` passes, then fails with
 * REQUEST_TIMED_OUT marked not indeterminate: nothing of that send was accepted.
 */
export class BufferMemory {
  readonly totalBytes: number;
  #usedBytes = 0;
  readonly #waiters: Waiter[] = [];

  constructor(totalBytes: number) {
    this.totalBytes = totalBytes;
  }

  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** Reserves `bytes`, waiting up to `maxBlockMs`. A request above the total can never fit: it fails at once. */
  async reserve(bytes: number, maxBlockMs: number): Promise<void> {
    if (bytes > this.totalBytes) {
      throw new RillError(
        "MESSAGE_TOO_LARGE",
        `${bytes} bytes of records are more than the whole buffer.memory (${this.totalBytes} bytes)`,
      );
    }
    if (this.#waiters.length === 0 && this.#usedBytes + bytes <= this.totalBytes) {
      this.#usedBytes += bytes;
      return;
    }
    if (this.#waiters.length >= bufferWaitersMax) throw exhausted(bytes, this.totalBytes, 0);
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { bytes, resolve, reject, timer: undefined };
      waiter.timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(exhausted(bytes, this.totalBytes, maxBlockMs));
        this.#wake();
      }, maxBlockMs);
      this.#waiters.push(waiter);
    });
  }

  release(bytes: number): void {
    this.#usedBytes -= bytes;
    if (this.#usedBytes < 0)
      throw new Error(`BufferMemory: released more than reserved (${this.#usedBytes})`);
    this.#wake();
  }

  #wake(): void {
    for (;;) {
      const first = this.#waiters[0];
      if (first === undefined || this.#usedBytes + first.bytes > this.totalBytes) return;
      this.#waiters.shift();
      clearTimeout(first.timer);
      this.#usedBytes += first.bytes;
      first.resolve();
    }
  }
}

function exhausted(bytes: number, totalBytes: number, maxBlockMs: number): RillError {
  return new RillError(
    "REQUEST_TIMED_OUT",
    `the producer's buffer.memory (${totalBytes} bytes) stayed full for max.block.ms (${maxBlockMs} ms); ${bytes} bytes of records were not accepted`,
    { details: { indeterminate: false, bufferExhausted: true } },
  );
}
