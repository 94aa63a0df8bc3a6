/**
 * The produce path of a partition leader: validate a produce once, check the idempotent
 * producer's sequence, stamp LogAppendTime, append through storage's queue, and wait until
 * `acks` is met (Kafka's DelayedProduce purgatory, with the PartitionLeader core deciding when).
 *
 * Contract: everything up to the storage append runs synchronously in `produce`, so produces
 * are appended in call order and each idempotence check sees every earlier batch. An error
 * before the append means nothing was written; after it the outcome is indeterminate
 * (REQUEST_TIMED_OUT, NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS_AFTER_APPEND). No produce waits
 * past its timeout by more than two leader ticks. Owned by one PartitionReplica (the host).
 */
import {
  RillError,
  stampLogAppendTime,
  type ValidatedRecordBatches,
  validateProducedBatches,
} from "@rill/protocol";
import { offset, offsetPlus } from "@rill/protocol/ids";
import type {
  Acks,
  Durability,
  LeaderOutput,
  Offset,
  PartitionLeader,
  ProducerStateManager,
} from "@rill/replication";
import type { AppendResult, PartitionLog } from "@rill/storage";
import type { CommitPathTrace } from "./commit-path-trace.js";
import { asRillError } from "./partition-errors.js";
import type { PartitionSignal } from "./partition-signal.js";
import type { StorageReplicaLog } from "./storage-replica-log.js";

export type ProduceOutcome =
  | {
      readonly kind: "appended";
      readonly baseOffset: Offset;
      /** The append time stamped on the batches (LogAppendTime topics); -1 with CreateTime. */
      readonly logAppendTimeMs: number;
      /** The leader epoch the records were appended in. */
      readonly leaderEpoch: number;
      readonly logStartOffset: Offset;
      readonly durability: Durability;
      /** The leader had fsynced the records when it answered. */
      readonly fsynced: boolean;
    }
  | { readonly kind: "error"; readonly error: RillError };

/** The topic's message.timestamp.type (Kafka's names). */
export type TimestampType = "CreateTime" | "LogAppendTime";

type Completion = { error: RillError | undefined; durability: Durability };

/** What the produce path needs from the partition replica that owns it. */
export interface LeaderProduceHost {
  readonly log: PartitionLog;
  readonly replicaLog: StorageReplicaLog;
  /** Notified when the log end moved (followers' long polls wait on it). */
  readonly appended: PartitionSignal;
  readonly trace: CommitPathTrace;
  readonly clock: () => number;
  readonly leaderTickIntervalMs: number;
  /** STORAGE_ERROR when the data directory refuses `bytes`, else undefined (the bytes are counted). */
  reserveLogDirBytes(bytes: number): RillError | undefined;
  /** NOT_LEADER_OR_FOLLOWER naming the leader the image knows. */
  notLeaderError(): RillError;
  /** topic-partition, for messages. */
  name(): string;
  /** The leader, when the replica leads and has not resigned. */
  activeLeader(): PartitionLeader | undefined;
  /** The idempotent-producer state now (replaced when a follower truncates). */
  producerState(): ProducerStateManager;
  timestampType(): TimestampType;
  /** Acts on the leader core's output (completions come back through `complete`). */
  handleLeaderOutput(leader: PartitionLeader, output: LeaderOutput): void;
}

export class LeaderProduce {
  readonly #host: LeaderProduceHost;
  #lastAppend: Promise<void> = Promise.resolve();
  #lastDurable: Promise<void> = Promise.resolve();
  #nextProduceId = 1;
  /** Produces appended and waiting for their acks, by produce id. */
  readonly #completions = new Map<number, (completion: Completion) => void>();

  constructor(host: LeaderProduceHost) {
    this.#host = host;
  }

  /** Settles once every append started so far is written (or failed). */
  get lastAppend(): Promise<void> {
    return this.#lastAppend;
  }

  /**
   * Appends `bytes` (one or more RecordBatch v2 batches) as leader. Everything up to the storage
   * append runs synchronously, so calls are appended in call order. The outcome arrives when
   * `acks` is met, or with an error: before appending (nothing written) or after (indeterminate:
   * REQUEST_TIMED_OUT, NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS_AFTER_APPEND).
   */
  produce(input: { bytes: Buffer; acks: Acks; timeoutMs: number }): Promise<ProduceOutcome> {
    const host = this.#host;
    const trace = host.trace;
    const handledMs = trace.now();
    const leader = host.activeLeader();
    if (leader === undefined) return failed(host.notLeaderError());
    if (host.log.isOffline) return failed(new RillError("STORAGE_ERROR", `log of ${host.name()} is offline`));
    const refused = host.reserveLogDirBytes(input.bytes.length);
    if (refused !== undefined) return failed(refused);
    let validated: ValidatedRecordBatches;
    try {
      validated = this.#validateProduce(input.bytes);
    } catch (error) {
      return failed(error);
    }
    const first = (validated.batches[0] as ValidatedRecordBatches["batches"][number]).header;
    if (first.producerId >= 0) {
      if (validated.batches.length !== 1) {
        return failed(
          new RillError("INVALID_RECORD", "an idempotent produce carries exactly one batch per partition"),
        );
      }
      const check = host.producerState().checkBatch(first);
      if (check.kind === "error") return failed(check.error);
      if (check.kind === "duplicate") return this.#produceDuplicate(leader, check, input);
    }
    const rejected = leader.validateProduce({ acks: input.acks });
    if (rejected !== undefined) return failed(rejected);
    let logAppendTimeMs = -1;
    if (host.timestampType() === "LogAppendTime") {
      logAppendTimeMs = host.clock();
      validated = stampLogAppendTime(validated, logAppendTimeMs);
    }
    // The epoch stamped on the batches and answered (the leader may move to a newer epoch of its
    // own before the answer).
    const leaderEpoch = leader.leaderEpoch;
    let appended: AppendResult;
    try {
      appended = host.log.append(validated, { leaderEpoch });
    } catch (error) {
      leader.onAppendFailed({ acks: input.acks });
      return failed(error);
    }
    const producerState = host.producerState();
    validated.batches.forEach(({ header }, index) => {
      // In offset order, before the next produce is checked (ProducerStateManager's contract).
      producerState.applyBatch({
        producerId: header.producerId,
        producerEpoch: header.producerEpoch,
        baseSequence: header.baseSequence,
        lastOffsetDelta: header.lastOffsetDelta,
        baseOffset: offset(appended.baseOffsets[index] as number),
        maxTimestampMs: header.maxTimestamp,
      });
    });
    let writtenMs = handledMs;
    const written = appended.written.then(
      () => {
        writtenMs = trace.now();
        trace.since("append", handledMs);
        host.appended.notify();
        const durable = appended.durable.then(
          () => {
            trace.since("leader_fsync", writtenMs);
            const current = host.activeLeader();
            if (current !== undefined) host.handleLeaderOutput(current, current.onLogFlushed());
          },
          () => undefined,
        );
        return { durable };
      },
      (error: unknown) => {
        leader.onAppendFailed({ acks: input.acks });
        throw error;
      },
    );
    this.#lastAppend = written.then(
      () => undefined,
      () => undefined,
    );
    this.#lastDurable = written.then(
      (result) => result.durable,
      () => undefined,
    );
    const outcome = this.#completeAppend(leader, {
      ...input,
      // The storage engine's offsets, branded where they cross into replication.
      firstOffset: offset(appended.firstOffset),
      lastOffset: offset(appended.lastOffset),
      logAppendTimeMs,
      leaderEpoch,
      written,
    });
    void outcome.then((result) => {
      if (result.kind !== "appended") return;
      trace.since("replication", writtenMs);
      trace.since("produce_total", handledMs);
    });
    return outcome;
  }

  /** Answers a waiting produce (from the leader core's completions); a no-op when it is gone. */
  complete(produceId: number, completion: Completion): void {
    const resolve = this.#completions.get(produceId);
    if (resolve === undefined) return;
    this.#completions.delete(produceId);
    resolve(completion);
  }

  /** Answers every waiting produce with `errorOf()` (the replica stops serving). */
  failAll(errorOf: () => RillError): void {
    for (const produceId of [...this.#completions.keys()]) {
      this.complete(produceId, { error: errorOf(), durability: noDurability() });
    }
  }

  /** A retried batch already in the log: answered with its original offsets once acks are met. */
  #produceDuplicate(
    leader: PartitionLeader,
    duplicate: { firstOffset: Offset; lastOffset: Offset },
    input: { acks: Acks; timeoutMs: number },
  ): Promise<ProduceOutcome> {
    const rejected = leader.validateProduce({ acks: input.acks });
    if (rejected !== undefined) return failed(rejected);
    // The original may still be in the append queue: wait for it (and its fsync, for acks=1).
    const lastDurable = this.#lastDurable;
    const written = this.#lastAppend.then(() => ({ durable: lastDurable }));
    return this.#completeAppend(leader, {
      ...input,
      firstOffset: duplicate.firstOffset,
      lastOffset: duplicate.lastOffset,
      // The original's append time is not kept in the producer state.
      logAppendTimeMs: -1,
      leaderEpoch: leader.leaderEpoch,
      written,
    });
  }

  async #completeAppend(
    leader: PartitionLeader,
    input: {
      acks: Acks;
      timeoutMs: number;
      firstOffset: Offset;
      lastOffset: Offset;
      logAppendTimeMs: number;
      leaderEpoch: number;
      written: Promise<{ durable: Promise<void> }>;
    },
  ): Promise<ProduceOutcome> {
    const host = this.#host;
    const produceId = this.#nextProduceId++;
    const deadlineMs = host.clock() + input.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const completion = new Promise<Completion>((resolve) => {
      this.#completions.set(produceId, resolve);
      // The purgatory times acks=all out on a leader tick; this guard covers every other wait
      // (a stuck write or fsync), so no produce waits past its timeout by more than two ticks.
      timer = setTimeout(
        () => {
          this.#completions.delete(produceId);
          resolve({
            error: timedOut(input.lastOffset),
            durability: leader.durability(offsetPlus(input.lastOffset, 1)),
          });
        },
        input.timeoutMs + 2 * host.leaderTickIntervalMs,
      );
    });
    void input.written.then(
      async ({ durable }) => {
        if (input.acks === 1) await durable;
        if (!this.#completions.has(produceId)) {
          if (input.acks === "all") leader.onAppendFailed({ acks: "all" });
          return;
        }
        if (
          !leader.isLeader ||
          leader !== host.activeLeader() ||
          input.lastOffset >= host.replicaLog.logEndOffset()
        ) {
          // Leadership moved while the write ran: the records are in this log, their fate is the
          // new leader's (indeterminate for the client).
          this.complete(produceId, { error: host.notLeaderError(), durability: noDurability() });
          return;
        }
        const nowMs = host.clock();
        host.handleLeaderOutput(
          leader,
          leader.onAppended({
            produceId,
            acks: input.acks,
            lastOffset: input.lastOffset,
            nowMs,
            timeoutMs: Math.max(0, deadlineMs - nowMs),
          }),
        );
      },
      (error: unknown) => {
        this.complete(produceId, { error: asRillError(error), durability: noDurability() });
      },
    );
    try {
      const { error, durability } = await completion;
      if (error !== undefined) return { kind: "error", error };
      return {
        kind: "appended",
        baseOffset: input.firstOffset,
        logAppendTimeMs: input.logAppendTimeMs,
        leaderEpoch: input.leaderEpoch,
        logStartOffset: offset(host.log.logStartOffset),
        durability,
        fsynced: host.log.flushedOffset > input.lastOffset,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The broker's one validation of a produce (header, CRC, every record; keys when the topic is
   * compacted), plus what this broker does not support yet. Nothing is appended on a throw.
   */
  #validateProduce(bytes: Buffer): ValidatedRecordBatches {
    const config = this.#host.log.config;
    const validated = validateProducedBatches(bytes, {
      maxBatchBytes: config.maxMessageBytes,
      requireKeys: config.cleanupPolicy.includes("compact"),
    });
    for (const { header } of validated.batches) {
      if (header.isTransactional || header.isControl) {
        throw new RillError("INVALID_RECORD", "transactional and control batches are not supported yet");
      }
    }
    return validated;
  }
}

function failed(error: unknown): Promise<ProduceOutcome> {
  return Promise.resolve({ kind: "error", error: asRillError(error) });
}

function timedOut(lastOffset: Offset): RillError {
  return new RillError("REQUEST_TIMED_OUT", "the produce timed out; the records may still be committed", {
    details: { indeterminate: true, requiredOffset: lastOffset + 1 },
  });
}

function noDurability(): Durability {
  return { replicasWithRecords: 0, replicasDurable: 0 };
}
