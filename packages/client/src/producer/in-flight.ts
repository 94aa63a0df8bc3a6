import type { ProducerBatch } from "./producer-batch.js";

/**
 * What is in flight for one partition, and its idempotent sequence numbers (Kafka's
 * TransactionManager per-partition state, without transactions).
 *
 * Ordering contract: batches go out in `order`, at most `maxInFlight` at a time. Once a batch has
 * to be retried the partition is "retrying": nothing more is sent until every in-flight batch is
 * back, then one batch at a time until the retried ones are through, so a retry can never be
 * overtaken by a later batch (which, under idempotence, the broker would refuse anyway).
 */
export class PartitionInFlight {
  readonly batches = new Set<ProducerBatch>();
  /** The sequence number the next new batch gets. */
  nextSequence = 0;
  retrying = false;

  /**
   * How many more batches may go out now, the next being the one created `headOrder`-th. Besides
   * the count, no batch goes out `maxInFlight` or more batches after the oldest one still in
   * flight: the broker recognises a retried batch only among the producer's last 5 appended
   * (ProducerStateManager), so a batch whose answer was lost must not be overtaken by more than
   * that many before it is sent again.
   */
  room(maxInFlight: number, headOrder: number): number {
    if (this.retrying) return this.batches.size === 0 ? 1 : 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const batch of this.batches) oldest = Math.min(oldest, batch.order);
    const window = Number.isFinite(oldest) ? oldest + maxInFlight - headOrder : maxInFlight;
    return Math.max(0, Math.min(maxInFlight - this.batches.size, window));
  }

  /** Gives a first-time batch its sequence numbers. */
  assignSequence(batch: ProducerBatch): void {
    if (batch.baseSequence >= 0) return;
    batch.baseSequence = this.nextSequence;
    this.nextSequence = wrapSequence(this.nextSequence + batch.records.length);
  }

  /** True when a batch created before `batch` is still on its way (in flight or waiting to be retried). */
  hasEarlier(batch: ProducerBatch, pending: readonly ProducerBatch[]): boolean {
    for (const other of this.batches) if (other.order < batch.order) return true;
    return pending.some((other) => other.order < batch.order && other.baseSequence >= 0);
  }

  /**
   * `failed` is certainly not in the log: close the gap it leaves, moving every later batch that
   * already has sequence numbers down by its record count (they are re-encoded before the next
   * send; those in flight will be refused as out of order and retried).
   */
  closeGap(failed: ProducerBatch, pending: readonly ProducerBatch[]): void {
    if (failed.baseSequence < 0) return;
    const count = failed.records.length;
    for (const other of [...this.batches, ...pending]) {
      if (other !== failed && other.order > failed.order && other.baseSequence >= 0) {
        other.baseSequence = wrapSequence(other.baseSequence - count);
        other.encoded = null;
      }
    }
    this.nextSequence = wrapSequence(this.nextSequence - count);
  }
}

/** Kafka's sequence numbers wrap from 2^31 - 1 to 0. */
export function wrapSequence(sequence: number): number {
  const modulus = 2 ** 31;
  return ((sequence % modulus) + modulus) % modulus;
}
