import { isRillError } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor as waitUntil } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryRaftCluster } from "../../src/client/in-memory.js";

const encoder = new TextEncoder();

let cluster: InMemoryRaftCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** The shared poll-until helper, with this file's deadline and a yes/no condition. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  await waitUntil(() => condition() || undefined, { timeoutMs, intervalMs: 5, message: what });
}

/** A started 3-member cluster whose leader has committed an entry of its term. */
async function startedCluster() {
  const created = InMemoryRaftCluster.create({ size: 3 }).start();
  cluster = created;
  const leader = await created.waitForLeader();
  await leader.propose([encoder.encode("first")]);
  return { cluster: created, leader };
}

describe("RaftNode.proposeConfigChange", () => {
  it("removes a voter once committed; the remaining two still commit", async () => {
    const { cluster, leader } = await startedCluster();
    const removed = cluster.nodeIds.find((id) => id !== leader.nodeId) as NodeId;
    const position = await leader.proposeConfigChange({ type: "remove-node", nodeId: removed });
    expect(position.index).toBeGreaterThan(0);
    const remaining = cluster.nodeIds.filter((id) => id !== removed);
    expect(leader.status().membership).toEqual({ voters: remaining, learners: [] });
    await cluster.crash(removed);
    // Two of two voters are a quorum now: a write commits without the removed member.
    await leader.propose([encoder.encode("after removal")]);
    for (const id of remaining) {
      await waitFor(
        () => cluster.node(id).status().membership.voters.join(",") === remaining.join(","),
        `member ${id} applies the removal`,
      );
    }
  });

  it("allows one uncommitted change at a time and refuses a change that does not apply", async () => {
    const { cluster, leader } = await startedCluster();
    const [first, second] = cluster.nodeIds.filter((id) => id !== leader.nodeId) as [NodeId, NodeId];
    // Both are queued before the driver feeds the core: the second meets the first uncommitted.
    const one = leader.proposeConfigChange({ type: "remove-node", nodeId: first });
    const two = leader.proposeConfigChange({ type: "remove-node", nodeId: second }).catch((e: unknown) => e);
    await one;
    const refused = await two;
    expect(isRillError(refused, "OPERATION_NOT_ATTEMPTED")).toBe(true);
    expect(leader.status().membership.voters).toEqual(cluster.nodeIds.filter((id) => id !== first));

    const invalid = await leader
      .proposeConfigChange({ type: "promote-learner", nodeId: nodeId(99) })
      .catch((e: unknown) => e);
    expect(isRillError(invalid, "INCONSISTENT_VOTER_SET")).toBe(true);
  });

  it("removes the leader itself: the removal resolves as committed, the leader steps down and the other two elect one of them", async () => {
    const { cluster, leader } = await startedCluster();
    const removedTerm = leader.status().term;
    // Committed, not INDETERMINATE: the step-down in the same turn must not settle it as lost.
    const position = await leader.proposeConfigChange({ type: "remove-node", nodeId: leader.nodeId });
    expect(position.index).toBeGreaterThan(0);
    const remaining = cluster.nodeIds.filter((id) => id !== leader.nodeId);
    await waitFor(() => leader.status().role !== "leader", "the removed leader steps down");
    await waitFor(
      () => remaining.some((id) => cluster.node(id).status().role === "leader"),
      "a remaining voter leads",
    );
    const next = cluster.node(remaining.find((id) => cluster.node(id).status().role === "leader") as NodeId);
    expect(next.status().term).toBeGreaterThan(removedTerm);
    expect(next.status().membership.voters).toEqual(remaining);
    await next.propose([encoder.encode("after the leader's removal")]);
    // The removed member is no voter any more and never campaigns: its term stays where it was.
    expect(leader.status().membership.voters).toEqual(remaining);
    expect(leader.status().role).toBe("learner");
    expect(leader.status().term).toBeLessThanOrEqual(next.status().term);
  });

  it("refuses on a follower with NOT_CONTROLLER", async () => {
    const { cluster, leader } = await startedCluster();
    const follower = cluster.node(cluster.nodeIds.find((id) => id !== leader.nodeId) as NodeId);
    const error = await follower
      .proposeConfigChange({ type: "remove-node", nodeId: leader.nodeId })
      .catch((e: unknown) => e);
    expect(isRillError(error, "NOT_CONTROLLER")).toBe(true);
  });
});
