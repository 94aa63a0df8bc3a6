import { RillError } from "@rill/protocol";
import type { EpochEndOffset, ReplicaLog } from "../log/replica-log.js";
import { type LeaderEpoch, type Offset, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from "../types.js";

/**
 * KIP-320: a client (consumer or follower) that sends the leader epoch it believes current is told
 * FENCED_LEADER_EPOCH when its epoch is older than the leader's (refresh metadata) and
 * UNKNOWN_LEADER_EPOCH when newer (this broker has not caught up with the metadata yet).
 * An absent epoch skips the check (old clients).
 */
export function checkLeaderEpoch(
  requestLeaderEpoch: LeaderEpoch | undefined,
  leaderEpoch: LeaderEpoch,
): RillError | undefined {
  if (requestLeaderEpoch === undefined || requestLeaderEpoch === leaderEpoch) return undefined;
  const details = { requestLeaderEpoch, leaderEpoch };
  if (requestLeaderEpoch < leaderEpoch) {
    return new RillError(
      "FENCED_LEADER_EPOCH",
      `leader epoch ${requestLeaderEpoch} is older than ${leaderEpoch}`,
      { details },
    );
  }
  return new RillError(
    "UNKNOWN_LEADER_EPOCH",
    `leader epoch ${requestLeaderEpoch} is newer than ${leaderEpoch}`,
    {
      details,
    },
  );
}

/** A fetch offset must lie in [logStartOffset, logEndOffset]; the end itself is a valid (empty) read. */
export function checkFetchOffset(fetchOffset: Offset, log: ReplicaLog): RillError | undefined {
  const logStartOffset = log.logStartOffset();
  const logEndOffset = log.logEndOffset();
  if (Number.isSafeInteger(fetchOffset) && fetchOffset >= logStartOffset && fetchOffset <= logEndOffset) {
    return undefined;
  }
  return new RillError(
    "OFFSET_OUT_OF_RANGE",
    `fetch offset ${fetchOffset} is outside [${logStartOffset}, ${logEndOffset}]`,
    { details: { fetchOffset, logStartOffset, logEndOffset } },
  );
}

/**
 * KIP-595-style divergence check on a follower fetch (Kafka's Partition.fetchRecords with
 * lastFetchedEpoch): the follower's log ends at `fetchOffset` with epoch `lastFetchedEpoch`. If
 * the leader's log has that epoch ending earlier, or ends it with an older epoch, the logs
 * diverge: the answer is the leader's {epoch, endOffset} for it, and the follower truncates.
 *
 * Returns undefined when the logs agree up to `fetchOffset`, the diverging epoch otherwise, or
 * OFFSET_OUT_OF_RANGE when the leader cannot place the epoch (newer than any it knows, which
 * correct epochs never produce) or the fetch offset is below the log start.
 */
export function findDivergingEpoch(
  log: ReplicaLog,
  fetchOffset: Offset,
  lastFetchedEpoch: LeaderEpoch | undefined,
): EpochEndOffset | RillError | undefined {
  if (lastFetchedEpoch === undefined || lastFetchedEpoch === UNDEFINED_EPOCH) return undefined;
  const epochEnd = log.endOffsetForEpoch(lastFetchedEpoch);
  if (epochEnd.epoch === UNDEFINED_EPOCH || epochEnd.endOffset === UNDEFINED_EPOCH_OFFSET) {
    return new RillError(
      "OFFSET_OUT_OF_RANGE",
      `cannot determine the end offset of the last fetched epoch ${lastFetchedEpoch}`,
      { details: { fetchOffset, lastFetchedEpoch } },
    );
  }
  if (fetchOffset < log.logStartOffset()) return checkFetchOffset(fetchOffset, log);
  if (epochEnd.epoch < lastFetchedEpoch || epochEnd.endOffset < fetchOffset) return epochEnd;
  return undefined;
}
