import {
  type BrokerV1,
  callUnary,
  GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  partitionForKey,
  RillError,
} from "@rill/protocol";
import { parseBootstrap } from "../connection/address.js";
import { ConnectionPool, type ConnectionPoolOptions } from "../connection/connection-pool.js";
import type { ClusterMetadata, TopicInfo } from "../metadata/cluster-metadata.js";
import { MetadataCache } from "../metadata/metadata-cache.js";
import { summarizeBatches } from "../records/batch-summary.js";
import { Backoff, type BackoffOptions } from "../retry/backoff.js";
import { type Clock, systemClock } from "../retry/clock.js";
import { Deadline } from "../retry/deadline.js";
import { retryUntilDeadline } from "../retry/retry-loop.js";
import type {
  Acks,
  FetchOptions,
  FetchResult,
  IsolationLevel,
  ListOffsetsOptions,
  ListOffsetsResult,
  OffsetSpec,
  ProduceOptions,
  ProduceResult,
} from "./data-types.js";
import { decideForPartition, successfulAnswer } from "./routing.js";

export interface DataClientOptions {
  /** Any brokers of the cluster, "host:port"; the rest is learnt from metadata. */
  readonly bootstrap: readonly string[];
  /** The longest one request may take before it is retried (Kafka request.timeout.ms); default 10 s. */
  readonly requestTimeoutMs?: number;
  /** The default deadline of a produce or listOffsets, retries included; default 30 s. */
  readonly operationTimeoutMs?: number;
  /** Kafka metadata.max.age.ms; default 5 min. */
  readonly metadataMaxAgeMs?: number;
  readonly backoff?: BackoffOptions;
  readonly clock?: Clock;
  /** Share a pool with other clients; otherwise the client owns one (closed by close()). */
  readonly pool?: ConnectionPool;
  readonly poolOptions?: ConnectionPoolOptions;
}

export const dataClientDefaults = {
  requestTimeoutMs: 10_000,
  operationTimeoutMs: 30_000,
  fetchMaxBytes: 1024 * 1024,
  fetchMaxWaitMs: 500,
  fetchMinBytes: 1,
} as const;

/** Kafka's acks as the wire enum (shared with the producer's sender). */
export const ACKS_WIRE: Record<string, BrokerV1.Acks> = {
  all: "ACKS_ALL",
  "-1": "ACKS_ALL",
  "1": "ACKS_LEADER",
  "0": "ACKS_NONE",
};
const ISOLATION_WIRE: Record<IsolationLevel, BrokerV1.IsolationLevel> = {
  read_uncommitted: "ISOLATION_LEVEL_READ_UNCOMMITTED",
  read_committed: "ISOLATION_LEVEL_READ_COMMITTED",
};

function requireInteger(value: number, name: string, min: number): void {
  if (!(Number.isSafeInteger(value) && value >= min)) {
    throw new RillError("INVALID_REQUEST", `${name} must be an integer >= ${min}, got ${value}`);
  }
}

function requireTopic(topic: string): void {
  if (typeof topic !== "string" || topic.length === 0) {
    throw new RillError("INVALID_TOPIC_EXCEPTION", "the topic name is empty");
  }
}

/**
 * The low-level data client: bootstraps from any broker, keeps a metadata cache, and routes
 * produce, fetch and listOffsets of record batches to partition leaders, retrying retriable
 * errors (after a metadata refresh or straight to a hinted leader) until the operation's
 * deadline. Outcomes are honest: an error that reads as "failed" means nothing was appended; when
 * an attempt may have appended, the produce ends INDETERMINATE or (if it succeeded later) with
 * `possibleDuplicate`.
 */
export class DataClient {
  readonly metadata: MetadataCache;
  readonly #pool: ConnectionPool;
  readonly #ownsPool: boolean;
  readonly #clock: Clock;
  readonly #backoff: Backoff;
  readonly #requestTimeoutMs: number;
  readonly #operationTimeoutMs: number;

  constructor(options: DataClientOptions) {
    const bootstrap = parseBootstrap(options.bootstrap);
    this.#ownsPool = options.pool === undefined;
    this.#pool = options.pool ?? new ConnectionPool(options.poolOptions);
    this.#clock = options.clock ?? systemClock;
    this.#backoff = new Backoff(options.backoff);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? dataClientDefaults.requestTimeoutMs;
    this.#operationTimeoutMs = options.operationTimeoutMs ?? dataClientDefaults.operationTimeoutMs;
    this.metadata = new MetadataCache({
      bootstrap,
      pool: this.#pool,
      clock: this.#clock,
      requestTimeoutMs: Math.min(this.#requestTimeoutMs, 5_000),
      ...(options.metadataMaxAgeMs === undefined ? {} : { maxAgeMs: options.metadataMaxAgeMs }),
    });
  }

  /** Refreshes and returns the metadata of `topics` (errors per topic are in TopicInfo.error). */
  async describeTopics(
    topics: readonly string[],
    timeoutMs = this.#operationTimeoutMs,
  ): Promise<TopicInfo[]> {
    const deadline = new Deadline(this.#clock, timeoutMs);
    const outcome = await retryUntilDeadline({
      operation: "metadata",
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      mutating: false,
      retryAfterIndeterminate: true,
      attempt: async () => {
        await this.metadata.refresh(topics, deadline);
        return this.metadata.current();
      },
      decide: (error) => (error.retriable || error.errorName === "BROKER_NOT_AVAILABLE" ? "backoff" : "fail"),
    });
    const picture: ClusterMetadata = outcome.value;
    return topics.map(
      (name) =>
        picture.topics.get(name) ?? {
          name,
          topicId: "",
          isInternal: false,
          partitions: [],
          error: new RillError("UNKNOWN_TOPIC_OR_PARTITION", `topic '${name}' is not known`),
        },
    );
  }

  /**
   * A producer id and epoch for idempotent batches (Kafka's InitProducerId), from any live broker.
   * Pass the id and epoch a producer had to get the same id with the next epoch (after an
   * unknown outcome left its sequence numbers in doubt). A retry after a lost answer is harmless:
   * it only costs an unused id.
   */
  async initProducerId(
    options: { producerId?: number; producerEpoch?: number; timeoutMs?: number } = {},
  ): Promise<{ producerId: number; producerEpoch: number }> {
    const deadline = new Deadline(this.#clock, options.timeoutMs ?? this.#operationTimeoutMs);
    let turn = 0;
    const outcome = await retryUntilDeadline({
      operation: "initProducerId",
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      mutating: false,
      retryAfterIndeterminate: true,
      attemptTimeoutMs: this.#requestTimeoutMs,
      attempt: async ({ timeoutMs }) => {
        if (this.metadata.current().brokers.size === 0) await this.metadata.refresh([], deadline);
        const brokers = [...this.metadata.current().brokers.values()];
        const broker = brokers[turn++ % Math.max(1, brokers.length)];
        if (broker === undefined) throw new RillError("BROKER_NOT_AVAILABLE", "no broker is known yet");
        return callUnary(
          this.#pool.broker(broker.address),
          "initProducerId",
          {
            transactionalId: "",
            producerId: options.producerId ?? -1,
            producerEpoch: options.producerEpoch ?? -1,
          },
          { timeoutMs },
        );
      },
      decide: (error) => (error.retriable || error.errorName === "BROKER_NOT_AVAILABLE" ? "backoff" : "fail"),
    });
    return { producerId: Number(outcome.value.producerId), producerEpoch: outcome.value.producerEpoch };
  }

  /**
   * One topic's metadata, waiting for it: a topic the brokers do not know yet (just created, the
   * metadata still spreading) is asked for again after a backoff until the deadline. Throws the
   * topic's error (UNKNOWN_TOPIC_OR_PARTITION, ...) when it is still missing then.
   */
  async topicMetadata(topic: string, timeoutMs = this.#operationTimeoutMs): Promise<TopicInfo> {
    requireTopic(topic);
    const deadline = new Deadline(this.#clock, timeoutMs);
    const outcome = await retryUntilDeadline({
      operation: `metadata of topic '${topic}'`,
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      mutating: false,
      retryAfterIndeterminate: true,
      attempt: async () => {
        const info = await this.metadata.topic(topic, deadline);
        if (info.error !== null) throw info.error;
        return info;
      },
      decide: (error) => {
        this.metadata.invalidate(topic);
        return error.retriable || error.errorName === "BROKER_NOT_AVAILABLE" ? "backoff" : "fail";
      },
    });
    return outcome.value;
  }

  /**
   * The partition a keyed record goes to: Kafka's default partitioner (murmur2 of the key
   * modulo the partition count), so keys land where Kafka's Java client puts them.
   */
  async partitionForKey(
    topic: string,
    key: Uint8Array,
    timeoutMs = this.#operationTimeoutMs,
  ): Promise<number> {
    const info = await this.topicMetadata(topic, timeoutMs);
    return partitionForKey(key, info.partitions.length);
  }

  /** Appends record batches to a partition's leader (see ProduceOptions for the retry rules). */
  async produce(options: ProduceOptions): Promise<ProduceResult> {
    const { topic, partition } = options;
    requireTopic(topic);
    requireInteger(partition, "partition", 0);
    const acks: Acks = options.acks ?? "all";
    const acksWire = ACKS_WIRE[String(acks)];
    if (acksWire === undefined) {
      throw new RillError("INVALID_REQUIRED_ACKS", `acks must be "all", -1, 1 or 0, got ${String(acks)}`);
    }
    if (options.batch.length > GRPC_MAX_RECORDS_BYTES_PER_MESSAGE) {
      throw new RillError(
        "MESSAGE_TOO_LARGE",
        `the batch is ${options.batch.length} bytes; one produce carries at most ${GRPC_MAX_RECORDS_BYTES_PER_MESSAGE}`,
      );
    }
    const summary = summarizeBatches(options.batch);
    const deadline = new Deadline(this.#clock, options.timeoutMs ?? this.#operationTimeoutMs);
    const outcome = await retryUntilDeadline({
      operation: `produce to ${topic}-${partition}`,
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      signal: options.signal,
      mutating: true,
      retryAfterIndeterminate: options.retryAfterIndeterminate ?? summary.idempotent,
      attemptTimeoutMs: this.#requestTimeoutMs,
      attempt: async ({ timeoutMs }) => {
        const route = await this.metadata.leader(topic, partition, deadline);
        const response = await callUnary(
          this.#pool.broker(route.address),
          "produce",
          {
            acks: acksWire,
            timeoutMs: brokerWaitMs(timeoutMs),
            topicData: [{ name: topic, partitionData: [{ index: partition, records: options.batch }] }],
          },
          { timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) },
        );
        const answer = response.responses
          .find((candidate) => candidate.name === topic)
          ?.partitionResponses.find((candidate) => candidate.index === partition);
        if (answer === undefined && acks === 0) return { route, answer: undefined };
        return { route, answer: successfulAnswer(answer, topic, partition) };
      },
      decide: (error) => decideForPartition(this.metadata, topic, partition, error),
    });
    const { route, answer } = outcome.value;
    const baseOffset = acks === 0 || answer === undefined ? -1 : answer.baseOffset;
    return {
      topic,
      partition,
      baseOffset,
      lastOffset: baseOffset < 0 ? -1 : baseOffset + summary.offsetCount - 1,
      recordCount: summary.recordCount,
      logAppendTimeMs: answer?.logAppendTimeMs ?? -1,
      logStartOffset: answer?.logStartOffset ?? -1,
      durability:
        answer?.durability === null || answer?.durability === undefined
          ? null
          : { replicasHolding: answer.durability.replicasHolding, fsynced: answer.durability.fsynced },
      leaderId: route.leaderId,
      // The epoch the leader appended in, when it says (brokers before the field answer 0 or -1).
      leaderEpoch: answer !== undefined && answer.leaderEpoch > 0 ? answer.leaderEpoch : route.leaderEpoch,
      attempts: outcome.attempts,
      possibleDuplicate: outcome.earlierAttemptMayHaveTakenEffect && !summary.idempotent,
    };
  }

  /** Reads record batches from a partition's leader, with long polling. */
  async fetch(options: FetchOptions): Promise<FetchResult> {
    const { topic, partition } = options;
    requireTopic(topic);
    requireInteger(partition, "partition", 0);
    requireInteger(options.offset, "offset", 0);
    const maxBytes = options.maxBytes ?? dataClientDefaults.fetchMaxBytes;
    const maxWaitMs = options.maxWaitMs ?? dataClientDefaults.fetchMaxWaitMs;
    const minBytes = options.minBytes ?? dataClientDefaults.fetchMinBytes;
    requireInteger(maxBytes, "maxBytes", 1);
    requireInteger(maxWaitMs, "maxWaitMs", 0);
    requireInteger(minBytes, "minBytes", 0);
    const attemptTimeoutMs = maxWaitMs + this.#requestTimeoutMs;
    const deadline = new Deadline(this.#clock, options.timeoutMs ?? attemptTimeoutMs);
    const callerEpoch = options.leaderEpoch;
    const outcome = await retryUntilDeadline({
      operation: `fetch from ${topic}-${partition}`,
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      signal: options.signal,
      mutating: false,
      retryAfterIndeterminate: true,
      attemptTimeoutMs,
      attempt: async ({ timeoutMs }) => {
        const route = await this.metadata.leader(topic, partition, deadline);
        const response = await callUnary(
          this.#pool.broker(route.address),
          "fetch",
          {
            maxWaitMs: Math.min(maxWaitMs, Math.max(0, timeoutMs - 1)),
            minBytes,
            maxBytes,
            isolationLevel: ISOLATION_WIRE[options.isolationLevel ?? "read_uncommitted"],
            topics: [
              {
                topic,
                partitions: [
                  {
                    partition,
                    currentLeaderEpoch: callerEpoch ?? route.leaderEpoch,
                    fetchOffset: options.offset,
                    partitionMaxBytes: maxBytes,
                  },
                ],
              },
            ],
          },
          { timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) },
        );
        const data = response.responses
          .find((candidate) => candidate.topic === topic)
          ?.partitions.find((candidate) => candidate.partitionIndex === partition);
        return { route, data: successfulAnswer(data, topic, partition) };
      },
      decide: (error) => {
        // A caller that named its epoch must learn it is stale (KIP-320): it may have to truncate.
        if (
          callerEpoch !== undefined &&
          (error.errorName === "FENCED_LEADER_EPOCH" || error.errorName === "UNKNOWN_LEADER_EPOCH")
        ) {
          return "fail";
        }
        return decideForPartition(this.metadata, topic, partition, error);
      },
    });
    const { route, data } = outcome.value;
    return {
      topic,
      partition,
      records: data.records,
      highWatermark: data.highWatermark,
      lastStableOffset: data.lastStableOffset,
      logStartOffset: data.logStartOffset,
      leaderId: route.leaderId,
      leaderEpoch: callerEpoch ?? route.leaderEpoch,
      abortedTransactions: data.abortedTransactions.map((aborted) => ({
        producerId: aborted.producerId,
        firstOffset: aborted.firstOffset,
      })),
    };
  }

  /** Finds an offset by position or time (earliest, latest, max-timestamp, first at/after a timestamp). */
  async listOffsets(options: ListOffsetsOptions): Promise<ListOffsetsResult> {
    const { topic, partition } = options;
    requireTopic(topic);
    requireInteger(partition, "partition", 0);
    const { spec, timestampMs } = offsetSpecWire(options.spec);
    const deadline = new Deadline(this.#clock, options.timeoutMs ?? this.#operationTimeoutMs);
    const outcome = await retryUntilDeadline({
      operation: `listOffsets of ${topic}-${partition}`,
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      signal: options.signal,
      mutating: false,
      retryAfterIndeterminate: true,
      attemptTimeoutMs: this.#requestTimeoutMs,
      attempt: async ({ timeoutMs }) => {
        const route = await this.metadata.leader(topic, partition, deadline);
        const response = await callUnary(
          this.#pool.broker(route.address),
          "listOffsets",
          {
            isolationLevel: ISOLATION_WIRE[options.isolationLevel ?? "read_uncommitted"],
            topics: [
              {
                name: topic,
                partitions: [
                  { partitionIndex: partition, currentLeaderEpoch: route.leaderEpoch, spec, timestampMs },
                ],
              },
            ],
          },
          { timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) },
        );
        const answer = response.topics
          .find((candidate) => candidate.name === topic)
          ?.partitions.find((candidate) => candidate.partitionIndex === partition);
        return successfulAnswer(answer, topic, partition);
      },
      decide: (error) => decideForPartition(this.metadata, topic, partition, error),
    });
    return {
      topic,
      partition,
      offset: outcome.value.offset,
      timestampMs: outcome.value.timestampMs,
      leaderEpoch: outcome.value.leaderEpoch,
    };
  }

  /** Closes the connections (when this client owns its pool). */
  close(): void {
    if (this.#ownsPool) this.#pool.close();
  }
}

/**
 * How long the broker may wait for acks: a little less than the call's own deadline, so that a
 * slow ISR comes back as the broker's REQUEST_TIMED_OUT rather than a transport timeout.
 */
export function brokerWaitMs(callTimeoutMs: number): number {
  return Math.max(1, callTimeoutMs - Math.min(1_000, Math.floor(callTimeoutMs / 10)));
}

function offsetSpecWire(spec: OffsetSpec): { spec: BrokerV1.OffsetSpec; timestampMs: number } {
  if (spec === "earliest") return { spec: "OFFSET_SPEC_EARLIEST", timestampMs: -1 };
  if (spec === "latest") return { spec: "OFFSET_SPEC_LATEST", timestampMs: -1 };
  if (spec === "max-timestamp") return { spec: "OFFSET_SPEC_MAX_TIMESTAMP", timestampMs: -1 };
  if (typeof spec === "object" && Number.isSafeInteger(spec.timestampMs) && spec.timestampMs >= 0) {
    return { spec: "OFFSET_SPEC_TIMESTAMP", timestampMs: spec.timestampMs };
  }
  throw new RillError(
    "INVALID_REQUEST",
    `offset spec ${JSON.stringify(spec)} is not earliest, latest, max-timestamp or { timestampMs >= 0 }`,
  );
}
