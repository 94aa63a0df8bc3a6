import type { CompressionCodec, RecordInput, RillError } from "@rill/protocol";
import type { Acks, Durability } from "../data/data-types.js";

/** Where one record landed. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset; -1 with acks=0 (the broker does not say). */
  readonly offset: number;
  /** The record's timestamp: the log-append time when the topic uses it, else the create time. */
  readonly timestamp: number;
  /** How durable the record was when the leader answered; null with acks=0. */
  readonly durability: Durability | null;
}

/**
 * The outcome of one record, never "failed" when it may have been written:
 * - delivered: in the log, at `metadata`;
 * - failed: certainly not in the log (the error says why);
 * - indeterminate: may or may not be in the log (a timeout or lost connection after sending,
 *   the delivery timeout passed after such an attempt). Look before sending it again.
 */
export type RecordOutcome =
  | { readonly status: "delivered"; readonly metadata: RecordMetadata }
  | { readonly status: "failed"; readonly error: RillError }
  | { readonly status: "indeterminate"; readonly error: RillError };

/** One record waiting in a batch, with the callback that settles its send(). */
export interface PendingRecord {
  readonly record: RecordInput & { readonly timestamp: number };
  /** Its estimated size in a batch (recordSizeBytes). */
  readonly bytes: number;
  readonly settle: (outcome: RecordOutcome) => void;
}

/**
 * A batch of records for one partition (Kafka's ProducerBatch): filled by the accumulator while
 * open, then sent, retried and settled as a whole. Its records keep their send() order; the
 * sequence number is given at the first send (idempotence) and may move down when a batch
 * before it fails for certain (the gap it leaves would make the broker refuse this one).
 */
export class ProducerBatch {
  readonly topic: string;
  readonly partition: number;
  readonly acks: Acks;
  readonly compression: CompressionCodec;
  /**
   * Increases per partition in creation order: the order batches must reach the log in. Moves
   * back (for every later batch alike) when an earlier batch is split.
   */
  order: number;
  readonly createdMs: number;
  records: PendingRecord[] = [];
  /** The estimated encoded size of the records (what batch.size and buffer.memory count). */
  bytes = 0;
  /** Closed: full, or sent; no record joins it any more. */
  closed = false;
  /** The sequence of the first record under idempotence; -1 until first sent. */
  baseSequence = -1;
  attempts = 0;
  /** An attempt may have appended it (timed out, connection lost after sending). */
  mayHaveBeenWritten = false;
  /** NOT_ENOUGH_REPLICAS answers so far (the first one refreshes the metadata before judging). */
  notEnoughReplicasAnswers = 0;
  /** Not sent again before this time (the retry backoff). */
  retryNotBeforeMs = 0;
  /** The encoded batch for the current sequence; dropped when the sequence changes. */
  encoded: Uint8Array | null = null;
  /** Resolves once every record of the batch has its outcome (flush waits on it). */
  readonly done: Promise<void>;
  readonly #resolveDone: () => void;
  /** Batches split off this one: `done` waits for them too (a flush covers their records). */
  readonly #parts: ProducerBatch[] = [];

  constructor(options: {
    topic: string;
    partition: number;
    acks: Acks;
    compression: CompressionCodec;
    order: number;
    createdMs: number;
  }) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.acks = options.acks;
    this.compression = options.compression;
    this.order = options.order;
    this.createdMs = options.createdMs;
    let resolveDone: () => void = () => undefined;
    this.done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    this.#resolveDone = resolveDone;
  }

  /** Settles every record of the batch with the same kind of outcome. */
  settle(outcome: (index: number) => RecordOutcome): void {
    for (let index = 0; index < this.records.length; index++) {
      (this.records[index] as PendingRecord).settle(outcome(index));
    }
    if (this.#parts.length === 0) this.#resolveDone();
    else void Promise.all(this.#parts.map((part) => part.done)).then(this.#resolveDone);
  }

  /** Keeps only `records` (a split): the encoded bytes and the size go with the old ones. */
  replaceRecords(records: PendingRecord[]): void {
    this.records = records;
    this.bytes = records.reduce((sum, record) => sum + record.bytes, 0);
    this.encoded = null;
  }

  /** Records batches split off this one (see `done`). */
  addParts(parts: readonly ProducerBatch[]): void {
    this.#parts.push(...parts);
  }
}
