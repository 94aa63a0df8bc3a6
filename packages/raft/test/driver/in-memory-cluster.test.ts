import { isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryRaftCluster } from "../../src/client/in-memory.js";
import type { LeaderAndTerm, RaftListener } from "../../src/client/raft-client.js";
import { type Entry, type NodeId, RAFT_NO_NODE, type Snapshot } from "../../src/core/types.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A state machine that remembers every record, and snapshots as JSON. */
class ListStateMachine implements RaftListener {
  records: string[] = [];
  indexes: number[] = [];
  noops: number[] = [];
  leaders: LeaderAndTerm[] = [];
  snapshotsLoaded = 0;

  onCommit(entries: readonly Entry[]): void {
    for (const entry of entries) {
      if (entry.type === "noop") {
        this.noops.push(entry.index);
        continue;
      }
      this.records.push(decoder.decode(entry.data));
      this.indexes.push(entry.index);
    }
  }
  onLeaderChange(leader: LeaderAndTerm): void {
    this.leaders.push(leader);
  }
  onSnapshotLoad(snapshot: Snapshot): void {
    this.snapshotsLoaded += 1;
    this.records = JSON.parse(decoder.decode(snapshot.data)) as string[];
    this.indexes = [];
  }
  saveSnapshot(): Uint8Array {
    return encoder.encode(JSON.stringify(this.records));
  }
}

let cluster: InMemoryRaftCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

function startCluster(options: Parameters<typeof InMemoryRaftCluster.create>[0] = {}) {
  const created = InMemoryRaftCluster.create(options);
  cluster = created;
  const machines = new Map<number, ListStateMachine>();
  for (const nodeId of created.nodeIds) {
    const machine = new ListStateMachine();
    machines.set(nodeId, machine);
    created.node(nodeId).register(machine);
  }
  created.start();
  return { cluster: created, machines };
}

describe("RaftNode over the in-memory network", () => {
  it("elects a leader, commits proposals everywhere in the same order, and resolves them", async () => {
    const { cluster, machines } = startCluster();
    const leader = await cluster.waitForLeader();
    const positions = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        leader.propose([encoder.encode(`r${i}a`), encoder.encode(`r${i}b`)]),
      ),
    );
    const indexes = positions.map((position) => position.index);
    expect(new Set(indexes).size).toBe(20);
    expect(positions.every((position) => position.term === leader.status().term)).toBe(true);
    await waitFor(() => [...machines.values()].every((m) => m.records.length === 40), {
      timeoutMs: 10_000,
      message: "every member applies all",
    });
    const orders = [...machines.values()].map((m) => m.records.join(","));
    expect(new Set(orders).size).toBe(1);
    expect(machines.get(leader.nodeId)?.records.slice(0, 2)).toEqual(["r0a", "r0b"]);
    for (const machine of machines.values()) {
      expect(machine.leaders.at(-1)).toEqual({ leaderId: leader.nodeId, term: leader.status().term });
    }
  });

  it("refuses a proposal on a follower with NOT_CONTROLLER and the leader hint", async () => {
    const { cluster } = startCluster();
    const leader = await cluster.waitForLeader();
    const followerId = cluster.nodeIds.find((id) => id !== leader.nodeId) as NodeId;
    await waitFor(() => cluster.node(followerId).leaderAndTerm().leaderId === leader.nodeId, {
      timeoutMs: 10_000,
      message: "the follower knows the leader",
    });
    const error = await cluster
      .node(followerId)
      .propose([encoder.encode("x")])
      .catch((caught: unknown) => caught);
    expect(isRillError(error, "NOT_CONTROLLER")).toBe(true);
    expect((error as { details: { leaderId: number } }).details.leaderId).toBe(leader.nodeId);
  });

  it("answers INDETERMINATE when the leader loses leadership after appending, and a new leader commits", async () => {
    const { cluster, machines } = startCluster();
    const leader = await cluster.waitForLeader();
    await leader.propose([encoder.encode("before")]);
    cluster.network.isolate(leader.nodeId, cluster.nodeIds);
    const pending = leader.propose([encoder.encode("lost?")]).catch((caught: unknown) => caught);
    // CheckQuorum makes the isolated leader step down; its proposal's fate is unknown to it.
    const error = await pending;
    expect(isRillError(error, "INDETERMINATE")).toBe(true);
    let newLeaderId = RAFT_NO_NODE;
    await waitFor(
      () => {
        const candidate = cluster.leader();
        newLeaderId =
          candidate !== undefined && candidate.nodeId !== leader.nodeId ? candidate.nodeId : RAFT_NO_NODE;
        return newLeaderId !== RAFT_NO_NODE;
      },
      { timeoutMs: 10_000, message: "a new leader" },
    );
    await cluster.node(newLeaderId).propose([encoder.encode("after")]);
    cluster.network.heal();
    await waitFor(() => machines.get(leader.nodeId)?.records.includes("after") === true, {
      timeoutMs: 10_000,
      message: "the old leader catches up",
    });
    const orders = new Set([...machines.values()].map((m) => m.records.join(",")));
    expect(orders.size).toBe(1);
  });

  it("serves linearizable reads: readIndex covers every write committed before it", async () => {
    const { cluster, machines } = startCluster();
    const leader = await cluster.waitForLeader();
    const position = await leader.propose([encoder.encode("w1")]);
    const followerId = cluster.nodeIds.find((id) => id !== leader.nodeId) as NodeId;
    const index = await cluster.node(followerId).readIndex();
    expect(index).toBeGreaterThanOrEqual(position.index);
    expect(machines.get(followerId)?.records).toContain("w1");
    expect(await leader.readIndex()).toBeGreaterThanOrEqual(position.index);
  });

  it("snapshots every N entries, compacts, and catches a far-behind member up by snapshot", async () => {
    const { cluster, machines } = startCluster({ snapshotEveryEntries: 10 });
    const leader = await cluster.waitForLeader();
    const laggard = cluster.nodeIds.find((id) => id !== leader.nodeId) as NodeId;
    await cluster.crash(laggard);
    for (let i = 0; i < 60; i++) await leader.propose([encoder.encode(`s${i}`)]);
    await waitFor(() => (leader.latestSnapshot()?.metadata.index ?? 0) >= 50, {
      timeoutMs: 10_000,
      message: "the leader snapshots and compacts",
    });
    const machine = new ListStateMachine();
    machines.set(laggard, machine);
    cluster.restart(laggard, (node) => node.register(machine));
    await waitFor(() => machine.records.length === 60, {
      timeoutMs: 10_000,
      message: "the restarted member catches up",
    });
    expect(machine.snapshotsLoaded).toBeGreaterThanOrEqual(1);
    expect(machine.records).toEqual(machines.get(leader.nodeId)?.records);
    const snapshot = await leader.createSnapshot();
    expect(snapshot?.index).toBeGreaterThanOrEqual(60);
  });

  it("passes the new leader's noop to listeners and stores snapshots the state machine pushes", async () => {
    const { cluster, machines } = startCluster({ snapshotEveryEntries: 1_000_000 });
    const leader = await cluster.waitForLeader();
    const position = await leader.propose([encoder.encode("a"), encoder.encode("b")]);
    const machine = machines.get(leader.nodeId) as ListStateMachine;
    await waitFor(() => machine.noops.length > 0, { timeoutMs: 10_000, message: "the leader's noop" });
    expect(machine.noops[0]).toBeLessThan(position.index - 1);
    const stored = await leader.saveSnapshot({
      index: position.index,
      data: encoder.encode(JSON.stringify(["a", "b"])),
    });
    expect(stored).toMatchObject({ index: position.index, term: position.term });
    expect(leader.latestSnapshot()?.metadata.index).toBe(position.index);
    const tooFar = await leader
      .saveSnapshot({ index: position.index + 100, data: new Uint8Array() })
      .catch((e: unknown) => e);
    expect(isRillError(tooFar, "INVALID_REQUEST")).toBe(true);
    const huge = await leader.propose([new Uint8Array(2 * 1024 * 1024)]).catch((e: unknown) => e);
    expect(isRillError(huge, "MESSAGE_TOO_LARGE")).toBe(true);
  });
});
