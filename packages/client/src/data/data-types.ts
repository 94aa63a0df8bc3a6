import type { RillError } from "@rill/protocol";

/** Kafka's `acks`: "all" (-1) waits for the ISR, 1 for the leader, 0 for nothing. */
export type Acks = "all" | -1 | 1 | 0;

export interface ProduceOptions {
  readonly topic: string;
  readonly partition: number;
  /** One or more whole RecordBatch v2 batches, concatenated (baseOffset is stamped by the leader). */
  readonly batch: Uint8Array;
  /** Default "all". */
  readonly acks?: Acks;
  /** The deadline for the whole produce, retries included (Kafka delivery.timeout.ms). */
  readonly timeoutMs?: number;
  /**
   * Send again after an attempt whose outcome is unknown (timeout, lost connection). Default:
   * only when the batch is idempotent (producer id and sequence set), because otherwise the
   * retry may append the records twice. When false, such an attempt ends the produce with
   * INDETERMINATE.
   */
  readonly retryAfterIndeterminate?: boolean;
  readonly signal?: AbortSignal;
}

/** How durable the records were when the leader answered (as the broker reports it). */
export interface Durability {
  /** Replicas (the leader included) holding the records. */
  readonly replicasHolding: number;
  /** Whether the leader had fsynced them. */
  readonly fsynced: boolean;
}

export interface ProduceResult {
  readonly topic: string;
  readonly partition: number;
  /** The offset of the first record; -1 with acks=0 (the broker does not say). */
  readonly baseOffset: number;
  /** The offset of the last record (baseOffset + offsets taken - 1); -1 with acks=0. */
  readonly lastOffset: number;
  readonly recordCount: number;
  /** The append time when the topic uses LogAppendTime; -1 with CreateTime. */
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
  /** Null with acks=0, or when the broker did not report it. */
  readonly durability: Durability | null;
  /**
   * The leader that answered, and the leader epoch the records were appended in (from the answer;
   * the epoch as the client knew it when the broker does not say, e.g. with acks=0).
   */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly attempts: number;
  /**
   * True when an earlier attempt may also have appended these records (it timed out or lost its
   * connection and the batch is not idempotent): the partition may hold them twice.
   */
  readonly possibleDuplicate: boolean;
}

export type IsolationLevel = "read_uncommitted" | "read_committed";

export interface FetchOptions {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The most record bytes to return (at least one batch is returned even if larger); default 1 MiB. */
  readonly maxBytes?: number;
  /** How long the broker may wait for minBytes (Kafka fetch.max.wait.ms); default 500. */
  readonly maxWaitMs?: number;
  /** The bytes worth answering with before maxWaitMs (Kafka fetch.min.bytes); default 1. */
  readonly minBytes?: number;
  /**
   * The leader epoch the caller believes current (KIP-320). When given, FENCED_LEADER_EPOCH and
   * UNKNOWN_LEADER_EPOCH are returned to the caller (it must re-validate its position); when
   * absent, the cache's epoch is sent and those errors are retried after a refresh.
   */
  readonly leaderEpoch?: number;
  readonly isolationLevel?: IsolationLevel;
  /** The deadline for the whole fetch, retries included; default maxWaitMs + requestTimeoutMs. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface FetchResult {
  readonly topic: string;
  readonly partition: number;
  /** Whole RecordBatch v2 batches, concatenated; empty when nothing new (see decodeFetchedBatches). */
  readonly records: Uint8Array;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly abortedTransactions: readonly { readonly producerId: number; readonly firstOffset: number }[];
}

/** Which offset ListOffsets finds. */
export type OffsetSpec = "earliest" | "latest" | "max-timestamp" | { readonly timestampMs: number };

export interface ListOffsetsOptions {
  readonly topic: string;
  readonly partition: number;
  readonly spec: OffsetSpec;
  readonly isolationLevel?: IsolationLevel;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ListOffsetsResult {
  readonly topic: string;
  readonly partition: number;
  /** The found offset; -1 when no record is at or after the timestamp. */
  readonly offset: number;
  /** The found record's timestamp; -1 for earliest/latest. */
  readonly timestampMs: number;
  readonly leaderEpoch: number;
}

/** A per-partition failure of a batch answer, as a typed error (exported for tests and tools). */
export type PartitionError = RillError;
