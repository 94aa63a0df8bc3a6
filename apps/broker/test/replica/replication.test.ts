import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { batchOf, fetch, produce, ReplicaCluster, valuesOf } from "./replica-cluster.js";

let cluster: ReplicaCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function startCluster(options: { brokerIds: NodeId[] }): Promise<ReplicaCluster> {
  cluster = await ReplicaCluster.start(options);
  return cluster;
}

function summary(c: ReplicaCluster, broker: NodeId, topic: string) {
  return c
    .manager(broker)
    .describePartitions()
    .find((p) => p.topic === topic && p.partition === 0);
}

async function roleReady(
  c: ReplicaCluster,
  broker: NodeId,
  topic: string,
  role: "leader" | "follower",
  leaderEpoch: number,
) {
  await waitFor(
    () => {
      const current = summary(c, broker, topic);
      return current?.role === role && current.leaderEpoch === leaderEpoch ? true : undefined;
    },
    {
      timeoutMs: 15_000,

      message: `broker ${broker} is ${role} of ${topic} in epoch ${leaderEpoch}`,
    },
  );
}

describe("replication", () => {
  it("fetches a partition followed while a round of idle partitions is held, without waiting out replica.fetch.wait.max.ms", async () => {
    // Held rounds outlast the test: only the follower asking for the answer gets the new partition fetched.
    cluster = await ReplicaCluster.start({
      brokerIds: [nodeId(1), nodeId(2)],
      config: { replicaFetchWaitMaxMs: 120_000 },
    });
    const c = cluster;
    c.createTopic("idle", [[nodeId(1), nodeId(2)]]);
    await roleReady(c, nodeId(2), "idle", "follower", 0);
    // Broker 2 now has a round out for "idle", held by the leader for want of data.
    c.createTopic("joined", [[nodeId(1), nodeId(2)]], { "min.insync.replicas": "2" });
    await roleReady(c, nodeId(1), "joined", "leader", 0);
    const produced = await produce(c.client(nodeId(1)), {
      topic: "joined",
      partition: 0,
      records: batchOf("j", 3),
      acks: "all",
    });
    expect(produced.errorCode).toBe(0);
    await waitFor(() => (summary(c, nodeId(2), "joined")?.logEndOffset === 3 ? true : undefined), {
      timeoutMs: 15_000,
      message: "broker 2 fetched the new partition",
    });
  });

  it("moves leadership: the old leader refuses, and its diverged tail is truncated and replaced", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    c.createTopic("moves", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await roleReady(c, nodeId(1), "moves", "leader", 0);
    const first = await produce(c.client(nodeId(1)), {
      topic: "moves",
      partition: 0,
      records: batchOf("a", 5),
      acks: "all",
    });
    expect(first.errorCode).toBe(0);
    // Followers go away; the leader appends records nobody else has (acks=1, never committed).
    await c.stopBroker(nodeId(2));
    await c.stopBroker(nodeId(3));
    const uncommitted = await produce(c.client(nodeId(1)), {
      topic: "moves",
      partition: 0,
      records: batchOf("b", 3),
      acks: 1,
    });
    expect(uncommitted.baseOffset).toBe(5);
    expect(summary(c, nodeId(1), "moves")?.logEndOffset).toBe(8);
    // The controller elects broker 2 (epoch 1); the old leader learns it first.
    c.electLeader("moves", 0, nodeId(2), [nodeId(2), nodeId(3)]);
    await roleReady(c, nodeId(1), "moves", "follower", 1);
    const refused = await produce(c.client(nodeId(1)), {
      topic: "moves",
      partition: 0,
      records: batchOf("x", 1),
      acks: "all",
    });
    expect(refused.errorCode).toBe(6); // NOT_LEADER_OR_FOLLOWER
    expect(refused.currentLeader).toMatchObject({ leaderId: 2, leaderEpoch: 1 });
    await c.startBroker(nodeId(2));
    await c.startBroker(nodeId(3));
    await roleReady(c, nodeId(2), "moves", "leader", 1);
    const next = await produce(c.client(nodeId(2)), {
      topic: "moves",
      partition: 0,
      records: batchOf("c", 2),
      acks: "all",
    });
    expect(next.errorCode).toBe(0);
    expect(next.baseOffset).toBe(5);
    // Broker 1 finds its epoch-0 tail diverges at 5, truncates, and copies epoch 1's records.
    await waitFor(
      () => {
        const current = summary(c, nodeId(1), "moves");
        return current?.logEndOffset === 7 && current.highWatermark === 7 ? true : undefined;
      },
      { timeoutMs: 15_000, message: "broker 1 converged" },
    );
    // And it rejoins the ISR through the new leader's AlterPartition.
    await waitFor(() => (c.partition("moves", 0).isr.length === 3 ? true : undefined), {
      timeoutMs: 15_000,

      message: "ISR expanded",
    });
    const readBack = await fetch(c.client(nodeId(2)), { topic: "moves", partition: 0, offset: 0 });
    expect(valuesOf(readBack.records).map((r) => r.value)).toEqual([
      "a-0",
      "a-1",
      "a-2",
      "a-3",
      "a-4",
      "c-0",
      "c-1",
    ]);
    // The follower's log is byte-for-byte the leader's.
    expect(await readAll(c, nodeId(1))).toEqual(await readAll(c, nodeId(2)));
  });

  it("shrinks the ISR when a follower stops fetching and expands it when the follower returns", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    c.createTopic("lag", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await roleReady(c, nodeId(1), "lag", "leader", 0);
    await produce(c.client(nodeId(1)), { topic: "lag", partition: 0, records: batchOf("a", 3), acks: "all" });
    await c.stopBroker(nodeId(3));
    // Appends keep the follower behind; replica.lag.time.max.ms (1.5 s in tests) later it is out.
    await produce(c.client(nodeId(1)), { topic: "lag", partition: 0, records: batchOf("b", 3), acks: 1 });
    await waitFor(() => (c.partition("lag", 0).isr.join() === "1,2" ? true : undefined), {
      timeoutMs: 15_000,

      message: "ISR shrunk",
    });
    // acks=all works with the smaller ISR (min.insync.replicas 2).
    const during = await produce(c.client(nodeId(1)), {
      topic: "lag",
      partition: 0,
      records: batchOf("c", 3),
      acks: "all",
    });
    expect(during.errorCode).toBe(0);
    expect(during.durability?.replicasHolding).toBe(2);
    // While the controller refuses AlterPartition, the caught-up follower stays out of the ISR;
    // once it accepts, the leader's retried proposal goes through.
    c.broker(nodeId(1)).alterPartitionBlocked = true;
    await c.startBroker(nodeId(3));
    await waitFor(() => (summary(c, nodeId(3), "lag")?.logEndOffset === 9 ? true : undefined), {
      timeoutMs: 15_000,

      message: "follower caught up",
    });
    expect(c.partition("lag", 0).isr.join()).toBe("1,2");
    c.broker(nodeId(1)).alterPartitionBlocked = false;
    await waitFor(() => (c.partition("lag", 0).isr.join() === "1,2,3" ? true : undefined), {
      timeoutMs: 15_000,

      message: "ISR expanded",
    });
    expect(summary(c, nodeId(1), "lag")?.isr).toEqual([1, 2, 3]);
  });

  it("a leader deposed behind its back reports stale metadata at its first refused ISR proposal", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    c.createTopic("cut", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await roleReady(c, nodeId(1), "cut", "leader", 0);
    // Broker 1 is cut off from the controllers' metadata log; they move the leadership to 2.
    c.broker(nodeId(1)).metadataWithheld = true;
    c.electLeader("cut", 0, nodeId(2), [nodeId(2), nodeId(3)]);
    await roleReady(c, nodeId(3), "cut", "follower", 1);
    // Still leader in its own picture, broker 1 takes a write its followers no longer fetch, and
    // after replica.lag.time.max.ms proposes to shrink its ISR: refused, the picture is stale.
    await produce(c.client(nodeId(1)), { topic: "cut", partition: 0, records: batchOf("stale", 1), acks: 1 });
    await waitFor(() => (c.broker(nodeId(1)).staleMetadataReports > 0 ? true : undefined), {
      timeoutMs: 15_000,
      message: "broker 1 reports its metadata stale",
    });
    expect(summary(c, nodeId(1), "cut")?.leaderEpoch).toBe(0);
    expect(c.partition("cut", 0).leaderEpoch).toBe(1);
    expect(c.broker(nodeId(2)).staleMetadataReports + c.broker(nodeId(3)).staleMetadataReports).toBe(0);
    // Caught up, it follows the new leader and truncates the write no one acknowledged with it.
    c.broker(nodeId(1)).metadataWithheld = false;
    c.manager(nodeId(1)).applyMetadata(c.image);
    await roleReady(c, nodeId(1), "cut", "follower", 1);
  });

  it("deletes the logs of a deleted topic on every replica", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    c.createTopic("doomed", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await roleReady(c, nodeId(1), "doomed", "leader", 0);
    await produce(c.client(nodeId(1)), {
      topic: "doomed",
      partition: 0,
      records: batchOf("a", 3),
      acks: "all",
    });
    c.deleteTopic("doomed");
    const { readdir } = await import("node:fs/promises");
    for (const id of [1, 2, 3].map(nodeId)) {
      await waitFor(
        async () => {
          const names = await readdir(c.broker(id).dataDir);
          return c.manager(id).describePartitions().length === 0 &&
            !names.some((name) => name.startsWith("doomed"))
            ? true
            : undefined;
        },
        { timeoutMs: 15_000, message: `broker ${id} dropped the topic and its directory` },
      );
    }
  });
});

/** The whole stored log of the broker's only partition (below the log end, not the HW). */
async function readAll(c: ReplicaCluster, broker: NodeId): Promise<Buffer> {
  const replica = c.manager(broker).lookup("moves", 0);
  if (replica instanceof Error) throw replica;
  return (await replica.log.read(0, 1024 * 1024)).bytes;
}
