/**
 * The SDK producer for fault tests, writing down its history: every record it sent, which were
 * acknowledged (with their offsets) and which ended indeterminate. Records are unique strings
 * so a checker can find each one again.
 *
 * Several send() calls are in flight at once (the producer batches them and keeps several
 * requests in flight per broker); order per partition is the producer's to keep. After an
 * INDETERMINATE batch the producer itself takes a new epoch, as Kafka's does.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import { channelNames, type Producer, type RecordOutcome, type RetryEvent } from "@rill/client";
import type { AcknowledgedRecord } from "./delivery-checker.js";

/** The pause after a refused send() call before the next one. */
const REFUSED_BACKOFF_MS = 100;

export interface ProducerHistory {
  readonly sent: string[];
  readonly acknowledged: AcknowledgedRecord[];
  /** When each acknowledgement arrived (Date.now()), index for index with `acknowledged`. */
  readonly acknowledgedAt: number[];
  readonly indeterminate: string[];
  /** Records that definitely were not appended, by error name. */
  readonly failed: Map<string, number>;
  /** Batch retries the producer made (from its `rill:client:retry` instrumentation). */
  retriedBatches: number;
}

export interface HistoryProducerOptions {
  readonly producer: Producer;
  /** Whose retries to count: the Rill's client id. */
  readonly clientId: string;
  readonly topic: string;
  readonly partition: number;
  /** Records per send() call. */
  readonly recordsPerSend: number;
  /** send() calls awaiting their outcomes at once. */
  readonly sendsInFlight: number;
  /** A prefix that makes values unique across producers. */
  readonly valuePrefix: string;
}

export class HistoryProducer {
  readonly history: ProducerHistory = {
    sent: [],
    acknowledged: [],
    acknowledgedAt: [],
    indeterminate: [],
    failed: new Map(),
    retriedBatches: 0,
  };
  #nextValue = 0;
  #stopping = false;
  #running: Promise<void> | undefined;
  readonly #onRetry = (message: unknown): void => {
    if ((message as RetryEvent).clientId === this.#options.clientId) this.history.retriedBatches += 1;
  };

  readonly #options: HistoryProducerOptions;
  constructor(options: HistoryProducerOptions) {
    this.#options = options;
  }

  start(): void {
    diagnosticsChannel.subscribe(channelNames.retry, this.#onRetry);
    this.#running = this.#loop();
  }

  /** Stops sending and resolves once every record sent has its outcome. */
  async stop(): Promise<ProducerHistory> {
    this.#stopping = true;
    await this.#running;
    diagnosticsChannel.unsubscribe(channelNames.retry, this.#onRetry);
    return this.history;
  }

  async #loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.#stopping) {
      const values = Array.from(
        { length: this.#options.recordsPerSend },
        () => `${this.#options.valuePrefix}-${this.#nextValue++}`,
      );
      this.history.sent.push(...values);
      const sending: Promise<void> = this.#options.producer
        .sendSettled({
          topic: this.#options.topic,
          messages: values.map((value) => ({ value, partition: this.#options.partition })),
        })
        .then(
          (outcomes) => this.#record(values, outcomes),
          async (error: unknown) => {
            // A refused call: none of its records was accepted. Back off before the next one,
            // so a cluster that refuses fast does not turn this loop into a spin.
            const name = error instanceof Error && "errorName" in error ? String(error.errorName) : "REFUSED";
            this.history.failed.set(name, (this.history.failed.get(name) ?? 0) + values.length);
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
    const now = Date.now();
    for (const [index, outcome] of outcomes.entries()) {
      const value = values[index] as string;
      if (outcome.status === "delivered") {
        this.history.acknowledged.push({ value, offset: outcome.metadata.offset });
        this.history.acknowledgedAt.push(now);
      } else if (outcome.status === "indeterminate") {
        this.history.indeterminate.push(value);
      } else {
        const name = outcome.error.errorName;
        this.history.failed.set(name, (this.history.failed.get(name) ?? 0) + 1);
      }
    }
  }
}
