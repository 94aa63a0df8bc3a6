import { type BrokerV1, isDefinitelyNotDone, RillError } from "@rill/protocol";
import { decideForPartition, partitionError } from "../data/routing.js";
import type { MetadataCache } from "../metadata/metadata-cache.js";
import { batchOverheadBytes } from "./accumulator.js";
import type { ProducerBatch } from "./producer-batch.js";
import type { SenderDeps } from "./sender-deps.js";

/** Errors that mean "an earlier batch of this partition is missing", retried while one is on its way. */
const SEQUENCE_ERRORS = new Set(["OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID"]);

/**
 * What becomes of a batch after an attempt or a wait (the Sender's other half): delivered from
 * the leader's answer, retried after a backoff with jitter (at once to a hinted new leader), split
 * when a grown batch is refused as too large, or ended as failed / INDETERMINATE (never failed
 * when an attempt may have appended it; retried after that only under idempotence). Ending a
 * batch that may have been written under idempotence puts the sequences in doubt
 * (`onSequencesInDoubt`): the Sender then takes a new epoch before it sends more.
 */
export class BatchSettler {
  readonly #deps: SenderDeps;
  readonly #onSequencesInDoubt: () => void;

  constructor(deps: SenderDeps, onSequencesInDoubt: () => void) {
    this.#deps = deps;
    this.#onSequencesInDoubt = onSequencesInDoubt;
  }

  answered(batch: ProducerBatch, answer: BrokerV1.ProducePartitionResponse__Output | undefined): void {
    if (answer === undefined) {
      if (batch.acks === 0) {
        this.#deliver(batch, -1, -1, null);
        return;
      }
      this.failed(
        batch,
        new RillError(
          "UNKNOWN_SERVER_ERROR",
          `the broker's answer did not mention ${batch.topic}-${batch.partition}`,
          {
            details: { indeterminate: true },
          },
        ),
      );
      return;
    }
    if (answer.errorCode !== 0) {
      this.failed(
        batch,
        partitionError(
          answer.errorCode,
          answer.errorMessage,
          batch.topic,
          batch.partition,
          answer.currentLeader,
        ),
      );
      return;
    }
    const durability =
      answer.durability === null
        ? null
        : { replicasHolding: answer.durability.replicasHolding, fsynced: answer.durability.fsynced };
    this.#deliver(batch, batch.acks === 0 ? -1 : answer.baseOffset, answer.logAppendTimeMs, durability);
  }

  #deliver(
    batch: ProducerBatch,
    baseOffset: number,
    logAppendTimeMs: number,
    durability: { replicasHolding: number; fsynced: boolean } | null,
  ): void {
    const queue = this.#deps.accumulator.queue(batch.topic, batch.partition);
    this.#deps.accumulator.remove(batch);
    if (
      queue.inFlight.retrying &&
      queue.inFlight.batches.size === 0 &&
      !queue.pending.some((other) => other.attempts > 0)
    ) {
      queue.inFlight.retrying = false;
    }
    batch.settle((index) => ({
      status: "delivered",
      metadata: {
        topic: batch.topic,
        partition: batch.partition,
        offset: baseOffset < 0 ? -1 : baseOffset + index,
        timestamp: logAppendTimeMs >= 0 ? logAppendTimeMs : (batch.records[index]?.record.timestamp ?? -1),
        durability,
      },
    }));
    this.#finished(batch, "delivered", null);
  }

  /** A failed attempt: retry it, or end it as failed or INDETERMINATE. */
  failed(batch: ProducerBatch, error: RillError): void {
    const { accumulator, metadata, clock, settings } = this.#deps;
    const queue = accumulator.queue(batch.topic, batch.partition);
    queue.inFlight.batches.delete(batch);
    if (!isDefinitelyNotDone(error)) batch.mayHaveBeenWritten = true;
    if (this.#splitTooLarge(batch, error)) return;
    const idempotent = this.#deps.identity() !== undefined;
    const sequenceGap =
      idempotent && SEQUENCE_ERRORS.has(error.errorName) && queue.inFlight.hasEarlier(batch, queue.pending);
    let retriable = error.retriable || error.errorName === "BROKER_NOT_AVAILABLE" || sequenceGap;
    if (error.errorName === "NOT_ENOUGH_REPLICAS") {
      batch.notEnoughReplicasAnswers += 1;
      // Judged on metadata fetched after the first such answer, not on a picture from before a failover.
      if (batch.notEnoughReplicasAnswers === 1) metadata.invalidate(batch.topic);
      else if (this.#isrCannotGrow(batch)) retriable = false;
    }
    if (batch.mayHaveBeenWritten && !idempotent) retriable = false;
    const backoffMs = retriable ? this.#retryDelayMs(batch, error) : 0;
    if (retriable && clock.now() + backoffMs < batch.createdMs + settings.deliveryTimeoutMs) {
      batch.retryNotBeforeMs = clock.now() + backoffMs;
      queue.inFlight.retrying = true;
      accumulator.requeue(batch);
      this.#deps.instrumentation.retry({
        topic: batch.topic,
        partition: batch.partition,
        attempt: batch.attempts,
        errorName: error.errorName,
        delayMs: backoffMs,
      });
      return;
    }
    if (!retriable) metadata.invalidate(batch.topic);
    this.end(batch, error);
  }

  /**
   * A grown batch (above batch.size, see Accumulator.append) the leader refused as too large and
   * certainly did not append: split back into batch.size batches, sent again in its place.
   */
  #splitTooLarge(batch: ProducerBatch, error: RillError): boolean {
    const { accumulator, clock, settings } = this.#deps;
    if (error.errorName !== "MESSAGE_TOO_LARGE" || batch.mayHaveBeenWritten) return false;
    if (batch.bytes <= settings.batchSize) return false;
    const parts = accumulator.split(batch);
    if (parts.length === 0) return false;
    const queue = accumulator.queue(batch.topic, batch.partition);
    queue.inFlight.retrying = true;
    for (const part of [batch, ...parts]) {
      part.retryNotBeforeMs = clock.now();
      accumulator.requeue(part);
    }
    this.#deps.instrumentation.retry({
      topic: batch.topic,
      partition: batch.partition,
      attempt: batch.attempts,
      errorName: error.errorName,
      delayMs: 0,
    });
    return true;
  }

  /** How long before the retry: none after a usable leader hint, else the backoff with jitter. */
  #retryDelayMs(batch: ProducerBatch, error: RillError): number {
    const decision = decideForPartition(this.#deps.metadata, batch.topic, batch.partition, error);
    if (decision === "redirect") return 0;
    return this.#deps.backoff.delayMs(Math.max(1, batch.attempts));
  }

  /** A batch that could not be sent now (no leader known): try again after a backoff. */
  backOff(batch: ProducerBatch, error: RillError): void {
    const { clock, settings } = this.#deps;
    // At least 1 ms: a retry time after the pass's judging time gets a timer (see #armTimer).
    const delayMs = Math.max(1, this.#deps.backoff.delayMs(Math.max(1, batch.attempts + 1)));
    if (clock.now() + delayMs >= batch.createdMs + settings.deliveryTimeoutMs) {
      this.#deps.accumulator.remove(batch);
      this.end(batch, error);
      return;
    }
    batch.retryNotBeforeMs = clock.now() + delayMs;
  }

  /**
   * NOT_ENOUGH_REPLICAS again, with every replica in sync in metadata refreshed since the first
   * one: waiting cannot help (the topic has fewer replicas than its min.insync.replicas), so it
   * fails now, with the fix, instead of retrying until delivery.timeout.ms.
   */
  #isrCannotGrow(batch: ProducerBatch): boolean {
    const info = this.#deps.metadata.current().topics.get(batch.topic)?.partitions[batch.partition];
    return info !== undefined && info.replicas.length > 0 && info.isr.length >= info.replicas.length;
  }

  /** Batches whose delivery.timeout.ms passed while waiting end now. */
  expire(nowMs: number): void {
    const { accumulator, settings } = this.#deps;
    for (const queue of accumulator.queues()) {
      for (const batch of [...queue.pending]) {
        if (nowMs < batch.createdMs + settings.deliveryTimeoutMs) break;
        accumulator.remove(batch);
        this.end(
          batch,
          new RillError(
            "REQUEST_TIMED_OUT",
            `${batch.topic}-${batch.partition}: delivery.timeout.ms (${settings.deliveryTimeoutMs} ms) passed before the records were acknowledged`,
            { details: { indeterminate: batch.mayHaveBeenWritten } },
          ),
        );
      }
    }
  }

  /** Settles a batch that will not be sent again. */
  end(batch: ProducerBatch, error: RillError): void {
    const queue = this.#deps.accumulator.queue(batch.topic, batch.partition);
    this.#deps.accumulator.remove(batch);
    if (batch.mayHaveBeenWritten) {
      const indeterminate = new RillError(
        "INDETERMINATE",
        `${batch.topic}-${batch.partition}: ${batch.records.length} record(s) may or may not have been appended (last error ${error.errorName}: ${error.message})`,
        {
          cause: error,
          details: { topic: batch.topic, partition: batch.partition, attempts: batch.attempts },
        },
      );
      batch.settle(() => ({ status: "indeterminate", error: indeterminate }));
      this.#finished(batch, "indeterminate", "INDETERMINATE");
      if (this.#deps.identity() !== undefined) this.#onSequencesInDoubt();
      return;
    }
    if (this.#deps.identity() !== undefined) queue.inFlight.closeGap(batch, queue.pending);
    const failed = fixHint(error, batch, this.#deps.metadata);
    batch.settle(() => ({ status: "failed", error: failed }));
    this.#finished(batch, "failed", failed.errorName);
  }

  #finished(
    batch: ProducerBatch,
    outcome: "delivered" | "failed" | "indeterminate",
    errorName: string | null,
  ): void {
    this.#deps.release(batch.bytes);
    this.#deps.instrumentation.batch({
      topic: batch.topic,
      partition: batch.partition,
      records: batch.records.length,
      bytes: batch.bytes + batchOverheadBytes,
      attempts: batch.attempts,
      outcome,
      errorName,
    });
  }
}

/** NOT_ENOUGH_REPLICAS that cannot heal gets its cause and fix in the message. */
function fixHint(error: RillError, batch: ProducerBatch, metadata: MetadataCache): RillError {
  if (error.errorName !== "NOT_ENOUGH_REPLICAS") return error;
  const info = metadata.current().topics.get(batch.topic)?.partitions[batch.partition];
  const replicas = info?.replicas.length ?? 0;
  return new RillError(
    "NOT_ENOUGH_REPLICAS",
    `${batch.topic}-${batch.partition} has ${replicas} replica(s), all in sync, and still fewer than the topic's min.insync.replicas: acks=all can never succeed. Fix: lower min.insync.replicas to at most ${replicas} (rill configs alter), or send with acks 1. (${error.message})`,
    { cause: error, details: { ...error.details, replicas } },
  );
}
