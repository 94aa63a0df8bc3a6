import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { callUnary } from "@rill/protocol";
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

async function leaderReady(
  c: ReplicaCluster,
  broker: NodeId,
  topic: string,
  leaderEpoch: number,
): Promise<void> {
  await waitFor(
    () => {
      const current = c
        .manager(broker)
        .describePartitions()
        .find((p) => p.topic === topic);
      return current?.role === "leader" && current.leaderEpoch === leaderEpoch ? true : undefined;
    },
    { timeoutMs: 15_000, message: `broker ${broker} leads ${topic}` },
  );
}

async function initProducerId(c: ReplicaCluster, broker: NodeId) {
  return callUnary(
    c.client(broker),
    "InitProducerId",
    { producerId: -1, producerEpoch: -1 },
    { timeoutMs: 5_000 },
  );
}

describe("idempotent producer", () => {
  it("hands out producer ids from controller blocks and bumps epochs", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1)] });
    const ids = [];
    for (let index = 0; index < 12; index += 1) ids.push((await initProducerId(c, nodeId(1))).producerId);
    expect(new Set(ids).size).toBe(12);
    expect(ids[0]).toBe(1000);
    const bumped = await callUnary(
      c.client(nodeId(1)),
      "InitProducerId",
      { producerId: 1003, producerEpoch: 4 },
      { timeoutMs: 5_000 },
    );
    expect(bumped).toEqual({ producerId: 1003, producerEpoch: 5 });
    await expect(
      callUnary(
        c.client(nodeId(1)),
        "InitProducerId",
        { transactionalId: "tx", producerId: -1, producerEpoch: -1 },
        { timeoutMs: 5_000 },
      ),
    ).rejects.toMatchObject({ errorName: "INVALID_REQUEST" });
  });

  it("answers a retried batch with its original offset, also across a leader change, and rejects gaps", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    c.createTopic("exactly", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, nodeId(1), "exactly", 0);
    const { producerId, producerEpoch } = await initProducerId(c, nodeId(1));
    const batch = (sequence: number) =>
      batchOf(`s${sequence}`, 3, { producerId, producerEpoch, baseSequence: sequence });
    expect(
      (await produce(c.client(nodeId(1)), { topic: "exactly", partition: 0, records: batch(0), acks: "all" }))
        .baseOffset,
    ).toBe(0);
    expect(
      (await produce(c.client(nodeId(1)), { topic: "exactly", partition: 0, records: batch(3), acks: "all" }))
        .baseOffset,
    ).toBe(3);
    // The same batch again (a retry after a lost answer): no new records, the original offset.
    const retry = await produce(c.client(nodeId(1)), {
      topic: "exactly",
      partition: 0,
      records: batch(3),
      acks: "all",
    });
    expect(retry).toMatchObject({ errorCode: 0, baseOffset: 3 });
    // A gap in the sequence is refused.
    const gap = await produce(c.client(nodeId(1)), {
      topic: "exactly",
      partition: 0,
      records: batch(9),
      acks: "all",
    });
    expect(gap.errorCode).toBe(45); // OUT_OF_ORDER_SEQUENCE_NUMBER
    // Leadership moves to broker 2, whose producer state was built by replication.
    c.electLeader("exactly", 0, nodeId(2));
    await leaderReady(c, nodeId(2), "exactly", 1);
    const afterMove = await produce(c.client(nodeId(2)), {
      topic: "exactly",
      partition: 0,
      records: batch(3),
      acks: "all",
    });
    expect(afterMove).toMatchObject({ errorCode: 0, baseOffset: 3 });
    const next = await produce(c.client(nodeId(2)), {
      topic: "exactly",
      partition: 0,
      records: batch(6),
      acks: "all",
    });
    expect(next).toMatchObject({ errorCode: 0, baseOffset: 6 });
    const read = await fetch(c.client(nodeId(2)), { topic: "exactly", partition: 0, offset: 0 });
    expect(valuesOf(read.records).map((r) => r.value)).toEqual([
      "s0-0",
      "s0-1",
      "s0-2",
      "s3-0",
      "s3-1",
      "s3-2",
      "s6-0",
      "s6-1",
      "s6-2",
    ]);
  });

  it("recovers logs and producer state after a restart, from the snapshot or from the log alone", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1)] });
    c.createTopic("durable", [[nodeId(1)]], { "min.insync.replicas": "1" });
    await leaderReady(c, nodeId(1), "durable", 0);
    const { producerId, producerEpoch } = await initProducerId(c, nodeId(1));
    const batch = (sequence: number) =>
      batchOf(`s${sequence}`, 2, { producerId, producerEpoch, baseSequence: sequence });
    for (const sequence of [0, 2, 4]) {
      expect(
        (
          await produce(c.client(nodeId(1)), {
            topic: "durable",
            partition: 0,
            records: batch(sequence),
            acks: "all",
          })
        ).errorCode,
      ).toBe(0);
    }
    await c.stopBroker(nodeId(1));
    const directory = join(c.broker(nodeId(1)).dataDir, "durable-0");
    expect((await readdir(directory)).filter((name) => name.endsWith(".producer-snapshot"))).toHaveLength(1);
    await c.startBroker(nodeId(1));
    await leaderReady(c, nodeId(1), "durable", 0);
    expect(c.manager(nodeId(1)).describePartitions()[0]).toMatchObject({ logEndOffset: 6, highWatermark: 6 });
    expect(
      await produce(c.client(nodeId(1)), { topic: "durable", partition: 0, records: batch(4), acks: "all" }),
    ).toMatchObject({
      errorCode: 0,
      baseOffset: 4,
    });
    // Without snapshots the state is rebuilt from the batch headers in the log.
    await c.stopBroker(nodeId(1));
    for (const name of await readdir(directory))
      if (name.endsWith(".producer-snapshot")) await unlink(join(directory, name));
    await c.startBroker(nodeId(1));
    await leaderReady(c, nodeId(1), "durable", 0);
    expect(
      await produce(c.client(nodeId(1)), { topic: "durable", partition: 0, records: batch(2), acks: "all" }),
    ).toMatchObject({
      errorCode: 0,
      baseOffset: 2,
    });
    expect(
      (await produce(c.client(nodeId(1)), { topic: "durable", partition: 0, records: batch(7), acks: "all" }))
        .errorCode,
    ).toBe(45);
    const read = await fetch(c.client(nodeId(1)), { topic: "durable", partition: 0, offset: 0 });
    expect(valuesOf(read.records).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
