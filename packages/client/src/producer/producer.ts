import { type CompressionCodec, type RecordHeader, RillError } from "@rill/protocol";
import type { ConnectionPool } from "../connection/connection-pool.js";
import type { DataClient } from "../data/data-client.js";
import type { Acks } from "../data/data-types.js";
import type { Instrumentation } from "../instrumentation/channels.js";
import { Backoff, type BackoffOptions } from "../retry/backoff.js";
import type { Clock } from "../retry/clock.js";
import { Accumulator, batchOverheadBytes } from "./accumulator.js";
import { BufferMemory } from "./buffer-memory.js";
import { PartitionChooser } from "./partitioners.js";
import type { RecordMetadata, RecordOutcome } from "./producer-batch.js";
import {
  checkAcks,
  checkCompression,
  type ProducerOptions,
  type ProducerSettings,
  producerSettings,
} from "./producer-options.js";
import { CallRecord, SendCall } from "./send-call.js";
import { type ProducerIdentity, Sender } from "./sender.js";

/** Bytes or text (UTF-8 encoded); null for none. */
export type MessageBytes = Uint8Array | string | null;

/** One record to send (KafkaJS's message shape). */
export interface Message {
  readonly key?: MessageBytes;
  readonly value: MessageBytes;
  /** Header values as bytes or text; a header may repeat a key. */
  readonly headers?: Readonly<Record<string, MessageBytes>> | readonly { key: string; value: MessageBytes }[];
  /** Send to this partition; otherwise the partitioner picks (murmur2 of the key, sticky for none). */
  readonly partition?: number;
  /** The create time in ms since the epoch; default now. */
  readonly timestamp?: number;
}

export interface SendRequest {
  readonly topic: string;
  readonly messages: readonly Message[];
  /** Overrides the producer's acks for these records (not allowed below "all" under idempotence). */
  readonly acks?: Acks;
  /** Overrides the producer's compression for these records. */
  readonly compression?: CompressionCodec;
}

/** What the Rill hands a producer. */
export interface ProducerDeps {
  readonly data: DataClient;
  readonly pool: ConnectionPool;
  readonly clock: Clock;
  readonly instrumentation: Instrumentation;
  readonly requestTimeoutMs: number;
  readonly backoff?: BackoffOptions;
  /** Randomness for the sticky partitioner; default Math.random. */
  readonly random?: () => number;
}

const utf8 = new TextEncoder();

function toBytes(value: MessageBytes | undefined, what: string): Uint8Array | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return utf8.encode(value);
  throw new RillError("INVALID_RECORD", `${what} must be a Uint8Array, a string or null`);
}

function toHeaders(headers: Message["headers"]): RecordHeader[] | undefined {
  if (headers === undefined) return undefined;
  const entries = Array.isArray(headers)
    ? (headers as readonly { key: string; value: MessageBytes }[]).map(
        (header) => [header.key, header.value] as const,
      )
    : Object.entries(headers as Record<string, MessageBytes>);
  return entries.map(([key, value]) => {
    if (typeof key !== "string") throw new RillError("INVALID_RECORD", "a header key must be a string");
    return { key, value: toBytes(value, `header '${key}'`) };
  });
}

/**
 * The batching producer (Kafka's KafkaProducer, KafkaJS's shape). `send` puts records into
 * per-partition batches; a background sender ships them (see Sender) and each record gets an
 * outcome. Idempotent by default: a producer id from the cluster and sequence numbers per
 * partition, so retries after a lost answer add no duplicates and order per partition holds with
 * several requests in flight.
 *
 * Everything `send` refuses is refused before any record of that call is accepted: a bad
 * acks/compression, an unknown topic, a partition out of range, a record larger than
 * max.request.size, a full buffer after max.block.ms, a disconnected producer.
 */
export class Producer {
  readonly settings: ProducerSettings;
  readonly #deps: ProducerDeps;
  readonly #accumulator: Accumulator;
  readonly #buffer: BufferMemory;
  readonly #chooser: PartitionChooser;
  readonly #sender: Sender;
  #identity: ProducerIdentity | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;
  /** Partition counts of topics sent to: kept through failovers (see #partitionCountOf). */
  readonly #knownPartitionCounts = new Map<string, number>();
  /** send() calls past the closed check that have not yet put their records in batches. */
  readonly #admitting = new Set<Promise<unknown>>();

  constructor(deps: ProducerDeps, options: ProducerOptions = {}) {
    this.settings = producerSettings(options, deps.requestTimeoutMs);
    this.#deps = deps;
    this.#buffer = new BufferMemory(this.settings.bufferMemory);
    this.#chooser = new PartitionChooser(this.settings.partitioner, {
      ...(deps.random === undefined ? {} : { random: deps.random }),
      stickyBytesMin: this.settings.batchSize,
    });
    this.#accumulator = new Accumulator({
      batchSize: this.settings.batchSize,
      backlogBatchSize: this.settings.backlogBatchSize,
      lingerMs: this.settings.lingerMs,
      onBatchClosed: (topic, partition, bytes) =>
        this.#chooser.batchClosed({ topic, partition, bytes, partitionCount: this.#partitionCount(topic) }),
    });
    this.#sender = new Sender({
      metadata: deps.data.metadata,
      pool: deps.pool,
      clock: deps.clock,
      backoff: new Backoff(deps.backoff),
      instrumentation: deps.instrumentation,
      accumulator: this.#accumulator,
      settings: this.settings,
      identity: () => this.#identity,
      release: (bytes) => this.#buffer.release(bytes),
      bumpEpoch: async () => {
        const current = this.#identity;
        this.#identity = await deps.data.initProducerId({
          ...(current === undefined
            ? {}
            : { producerId: current.producerId, producerEpoch: current.producerEpoch }),
          timeoutMs: this.settings.deliveryTimeoutMs,
        });
      },
    });
  }

  /** The producer id and epoch under idempotence (after connect); undefined otherwise. */
  get identity(): ProducerIdentity | undefined {
    return this.#identity;
  }

  /**
   * Gets a producer id (idempotence), waiting up to delivery.timeout.ms for the cluster; send()
   * calls it when needed. Safe to call twice.
   */
  async connect(): Promise<void> {
    this.#refuseWhenClosed();
    if (!this.settings.idempotence) return;
    this.#connecting ??= this.#deps.data
      .initProducerId({ timeoutMs: this.settings.deliveryTimeoutMs })
      .then((identity) => {
        this.#identity = identity;
      })
      .catch((error: unknown) => {
        this.#connecting = undefined;
        throw error;
      });
    await this.#connecting;
  }

  /**
   * Sends records and resolves when every one is in the log, in the order of `messages`. Throws
   * a RillError when any is not: INDETERMINATE when some may have been written, otherwise the
   * first failure; `details.outcomes` has each record's outcome. Use `sendSettled` to get the
   * outcomes without a throw.
   */
  async send(request: SendRequest): Promise<RecordMetadata[]> {
    const outcomes = await this.sendSettled(request);
    const unknown = outcomes.filter((outcome) => outcome.status === "indeterminate").length;
    const failed = outcomes.find((outcome) => outcome.status === "failed");
    if (unknown > 0) {
      const first = outcomes.find((outcome) => outcome.status === "indeterminate");
      throw new RillError(
        "INDETERMINATE",
        `${unknown} of ${outcomes.length} record(s) may or may not have been written to '${request.topic}'`,
        { cause: first?.status === "indeterminate" ? first.error : undefined, details: { outcomes } },
      );
    }
    if (failed?.status === "failed") {
      throw new RillError(failed.error.errorName, failed.error.message, {
        cause: failed.error,
        details: { ...failed.error.details, outcomes },
      });
    }
    return outcomes.map((outcome) => (outcome as { metadata: RecordMetadata }).metadata);
  }

  /**
   * Like `send`, but resolves with each record's outcome (delivered, failed, indeterminate)
   * instead of throwing for records the cluster did not take. Still throws when the call itself
   * is refused (see the class comment): then no record of it was accepted.
   */
  async sendSettled(request: SendRequest): Promise<RecordOutcome[]> {
    this.#refuseWhenClosed();
    const admission = this.#admit(request);
    this.#admitting.add(admission);
    try {
      return await await admission;
    } finally {
      this.#admitting.delete(admission);
    }
  }

  /** Checks a send and puts its records in batches; resolves with the records' outcomes to come. */
  async #admit(request: SendRequest): Promise<Promise<RecordOutcome[]>> {
    const acks = checkAcks(request.acks ?? this.settings.acks);
    if (this.settings.idempotence && acks !== "all" && acks !== -1) {
      throw new RillError("INVALID_CONFIG", `acks ${String(acks)} on an idempotent producer: use "all"`);
    }
    const compression = checkCompression(request.compression ?? this.settings.compression);
    if (typeof request.topic !== "string" || request.topic === "") {
      throw new RillError("INVALID_TOPIC_EXCEPTION", "the topic name is empty");
    }
    if (!Array.isArray(request.messages)) throw new RillError("INVALID_REQUEST", "messages must be an array");
    if (request.messages.length === 0) return Promise.resolve([]);
    await this.connect();
    const partitionCount = await this.#partitionCountOf(request.topic);
    const nowMs = this.#deps.clock.now();
    const call = new SendCall(request.messages.length);
    const records = request.messages.map((message, index) => {
      const pending = new CallRecord({
        call,
        index,
        key: toBytes(message.key, `messages[${index}].key`),
        value: toBytes(message.value, `messages[${index}].value`),
        headers: message.headers === undefined ? undefined : toHeaders(message.headers),
        timestamp: message.timestamp ?? nowMs,
        partition: message.partition,
      });
      if (!(Number.isSafeInteger(pending.timestamp) && pending.timestamp >= 0)) {
        throw new RillError(
          "INVALID_TIMESTAMP",
          `messages[${index}].timestamp ${pending.timestamp} is not ms >= 0`,
        );
      }
      if (pending.bytes + batchOverheadBytes > this.settings.maxRequestSize) {
        throw new RillError(
          "MESSAGE_TOO_LARGE",
          `messages[${index}] is ${pending.bytes} bytes; max.request.size is ${this.settings.maxRequestSize}; nothing of this send was accepted`,
          { details: { index, bytes: pending.bytes } },
        );
      }
      const partition = pending.partition;
      if (
        partition !== undefined &&
        !(Number.isInteger(partition) && partition >= 0 && partition < partitionCount)
      ) {
        throw new RillError(
          "UNKNOWN_TOPIC_OR_PARTITION",
          `messages[${index}].partition ${partition}: topic '${request.topic}' has ${partitionCount} partition(s)`,
          { details: { indeterminate: false } },
        );
      }
      return pending;
    });
    let totalBytes = 0;
    for (const pending of records) totalBytes += pending.bytes;
    await this.#buffer.reserve(totalBytes, this.settings.maxBlockMs);
    const appendedMs = this.#deps.clock.now();
    const stickyAllowed = this.settings.partitioner === "default";
    for (const pending of records) {
      const sticky = stickyAllowed && pending.partition === undefined && pending.record.key === null;
      const append = (abortOnNewBatch: boolean) =>
        this.#accumulator.append({
          topic: request.topic,
          partition:
            pending.partition ??
            this.#chooser.choose({
              topic: request.topic,
              key: pending.record.key,
              value: pending.record.value,
              partitionCount,
            }),
          acks,
          compression,
          record: pending,
          nowMs: appendedMs,
          abortOnNewBatch,
        });
      if (append(sticky) === "aborted") append(false);
    }
    // A full batch goes at once; an open one when the sender's timer fires at its linger end.
    this.#sender.wake();
    return call.outcomes;
  }

  /** Sends every batch now (no linger) and resolves when each record sent before has its outcome. */
  async flush(): Promise<void> {
    this.#sender.beginFlush();
    try {
      // Sends already under way join this flush once their records are in batches.
      await Promise.allSettled([...this.#admitting]);
      const batches = [...this.#accumulator.batches()];
      this.#sender.wake();
      await Promise.all(batches.map((batch) => batch.done));
    } finally {
      this.#sender.endFlush();
    }
  }

  /**
   * Stops taking records and delivers or fails every record already accepted (each send()
   * resolves or rejects); sends still waiting for buffer space are refused. The connections are
   * the Rill's: they stay open for its other clients.
   */
  async disconnect(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.flush();
    while ([...this.#accumulator.batches()].length > 0 || this.#admitting.size > 0) await this.flush();
    this.#sender.stop();
  }

  #refuseWhenClosed(): void {
    if (this.#closed) throw closedError();
  }

  /**
   * The topic's partition count. A topic never seen fails at once when the cluster does not know
   * it (no retries for a typo). A topic this producer has sent to keeps its last count when a
   * refresh fails or a broker that has not caught up says it is unknown (during a failover): the
   * sender's retries deal with where its partitions are.
   */
  async #partitionCountOf(name: string): Promise<number> {
    const cached = this.#deps.data.metadata.current().topics.get(name);
    if (cached !== undefined && cached.error === null && cached.partitions.length > 0) {
      this.#knownPartitionCounts.set(name, cached.partitions.length);
      return cached.partitions.length;
    }
    const known = this.#knownPartitionCounts.get(name);
    if (known !== undefined) return known;
    const startedMs = this.#deps.clock.now();
    const [info] = await this.#deps.data.describeTopics([name], Math.max(1, this.settings.maxBlockMs));
    this.#deps.instrumentation.metadata({
      topics: [name],
      durationMs: this.#deps.clock.now() - startedMs,
      errorName: info?.error?.errorName ?? null,
    });
    if (info === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `topic '${name}' is not known`);
    if (info.error !== null) {
      if (info.error.errorName === "UNKNOWN_TOPIC_OR_PARTITION") {
        throw new RillError(
          "UNKNOWN_TOPIC_OR_PARTITION",
          `topic '${name}' does not exist (create it first, e.g. rill topics create ${name}); nothing was sent`,
          { cause: info.error, details: { topic: name, indeterminate: false } },
        );
      }
      throw info.error;
    }
    if (info.partitions.length === 0) {
      throw new RillError("LEADER_NOT_AVAILABLE", `topic '${name}' has no partitions yet`, {
        details: { topic: name },
      });
    }
    this.#knownPartitionCounts.set(name, info.partitions.length);
    return info.partitions.length;
  }

  #partitionCount(topic: string): number {
    return this.#knownPartitionCounts.get(topic) ?? 1;
  }
}

function closedError(): RillError {
  return new RillError(
    "OPERATION_NOT_ATTEMPTED",
    "the producer is disconnected; create a new one with rill.producer()",
    { details: { producerClosed: true } },
  );
}
