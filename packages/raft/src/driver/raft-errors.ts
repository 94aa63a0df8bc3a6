/**
 * The errors a member answers a refused proposal or read with. Each names what a caller can do:
 * NOT_CONTROLLER carries the leader to retry at, OPERATION_NOT_ATTEMPTED and
 * THROTTLING_QUOTA_EXCEEDED mean "retry later", nothing here is INDETERMINATE (nothing was appended).
 */
import { RillError } from "@rill/protocol";
import type { ConfigChange, NodeId } from "../core/types.js";

/** Who answers and whom it believes leads, for the error's details. */
export interface LeaderView {
  readonly nodeId: NodeId;
  readonly leaderId: NodeId;
  readonly term: number;
}

export function notLeaderError(view: LeaderView): RillError {
  return new RillError("NOT_CONTROLLER", `raft: node ${view.nodeId} is not the leader`, {
    details: { leaderId: view.leaderId, term: view.term },
  });
}

/** The core refused a proposal with `reason` (see RaftCore.propose). */
export function proposeRefusedError(view: LeaderView, reason: string): RillError {
  if (reason === "not-leader") return notLeaderError(view);
  if (reason === "too-many-uncommitted") {
    return new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many uncommitted entries; retry later");
  }
  return new RillError("NOT_CONTROLLER", `raft: proposal refused (${reason})`, {
    details: { leaderId: view.leaderId, term: view.term, reason },
  });
}

/** The core refused a membership change with `reason`; `voters` is the membership in force. */
export function configChangeRefusedError(
  view: LeaderView,
  reason: string,
  change: ConfigChange,
  voters: readonly NodeId[],
): RillError {
  const details = { leaderId: view.leaderId, term: view.term, reason, nodeId: change.nodeId };
  switch (reason) {
    case "config-change-pending":
      return new RillError(
        "OPERATION_NOT_ATTEMPTED",
        "raft: another membership change is not committed yet; retry once it is",
        { details },
      );
    case "not-committed-in-term":
      return new RillError(
        "OPERATION_NOT_ATTEMPTED",
        "raft: the new leader has not committed an entry of its term yet; retry",
        { details },
      );
    case "invalid-change":
      return new RillError(
        "INCONSISTENT_VOTER_SET",
        `raft: ${change.type} of node ${change.nodeId} does not apply to voters ${voters.join(",")}`,
        { details },
      );
    default:
      return proposeRefusedError(view, reason);
  }
}
