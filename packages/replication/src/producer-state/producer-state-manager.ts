import { RillError } from "@rill/protocol";
import { offsetMax, offsetMin, offsetPlus, offset as toOffset } from "@rill/protocol/ids";
import { invariant, isSafeOffset } from "../invariant.js";
import type { Offset } from "../types.js";
import type {
  BatchMetadata,
  ProducerBatchHeader,
  ProducerBatchInfo,
  ProducerStateEntry,
} from "./producer-batch.js";
import { incrementSequence, isNextSequence, isValidSequence, PRODUCER_EPOCH_MAX } from "./sequence.js";

/** How many of a producer's last batches are kept per partition (Kafka's 5; the max in flight). */
export const PRODUCER_BATCH_CACHE_SIZE = 5;

/** The outcome of checking a batch before it is appended. */
export type ProducerBatchCheck =
  /** New and in sequence (or not idempotent): append it, then `applyBatch`. */
  | { readonly kind: "append" }
  /** A retry of one of the last batches: do not append; answer with its original offsets. */
  | { readonly kind: "duplicate"; readonly firstOffset: Offset; readonly lastOffset: Offset }
  | { readonly kind: "error"; readonly error: RillError };

interface MutableEntry {
  producerId: number;
  producerEpoch: number;
  batches: BatchMetadata[];
  lastTimestampMs: number;
  firstOffset: Offset;
}

/**
 * The idempotent-producer state of one partition (Kafka's ProducerStateManager, without
 * transactions). Pure: the broker feeds it batch headers — checked before a leader append,
 * applied after every append (leader or follower) and on replay from the log — and it answers
 * duplicates and sequence errors.
 *
 * Rules for a batch of producer id P (>= 0), epoch E, sequences [s, s + lastOffsetDelta]:
 * - E older than P's epoch → INVALID_PRODUCER_EPOCH.
 * - E newer (a re-initialised producer) → s must be 0, else OUT_OF_ORDER_SEQUENCE_NUMBER; the
 *   sequence history restarts.
 * - same E and the same first and last sequence as one of the last 5 batches → duplicate, with
 *   that batch's offsets.
 * - same E otherwise → s must follow P's last sequence (wrapping at 2^31-1), else
 *   OUT_OF_ORDER_SEQUENCE_NUMBER (a gap, or an old batch no longer cached).
 * - P unknown → s must be 0. A non-zero first sequence is UNKNOWN_PRODUCER_ID: this partition
 *   has no record of the producer (state expired, or its first batches never arrived), and the
 *   client must reset its sequence (new producer id or epoch) rather than have a gap accepted.
 *   Kafka since KIP-360 accepts such a batch instead; Rill prefers refusing a possible gap.
 *
 * Contract: the broker checks and applies a leader's batches in offset order, one at a time (the
 * apply follows the offset assignment before the next check), and applies a batch only once. If an
 * append fails after `applyBatch`, it truncates this state with the log.
 */
export class ProducerStateManager {
  readonly #entries = new Map<number, MutableEntry>();
  /** Every batch below this offset has been applied (the offset a snapshot covers up to). */
  #endOffset: Offset;

  constructor(options: { endOffset?: Offset } = {}) {
    this.#endOffset = options.endOffset ?? toOffset(0);
    invariant(isSafeOffset(this.#endOffset), "producer state end offset is a safe offset");
  }

  get endOffset(): Offset {
    return this.#endOffset;
  }

  get producerCount(): number {
    return this.#entries.size;
  }

  entry(producerId: number): ProducerStateEntry | undefined {
    return this.#entries.get(producerId);
  }

  /** Every entry, ordered by producer id (a stable order for snapshots and comparisons). */
  entries(): ProducerStateEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.producerId - b.producerId);
  }

  /** Checks a batch a client sent, before the leader appends it. */
  checkBatch(batch: ProducerBatchInfo): ProducerBatchCheck {
    if (batch.producerId < 0) return { kind: "append" };
    const invalid = validateFields(batch);
    if (invalid !== undefined) return { kind: "error", error: invalid };
    const lastSequence = incrementSequence(batch.baseSequence, batch.lastOffsetDelta);
    const entry = this.#entries.get(batch.producerId);
    const details = {
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      baseSequence: batch.baseSequence,
    };
    if (entry === undefined) {
      if (batch.baseSequence === 0) return { kind: "append" };
      return {
        kind: "error",
        error: new RillError(
          "UNKNOWN_PRODUCER_ID",
          "the first batch of an unknown producer must have sequence 0",
          {
            details,
          },
        ),
      };
    }
    if (batch.producerEpoch < entry.producerEpoch) {
      return {
        kind: "error",
        error: new RillError(
          "INVALID_PRODUCER_EPOCH",
          `producer epoch ${batch.producerEpoch} < ${entry.producerEpoch}`,
          {
            details: { ...details, currentEpoch: entry.producerEpoch },
          },
        ),
      };
    }
    if (batch.producerEpoch > entry.producerEpoch) {
      if (batch.baseSequence === 0) return { kind: "append" };
      return {
        kind: "error",
        error: outOfOrder("a new producer epoch must start at sequence 0", details, 0),
      };
    }
    const duplicate = entry.batches.find(
      (cached) => cached.firstSequence === batch.baseSequence && cached.lastSequence === lastSequence,
    );
    if (duplicate !== undefined) {
      return { kind: "duplicate", firstOffset: duplicate.firstOffset, lastOffset: duplicate.lastOffset };
    }
    const last = entry.batches.at(-1)!;
    if (isNextSequence(last.lastSequence, batch.baseSequence)) return { kind: "append" };
    const expected = incrementSequence(last.lastSequence, 1);
    return { kind: "error", error: outOfOrder(`expected sequence ${expected}`, details, expected) };
  }

  /**
   * Records an appended batch (leader append, follower append, or replay from the log) without
   * validating sequences: what is in the log is the truth. A batch with an epoch older than the
   * producer's current one changes nothing but the end offset (Kafka only warns for it too).
   */
  applyBatch(header: ProducerBatchHeader): void {
    invariant(isSafeOffset(header.baseOffset) && header.lastOffsetDelta >= 0, "valid batch offsets");
    invariant(
      header.baseOffset >= this.#endOffset,
      () => `batch at ${header.baseOffset} applied out of order (state ends at ${this.#endOffset})`,
    );
    const firstOffset = header.baseOffset;
    const lastOffset = offsetPlus(firstOffset, header.lastOffsetDelta);
    this.#endOffset = offsetPlus(lastOffset, 1);
    // A leader never appends an idempotent batch with invalid producer fields; one found in a log
    // anyway (written by something else) is treated as not idempotent rather than crash recovery.
    if (header.producerId < 0 || validateFields(header) !== undefined) return;
    const batch: BatchMetadata = {
      firstSequence: header.baseSequence,
      lastSequence: incrementSequence(header.baseSequence, header.lastOffsetDelta),
      firstOffset,
      lastOffset,
    };
    const entry = this.#entries.get(header.producerId);
    if (entry === undefined) {
      this.#entries.set(header.producerId, {
        producerId: header.producerId,
        producerEpoch: header.producerEpoch,
        batches: [batch],
        lastTimestampMs: header.maxTimestampMs,
        firstOffset: header.baseOffset,
      });
      return;
    }
    if (header.producerEpoch < entry.producerEpoch) return;
    if (header.producerEpoch > entry.producerEpoch) {
      entry.producerEpoch = header.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push(batch);
    if (entry.batches.length > PRODUCER_BATCH_CACHE_SIZE) entry.batches.shift();
    entry.lastTimestampMs = Math.max(entry.lastTimestampMs, header.maxTimestampMs);
  }

  /**
   * The log now ends at or after `offset` with no idempotent batch in between (e.g. the broker
   * takes a snapshot at the log end after non-idempotent appends).
   */
  advanceEndOffset(offset: Offset): void {
    invariant(isSafeOffset(offset), "a safe offset");
    this.#endOffset = offsetMax(this.#endOffset, offset);
  }

  /**
   * The log was truncated to `offset`: batches not wholly below it are forgotten. The result is
   * exact (equal to replaying the remaining log) unless some producer lost every cached batch
   * while older batches of it remain in the log; then `exact` is false and the caller rebuilds
   * from a snapshot at or below `offset` plus the log (`rebuildProducerState`). After an exact
   * truncation the duplicate window of a producer may hold fewer than 5 batches.
   */
  truncateTo(offset: Offset): { exact: boolean } {
    let exact = true;
    for (const [producerId, entry] of this.#entries) {
      const kept = entry.batches.filter((batch) => batch.lastOffset < offset);
      if (kept.length > 0) {
        entry.batches = kept;
      } else {
        if (entry.firstOffset < offset) exact = false;
        this.#entries.delete(producerId);
      }
    }
    this.#endOffset = offsetMin(this.#endOffset, offset);
    return { exact };
  }

  /**
   * Forgets producers idle for `producerIdExpirationMs` (Kafka's producer.id.expiration.ms),
   * judged by their batches' max timestamps. Returns how many were removed.
   */
  removeExpiredProducers(nowMs: number, producerIdExpirationMs: number): number {
    let removed = 0;
    for (const [producerId, entry] of this.#entries) {
      if (nowMs - entry.lastTimestampMs >= producerIdExpirationMs) {
        this.#entries.delete(producerId);
        removed++;
      }
    }
    return removed;
  }

  /** Rebuilds a manager from entries (snapshot restore); the entries are validated by the caller. */
  static fromEntries(entries: Iterable<ProducerStateEntry>, endOffset: Offset): ProducerStateManager {
    const manager = new ProducerStateManager({ endOffset });
    for (const entry of entries) {
      invariant(!manager.#entries.has(entry.producerId), "one entry per producer id");
      invariant(
        entry.batches.length >= 1 && entry.batches.length <= PRODUCER_BATCH_CACHE_SIZE,
        "1..5 batches per producer",
      );
      manager.#entries.set(entry.producerId, {
        producerId: entry.producerId,
        producerEpoch: entry.producerEpoch,
        batches: [...entry.batches],
        lastTimestampMs: entry.lastTimestampMs,
        firstOffset: entry.firstOffset,
      });
    }
    return manager;
  }
}

function validateFields(batch: ProducerBatchInfo): RillError | undefined {
  const valid =
    Number.isSafeInteger(batch.producerId) &&
    Number.isInteger(batch.producerEpoch) &&
    batch.producerEpoch >= 0 &&
    batch.producerEpoch <= PRODUCER_EPOCH_MAX &&
    isValidSequence(batch.baseSequence) &&
    Number.isInteger(batch.lastOffsetDelta) &&
    batch.lastOffsetDelta >= 0 &&
    batch.lastOffsetDelta <= 0x7fff_ffff;
  if (valid) return undefined;
  return new RillError("INVALID_RECORD", "an idempotent batch needs epoch and sequence >= 0", {
    details: {
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      baseSequence: batch.baseSequence,
      lastOffsetDelta: batch.lastOffsetDelta,
    },
  });
}

function outOfOrder(
  message: string,
  details: Readonly<Record<string, unknown>>,
  expectedSequence: number,
): RillError {
  return new RillError("OUT_OF_ORDER_SEQUENCE_NUMBER", message, {
    details: { ...details, expectedSequence },
  });
}
