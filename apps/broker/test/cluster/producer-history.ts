/**
 * An idempotent acks=all producer for fault tests that writes down its history: every record it
 * sent, which were acknowledged (with their offsets) and which ended indeterminate. Records are
 * unique strings so a checker can find each one again.
 *
 * One batch is in flight at a time. A produce that ends INDETERMINATE (its deadline passed while
 * the cluster failed over) leaves the sequence state unknown, so the producer bumps its epoch
 * (InitProducerId with its id and epoch) and starts again at sequence 0, as Kafka's producer does.
 */
import type { DataClient } from "@rill/client";
import { type BrokerV1, encodeRecordBatch, isRillError, type RillError } from "@rill/protocol";
import type { AcknowledgedRecord } from "./delivery-checker.js";

const REINITIALIZE_TIMEOUT_MS = 60_000;
const REINITIALIZE_BACKOFF_MS = 200;

export interface ProducerHistory {
  readonly sent: string[];
  readonly acknowledged: AcknowledgedRecord[];
  readonly indeterminate: string[];
  /** Errors that say "definitely not appended", by error name. */
  readonly failed: Map<string, number>;
  /** Produces that needed more than one attempt (retried across a failure). */
  retriedBatches: number;
}

export interface HistoryProducerOptions {
  readonly client: DataClient;
  readonly initProducerId: (
    request: BrokerV1.InitProducerIdRequest,
  ) => Promise<BrokerV1.InitProducerIdResponse__Output>;
  readonly topic: string;
  readonly partition: number;
  readonly recordsPerBatch: number;
  readonly produceTimeoutMs: number;
  /** A prefix that makes values unique across producers. */
  readonly valuePrefix: string;
}

export class HistoryProducer {
  readonly history: ProducerHistory = {
    sent: [],
    acknowledged: [],
    indeterminate: [],
    failed: new Map(),
    retriedBatches: 0,
  };
  private producerId = -1;
  private producerEpoch = -1;
  private nextSequence = 0;
  private nextValue = 0;
  private stopping = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: HistoryProducerOptions) {}

  start(): void {
    this.running = this.loop();
  }

  /** Stops after the batch in flight and resolves once it has ended. */
  async stop(): Promise<ProducerHistory> {
    this.stopping = true;
    await this.running;
    return this.history;
  }

  private async loop(): Promise<void> {
    await this.initProducer();
    while (!this.stopping) await this.produceOne();
  }

  private async initProducer(): Promise<void> {
    const answer = await this.options.initProducerId({
      transactionalId: "",
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
    });
    this.producerId = Number(answer.producerId);
    this.producerEpoch = answer.producerEpoch;
    this.nextSequence = 0;
  }

  private async produceOne(): Promise<void> {
    const values = Array.from(
      { length: this.options.recordsPerBatch },
      () => `${this.options.valuePrefix}-${this.nextValue++}`,
    );
    const batch = encodeRecordBatch({
      records: values.map((value) => ({ key: null, value: Buffer.from(value), headers: [] })),
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: this.nextSequence,
    });
    this.history.sent.push(...values);
    try {
      const result = await this.options.client.produce({
        topic: this.options.topic,
        partition: this.options.partition,
        batch,
        acks: "all",
        timeoutMs: this.options.produceTimeoutMs,
      });
      if (result.attempts > 1) this.history.retriedBatches += 1;
      this.nextSequence += values.length;
      for (const [index, value] of values.entries()) {
        this.history.acknowledged.push({ value, offset: result.baseOffset + index });
      }
    } catch (error) {
      if (!isRillError(error)) throw error;
      if (!isDefinitelyNotAppended(error)) {
        this.history.indeterminate.push(...values);
        await this.reinitialize();
        return;
      }
      this.history.failed.set(error.errorName, (this.history.failed.get(error.errorName) ?? 0) + 1);
      // Not appended: the sequence numbers are free for the next batch, unless the broker's
      // sequence state disagrees with ours, which a new epoch resets.
      if (error.errorName === "OUT_OF_ORDER_SEQUENCE_NUMBER") await this.reinitialize();
    }
  }

  private async reinitialize(): Promise<void> {
    const deadline = Date.now() + REINITIALIZE_TIMEOUT_MS;
    for (;;) {
      try {
        await this.initProducer();
        return;
      } catch (error) {
        if (!isRillError(error) || !error.retriable || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, REINITIALIZE_BACKOFF_MS));
      }
    }
  }
}

/** Errors after which the broker has certainly not appended the batch. */
function isDefinitelyNotAppended(error: RillError): boolean {
  return [
    "NOT_LEADER_OR_FOLLOWER",
    "NOT_ENOUGH_REPLICAS",
    "UNKNOWN_TOPIC_OR_PARTITION",
    "LEADER_NOT_AVAILABLE",
    "OUT_OF_ORDER_SEQUENCE_NUMBER",
  ].includes(error.errorName);
}
