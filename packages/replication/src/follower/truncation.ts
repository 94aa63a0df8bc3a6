import { leaderEpoch, offsetMin } from "@rill/protocol/ids";
import { invariant } from "../invariant.js";
import type { EpochEndOffset, ReplicaLog } from "../log/replica-log.js";
import { type Offset, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from "../types.js";

export interface TruncationPlan {
  /** Truncate the local log to this offset (may equal the log end: only the epoch cache changes). */
  readonly truncateTo: Offset;
  /**
   * False when the leader named an epoch this replica does not have: the follower truncated to
   * the end of its own largest earlier epoch and the next fetch checks again (Kafka's
   * intermediate truncation). Each round removes at least one epoch, so it terminates.
   */
  readonly complete: boolean;
}

/**
 * Where a follower truncates on a diverging epoch from the leader (KIP-101 / KIP-279, Kafka's
 * AbstractFetcherThread.getOffsetTruncationState):
 * - the leader has no end for the epoch → truncate to `highWatermark` (never loses a committed
 *   record; the fallback Kafka uses);
 * - the follower has the leader's epoch → min(its own end of that epoch, the leader's end, its
 *   log end): both logs agree below that point;
 * - it has not → the end of its largest epoch below the leader's, and check again.
 */
export function planTruncation(
  log: ReplicaLog,
  diverging: EpochEndOffset,
  highWatermark: Offset,
): TruncationPlan {
  const logEndOffset = log.logEndOffset();
  if (diverging.endOffset === UNDEFINED_EPOCH_OFFSET) {
    return { truncateTo: offsetMin(highWatermark, logEndOffset), complete: true };
  }
  if (diverging.epoch === UNDEFINED_EPOCH) {
    return { truncateTo: offsetMin(diverging.endOffset, logEndOffset), complete: true };
  }
  // The leader's epoch, defined here (UNDEFINED_EPOCH was answered above): checked once.
  const local = log.endOffsetForEpoch(leaderEpoch(diverging.epoch));
  if (local.epoch === UNDEFINED_EPOCH || local.endOffset === UNDEFINED_EPOCH_OFFSET) {
    // No local epoch information covers it (an empty epoch cache): the leader's end is the only
    // bound known, as in Kafka.
    return { truncateTo: offsetMin(diverging.endOffset, logEndOffset), complete: true };
  }
  if (local.epoch !== diverging.epoch) {
    invariant(local.epoch < diverging.epoch, "the local floor epoch is below the requested one");
    return { truncateTo: offsetMin(local.endOffset, logEndOffset), complete: false };
  }
  return {
    truncateTo: offsetMin(offsetMin(local.endOffset, diverging.endOffset), logEndOffset),
    complete: true,
  };
}
