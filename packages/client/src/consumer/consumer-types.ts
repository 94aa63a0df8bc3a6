import type { RecordHeader } from "@rill/protocol";
import type { IsolationLevel } from "../data/data-types.js";

/**
 * One record as the consumer delivers it. Offsets are safe integers (`number`), the choice the
 * DataClient and the record-batch codec made: 2^53 records is beyond any partition's life.
 * `key`, `value` and `headers` are decoded from the fetched batch when first read (its framing
 * was checked on arrival, so reading them cannot fail); `toJSON()` gives every field.
 */
export interface ConsumerRecord {
  /** The topic the record was read from. */
  readonly topic: string;
  /** The partition the record was read from. */
  readonly partition: number;
  /** The record's offset in its partition. */
  readonly offset: number;
  /** The key bytes, or null. A view into the fetched batch: copy it to keep it past the handler. */
  readonly key: Uint8Array | null;
  /** The value bytes, or null (a tombstone). A view, like `key`. */
  readonly value: Uint8Array | null;
  /** The headers, in the order the producer wrote them. */
  readonly headers: readonly RecordHeader[];
  /** The record's timestamp (Unix ms): create time, or the append time on LogAppendTime topics. */
  readonly timestamp: number;
}

/** Where a partition starts: an offset, the log start, the high watermark, or the first record at/after a time. */
export type StartPosition = number | "earliest" | "latest" | { readonly timestamp: number };

/** One partition to read, and from where (Kafka's `assign` plus a seek). */
export interface PartitionAssignment {
  /** The topic. */
  readonly topic: string;
  /** The partition index. */
  readonly partition: number;
  /** Where to start; default "latest" (a new assignment reads only what arrives from now on). */
  readonly offset?: StartPosition;
}

/**
 * What to do when the position is outside the log (Kafka auto.offset.reset): move to the log
 * start or end, or stop `run()` with a typed OFFSET_OUT_OF_RANGE error.
 */
export type AutoOffsetReset = "earliest" | "latest" | "none";

/** A topic-partition and an offset: the unit of seeks and commits. */
export interface TopicPartitionOffset {
  /** The topic. */
  readonly topic: string;
  /** The partition index. */
  readonly partition: number;
  /** The next offset to consume (Kafka commits the offset after the last record processed). */
  readonly offset: number;
}

/** A topic-partition. */
export interface TopicPartition {
  /** The topic. */
  readonly topic: string;
  /** The partition index. */
  readonly partition: number;
}

/**
 * Where committed offsets go. The consumer has no groups yet: the next issue's group membership
 * implements this (offsets in `__consumer_offsets`); without one, `commitOffsets` only reports
 * the positions to `onCommit` hooks.
 */
export interface OffsetCommitter {
  /** Stores the offsets; resolves when they are durable, rejects with a typed error otherwise. */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
}

/**
 * Who decides the assignment. With explicit assignment the application calls `assign`; the next
 * issue's group membership will call `Consumer.assign` / `unassign` from its rebalance callbacks
 * through this seam, so that the fetcher and delivery code stay the same for both.
 */
export interface AssignmentListener {
  /** Called after partitions were added (with their start positions resolved). */
  onAssigned?(partitions: readonly TopicPartitionOffset[]): void;
  /** Called after partitions were removed, with the position each had reached. */
  onRevoked?(partitions: readonly TopicPartitionOffset[]): void;
}

/** Options of a consumer. Kafka's names in camelCase; sizes in bytes, times in ms. */
export interface ConsumerOptions {
  /**
   * The most record bytes buffered and granted to brokers as fetch credit, over all partitions
   * (Kafka fetch.max.bytes); default 50 MiB. A broker may send one batch beyond the remaining
   * credit when that batch alone is larger (as Kafka returns one oversized batch), so the bound
   * is exact when batches are smaller than the credit granted.
   */
  readonly fetchMaxBytes?: number;
  /** The most record bytes one partition gets in one push (Kafka max.partition.fetch.bytes); default 1 MiB. */
  readonly maxPartitionFetchBytes?: number;
  /** What to do on OFFSET_OUT_OF_RANGE (Kafka auto.offset.reset); default "latest". */
  readonly autoOffsetReset?: AutoOffsetReset;
  /** Which records are visible (Kafka isolation.level); default "read_uncommitted". */
  readonly isolationLevel?: IsolationLevel;
  /** The deadline of the position look-ups (ListOffsets, metadata) that assign and resets make; default 30 s. */
  readonly operationTimeoutMs?: number;
  /** Where `commitOffsets` stores offsets; none by default (explicit assignment, no group). */
  readonly offsetCommitter?: OffsetCommitter;
  /** Told about assignment changes (the seam the group membership will use). */
  readonly assignmentListener?: AssignmentListener;
}

/** What `eachMessage` gets. */
export interface EachMessagePayload {
  /** The topic. */
  readonly topic: string;
  /** The partition. */
  readonly partition: number;
  /** The record. */
  readonly message: ConsumerRecord;
}

/** What `eachBatch` gets: records of one partition, in offset order. */
export interface EachBatchPayload {
  /** The topic. */
  readonly topic: string;
  /** The partition. */
  readonly partition: number;
  /** The records (at least one), in offset order. */
  readonly messages: readonly ConsumerRecord[];
  /** The partition's high watermark when these records were fetched (lag = highWatermark - next offset). */
  readonly highWatermark: number;
  /**
   * Marks records up to `offset` as processed: the position moves to `offset + 1` even if the
   * handler throws later. Without a call, the whole batch counts as processed when the handler
   * resolves.
   */
  resolveOffset(offset: number): void;
  /** False once the partition was sought, paused, unassigned or the consumer stopped: stop early. */
  isRunning(): boolean;
}

/** What `run` takes: exactly one of eachMessage or eachBatch. */
export interface RunOptions {
  /** Called once per record, in offset order per partition; the next record waits for it. */
  readonly eachMessage?: (payload: EachMessagePayload) => Promise<void> | void;
  /** Called once per fetched chunk of one partition; the next chunk of that partition waits for it. */
  readonly eachBatch?: (payload: EachBatchPayload) => Promise<void> | void;
  /** How many partitions' handlers may run at once (order is kept within each); default 1. */
  readonly partitionsConsumedConcurrently?: number;
}
