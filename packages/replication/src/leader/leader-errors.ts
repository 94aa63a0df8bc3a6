/**
 * The errors a partition leader answers once it stopped leading. `resignedTo` is the partition
 * state that ended the leadership (undefined while still leading); when it names a new leader,
 * the error carries it as a hint so that the client goes there at once.
 */
import { RillError } from "@rill/protocol";
import type { PartitionState } from "../types.js";

/** NOT_LEADER_OR_FOLLOWER: this replica does not lead (nothing of the request was appended). */
export function notLeaderError(resignedTo: PartitionState | undefined): RillError {
  const details =
    resignedTo === undefined || resignedTo.leader < 0
      ? {}
      : { leaderId: resignedTo.leader, leaderEpoch: resignedTo.leaderEpoch };
  return new RillError("NOT_LEADER_OR_FOLLOWER", undefined, { details });
}

/**
 * The answer to a produce whose records this replica appended before it stopped leading: they
 * may be committed under the new leader (it may have copied them) or truncated, so the outcome
 * is unknown — INDETERMINATE, never NOT_LEADER_OR_FOLLOWER, which a client rightly reads as
 * "not appended" and sends again (a duplicate from a non-idempotent producer). The hint names
 * the new leader so that an idempotent producer retries there at once.
 */
export function appendedThenResignedError(resignedTo: PartitionState | undefined): RillError {
  const leader =
    resignedTo === undefined || resignedTo.leader < 0
      ? {}
      : { leaderId: resignedTo.leader, leaderEpoch: resignedTo.leaderEpoch };
  return new RillError(
    "INDETERMINATE",
    "the records were appended, then leadership moved before they were acknowledged; the new leader may hold them",
    { details: { ...leader, indeterminate: true } },
  );
}
