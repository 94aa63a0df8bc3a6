/**
 * The SDK producer sending keyed records (the default partitioner: murmur2 on the key), writing
 * down its history for a checker: every record in send order, where each acknowledged one landed
 * (partition and offset), which ended INDETERMINATE and which failed for certain. Values are
 * unique ("<key>#<n>": the n-th record of that key), so each can be found again.
 *
 * send() calls go out one after the other from one loop (several awaiting their outcomes at
 * once), so send order is the order the producer took the records in.
 */
import type { Producer, RecordOutcome } from "@rill/client";

/** The pause after a refused send() call before the next one. */
const REFUSED_BACKOFF_MS = 100;

export interface KeyedAcknowledgedRecord {
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
}

export interface KeyedProducerHistory {
  readonly sent: string[];
  readonly acknowledged: KeyedAcknowledgedRecord[];
  readonly indeterminate: string[];
  /** Certainly not appended (an outcome "failed", or a refused send() call). */
  readonly failed: string[];
  readonly failedByError: Map<string, number>;
}

export interface KeyedHistoryProducerOptions {
  readonly producer: Producer;
  readonly topic: string;
  /** Records cycle through this many keys. */
  readonly keys: number;
  readonly recordsPerSend: number;
  /** send() calls awaiting their outcomes at once. */
  readonly sendsInFlight: number;
}

export class KeyedHistoryProducer {
  readonly history: KeyedProducerHistory = {
    sent: [],
    acknowledged: [],
    indeterminate: [],
    failed: [],
    failedByError: new Map(),
  };
  readonly #options: KeyedHistoryProducerOptions;
  readonly #sentPerKey: number[];
  #running: Promise<void> | undefined;
  #stopping = false;

  constructor(options: KeyedHistoryProducerOptions) {
    this.#options = options;
    this.#sentPerKey = new Array<number>(options.keys).fill(0);
  }

  /** The key a value was sent with. */
  static keyOf(value: string): string {
    return value.slice(0, value.indexOf("#"));
  }

  start(): void {
    this.#running = this.#loop();
  }

  /** Stops sending and resolves once every record sent has its outcome. */
  async stop(): Promise<KeyedProducerHistory> {
    this.#stopping = true;
    await this.#running;
    return this.history;
  }

  async #loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let next = 0;
    while (!this.#stopping) {
      const count = this.#options.recordsPerSend;
      const messages = Array.from({ length: count }, (_, index) => {
        const key = (next + index) % this.#options.keys;
        const sequence = this.#sentPerKey[key] as number;
        this.#sentPerKey[key] = sequence + 1;
        return { key: `k${key}`, value: `k${key}#${sequence}` };
      });
      next += count;
      const values = messages.map((message) => message.value);
      this.history.sent.push(...values);
      const sending: Promise<void> = this.#options.producer
        .sendSettled({ topic: this.#options.topic, messages })
        .then(
          (outcomes) => this.#record(values, outcomes),
          async (error: unknown) => {
            // A refused call: none of its records was accepted.
            const name = error instanceof Error && "errorName" in error ? String(error.errorName) : "REFUSED";
            this.#failed(values, name);
            await new Promise((resolve) => setTimeout(resolve, REFUSED_BACKOFF_MS));
          },
        )
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      while (inFlight.size >= this.#options.sendsInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  #record(values: readonly string[], outcomes: readonly RecordOutcome[]): void {
    for (const [index, outcome] of outcomes.entries()) {
      const value = values[index] as string;
      if (outcome.status === "delivered") {
        this.history.acknowledged.push({
          value,
          partition: outcome.metadata.partition,
          offset: outcome.metadata.offset,
        });
      } else if (outcome.status === "indeterminate") {
        this.history.indeterminate.push(value);
      } else {
        this.#failed([value], outcome.error.errorName);
      }
    }
  }

  #failed(values: readonly string[], errorName: string): void {
    this.history.failed.push(...values);
    this.history.failedByError.set(
      errorName,
      (this.history.failedByError.get(errorName) ?? 0) + values.length,
    );
  }
}
