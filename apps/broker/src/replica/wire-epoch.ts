import { RillError } from "@rill/protocol";
import { LEADER_EPOCH_MAX, type LeaderEpoch, leaderEpoch } from "@rill/protocol/ids";

/**
 * Leader epochs arrive from the wire as plain numbers; they become the branded `LeaderEpoch` of
 * @rill/replication here, once, where a request is decoded. A value out of range is the sender's
 * fault: it gets INVALID_REQUEST naming the field and the value, never an internal error.
 */
export function decodeLeaderEpoch(field: string, value: number): LeaderEpoch | RillError {
  if (!Number.isSafeInteger(value) || value < 0 || value > LEADER_EPOCH_MAX) {
    return new RillError(
      "INVALID_REQUEST",
      `${field} ${value} is not a leader epoch in [0, ${LEADER_EPOCH_MAX}]`,
    );
  }
  return leaderEpoch(value);
}

/** As `decodeLeaderEpoch`, but a negative value (the wire's -1, Kafka's "none") means undefined. */
export function decodeOptionalLeaderEpoch(field: string, value: number): LeaderEpoch | undefined | RillError {
  return value < 0 ? undefined : decodeLeaderEpoch(field, value);
}
