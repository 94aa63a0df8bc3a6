/**
 * AddVoter on the active controller (KIP-853 AddRaftVoter), as two one-at-a-time Raft changes:
 *
 *   check (not a voter yet, a controller of this cluster with that node id answers at the
 *   address) → add-learner carrying the endpoint (every member learns the address from the log;
 *   the leader starts replicating to it) → wait until its log matches the leader's commit →
 *   promote-learner → resolve with the promotion's index.
 *
 * The voter set changes only with the promotion, a single Raft entry, so a crash anywhere leaves
 * it either old or new, never half. A crash (or a catch-up timeout) after the learner was added
 * leaves the node an observer (a learner, listed as such); a retry skips the add and promotes it.
 * Every refusal before the first append is definite and typed; waits after it are bounded by the
 * caller's deadline and reported as indeterminate there.
 */
import { parseHostPort, RillError } from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import { sleep } from "@rill/protocol/time";
import type { ConfigChange, MembershipConfig, NodeId } from "@rill/raft";

/** How often the leader looks at the learner's match index while it catches up. */
const CATCH_UP_POLL_MS = 50;

/** What a running controller says about itself when asked at the address given for it. */
export interface ProbedController {
  readonly nodeId: number;
  readonly clusterId: string;
}

export interface VoterAdditionContext {
  readonly clusterId: string;
  membership(): MembershipConfig;
  commitIndex(): number;
  /** The leader's match index of `nodeId`, undefined when not leading or not a member. */
  matchIndexOf(nodeId: NodeId): number | undefined;
  proposeConfigChange(change: ConfigChange): Promise<{ readonly index: number }>;
  /** Asks the controller at `address` who it is; rejects when nothing answers. */
  probe(address: string): Promise<ProbedController>;
  /** How long the new member may take to catch up before the promotion is refused. */
  readonly catchUpTimeoutMs: number;
}

export async function addVoter(
  context: VoterAdditionContext,
  voterId: number,
  address: string,
): Promise<{ readonly index: number }> {
  // The id arrives from an AddVoter request: checked and branded here, once.
  const voter = decodeNodeId("voter id", voterId, 1);
  const parsed = parseHostPort(address);
  if (!parsed.ok) throw new RillError("INVALID_REQUEST", `address '${address}' ${parsed.reason}`);
  const membership = context.membership();
  if (membership.voters.includes(voter)) {
    throw new RillError(
      "INCONSISTENT_VOTER_SET",
      `controller ${voter} is already a voter (voters ${membership.voters.join(",")})`,
    );
  }
  const owner = membership.endpoints?.find((e) => e.address === address && e.nodeId !== voter);
  if (owner !== undefined) {
    throw new RillError(
      "INCONSISTENT_VOTER_SET",
      `address ${address} is already controller ${owner.nodeId}'s; give controller ${voter}'s own listener`,
    );
  }
  const isLearner = membership.learners.includes(voter);
  const learnerAddress = membership.endpoints?.find((e) => e.nodeId === voter)?.address;
  if (isLearner && learnerAddress !== undefined && learnerAddress !== address) {
    throw new RillError(
      "INCONSISTENT_VOTER_SET",
      `controller ${voter} is already an observer at ${learnerAddress}, not ${address}; add it with that address or remove it first`,
    );
  }
  await checkProbe(context, voter, address);
  if (!isLearner) await context.proposeConfigChange({ type: "add-learner", nodeId: voter, address });
  await waitForCatchUp(context, voter);
  return context.proposeConfigChange({ type: "promote-learner", nodeId: voter });
}

async function checkProbe(context: VoterAdditionContext, voter: NodeId, address: string): Promise<void> {
  let probed: ProbedController;
  try {
    probed = await context.probe(address);
  } catch (error) {
    throw new RillError(
      "OPERATION_NOT_ATTEMPTED",
      `no controller answers at ${address}; start controller ${voter} there first, with its data dir ` +
        "formatted with this cluster's id and --controller-quorum-bootstrap-servers listing the " +
        "quorum, then add it again",
      { cause: error },
    );
  }
  if (probed.nodeId !== voter) {
    throw new RillError(
      "INVALID_REQUEST",
      `the controller at ${address} is node ${probed.nodeId}, not ${voter}`,
    );
  }
  if (probed.clusterId !== context.clusterId) {
    throw new RillError(
      "INCONSISTENT_CLUSTER_ID",
      `the controller at ${address} belongs to cluster ${probed.clusterId}, not ${context.clusterId}; ` +
        "format its data dir with this cluster's id",
    );
  }
}

/** Resolves once the learner's log reaches what was committed when the wait began. */
async function waitForCatchUp(context: VoterAdditionContext, voter: NodeId): Promise<void> {
  const target = context.commitIndex();
  const deadline = Date.now() + context.catchUpTimeoutMs;
  for (;;) {
    const match = context.matchIndexOf(voter);
    if (match === undefined) {
      throw new RillError(
        "NOT_CONTROLLER",
        `this controller stopped leading while controller ${voter} caught up; retry the add`,
      );
    }
    if (match >= target) return;
    if (Date.now() >= deadline) {
      throw new RillError(
        "OPERATION_NOT_ATTEMPTED",
        `controller ${voter} has not caught up (log at ${match} of ${target}) within ` +
          `${context.catchUpTimeoutMs} ms: it stays an observer and is not a voter; check that it ` +
          "runs and that the quorum reaches its address, then add it again",
      );
    }
    await sleep(CATCH_UP_POLL_MS);
  }
}
