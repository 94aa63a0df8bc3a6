/**
 * Producer sequence numbers: int32, per producer and partition, wrapping from 2^31-1 to 0 exactly
 * as Kafka's DefaultRecordBatch.incrementSequence does.
 */
export const SEQUENCE_MAX = 0x7fff_ffff;
/** A batch without a producer id (not idempotent) carries these (Kafka's NO_PRODUCER_ID etc.). */
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const PRODUCER_EPOCH_MAX = 0x7fff;

export function isValidSequence(sequence: number): boolean {
  return Number.isInteger(sequence) && sequence >= 0 && sequence <= SEQUENCE_MAX;
}

/** `sequence + increment`, wrapping past SEQUENCE_MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > SEQUENCE_MAX - increment) return increment - (SEQUENCE_MAX - sequence) - 1;
  return sequence + increment;
}

/** Whether `next` directly follows `last` (with wrap-around). */
export function isNextSequence(last: number, next: number): boolean {
  return (last < SEQUENCE_MAX && next === last + 1) || (next === 0 && last === SEQUENCE_MAX);
}
