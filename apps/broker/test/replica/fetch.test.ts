import { type BrokerV1, callUnary, createReplicationClient } from "@rill/protocol";
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

async function startWithTopic(topic: string): Promise<ReplicaCluster> {
  const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
  c.createTopic(topic, [[nodeId(1), nodeId(2), nodeId(3)]]);
  await waitFor(() => (c.manager(nodeId(1)).describePartitions()[0]?.role === "leader" ? true : undefined), {
    timeoutMs: 15_000,

    message: "leader ready",
  });
  return c;
}

describe("consumer fetch", () => {
  it("long-polls until records are committed, then answers with them", async () => {
    const c = await startWithTopic("poll");
    const started = Date.now();
    const waiting = fetch(c.client(nodeId(1)), {
      topic: "poll",
      partition: 0,
      offset: 0,
      maxWaitMs: 20_000,
      minBytes: 1,
    });
    // The poll is still open: nothing was readable.
    const raced = await Promise.race([
      waiting.then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("open"), 200)),
    ]);
    expect(raced).toBe("open");
    await produce(c.client(nodeId(1)), {
      topic: "poll",
      partition: 0,
      records: batchOf("late", 4),
      acks: "all",
    });
    const answer = await waiting;
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(answer.errorCode).toBe(0);
    expect(answer.highWatermark).toBe(4);
    expect(answer.logStartOffset).toBe(0);
    expect(valuesOf(answer.records).map((r) => r.value)).toEqual(["late-0", "late-1", "late-2", "late-3"]);
  });

  it("reads only up to the high watermark", async () => {
    const c = await startWithTopic("bounded");
    await produce(c.client(nodeId(1)), {
      topic: "bounded",
      partition: 0,
      records: batchOf("committed", 2),
      acks: "all",
    });
    // Followers stop: acks=1 appends stay above the watermark.
    c.broker(nodeId(1)).alterPartitionBlocked = true;
    await c.stopBroker(nodeId(2));
    await c.stopBroker(nodeId(3));
    const uncommitted = await produce(c.client(nodeId(1)), {
      topic: "bounded",
      partition: 0,
      records: batchOf("pending", 3),
      acks: 1,
    });
    expect(uncommitted.baseOffset).toBe(2);
    const answer = await fetch(c.client(nodeId(1)), {
      topic: "bounded",
      partition: 0,
      offset: 0,
      maxWaitMs: 100,
      minBytes: 1_000_000,
    });
    expect(answer.highWatermark).toBe(2);
    expect(valuesOf(answer.records).map((r) => r.value)).toEqual(["committed-0", "committed-1"]);
    // min_bytes 0 answers at once, even with a long max_wait_ms.
    const atWatermark = await fetch(c.client(nodeId(1)), {
      topic: "bounded",
      partition: 0,
      offset: 2,
      maxWaitMs: 60_000,
      minBytes: 0,
    });
    expect(atWatermark.errorCode).toBe(0);
    expect(atWatermark.highWatermark).toBe(2);
    expect(atWatermark.records.length).toBe(0);
  });

  it("answers OFFSET_OUT_OF_RANGE, KIP-320 epoch errors and NOT_LEADER_OR_FOLLOWER", async () => {
    const c = await startWithTopic("errors");
    await produce(c.client(nodeId(1)), {
      topic: "errors",
      partition: 0,
      records: batchOf("a", 2),
      acks: "all",
    });
    const outOfRange = await fetch(c.client(nodeId(1)), { topic: "errors", partition: 0, offset: 50 });
    expect(outOfRange.errorCode).toBe(1);
    // A negative offset is decoded at the edge (never a RangeError): out of range, as in Kafka.
    const negative = await fetch(c.client(nodeId(1)), { topic: "errors", partition: 0, offset: -1 });
    expect(negative.errorCode).toBe(1);
    const current = await fetch(c.client(nodeId(1)), {
      topic: "errors",
      partition: 0,
      offset: 0,
      leaderEpoch: 0,
    });
    expect(current.errorCode).toBe(0);
    const future = await fetch(c.client(nodeId(1)), {
      topic: "errors",
      partition: 0,
      offset: 0,
      leaderEpoch: 3,
    });
    expect(future.errorCode).toBe(75); // UNKNOWN_LEADER_EPOCH
    c.electLeader("errors", 0, nodeId(1));
    await waitFor(
      () => (c.manager(nodeId(1)).describePartitions()[0]?.leaderEpoch === 1 ? true : undefined),
      {
        timeoutMs: 15_000,

        message: "epoch 1",
      },
    );
    await waitFor(
      () => (c.manager(nodeId(1)).describePartitions()[0]?.role === "leader" ? true : undefined),
      {
        timeoutMs: 15_000,

        message: "leader again",
      },
    );
    const fenced = await fetch(c.client(nodeId(1)), {
      topic: "errors",
      partition: 0,
      offset: 0,
      leaderEpoch: 0,
    });
    expect(fenced.errorCode).toBe(74); // FENCED_LEADER_EPOCH
    expect(fenced.currentLeader).toMatchObject({ leaderId: 1, leaderEpoch: 1 });
    const follower = await fetch(c.client(nodeId(2)), { topic: "errors", partition: 0, offset: 0 });
    expect(follower.errorCode).toBe(6);
    expect(follower.currentLeader?.leaderId).toBe(1);
  });

  it("answers one fetch with every stored batch of several partitions, and their errors", async () => {
    const c = await startCluster({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    const replicas = [nodeId(1), nodeId(2), nodeId(3)];
    c.createTopic("several", [replicas, replicas]);
    await waitFor(
      () =>
        c
          .manager(nodeId(1))
          .describePartitions()
          .filter((partition) => partition.role === "leader").length === 2
          ? true
          : undefined,
      { timeoutMs: 15_000, message: "both partitions led by broker 1" },
    );
    // Each produce is one stored batch: the answer carries them back to back, in order.
    for (const [partition, prefix] of [
      [0, "a"],
      [0, "b"],
      [1, "c"],
      [0, "d"],
      [1, "e"],
    ] as const) {
      await produce(c.client(nodeId(1)), {
        topic: "several",
        partition,
        records: batchOf(prefix, 3),
        acks: "all",
      });
    }
    const response = await callUnary(
      c.client(nodeId(1)),
      "Fetch",
      {
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 1 << 20,
        topics: [
          {
            topic: "several",
            partitions: [0, 1, 9].map((partition) => ({
              partition,
              currentLeaderEpoch: -1,
              fetchOffset: 0,
              partitionMaxBytes: 1 << 20,
            })),
          },
        ],
      },
      { timeoutMs: 10_000 },
    );
    const [first, second, unknown] = response.responses[0]?.partitions ?? [];
    const values = (prefixes: string[]) =>
      prefixes.flatMap((prefix) => [0, 1, 2].map((i) => `${prefix}-${i}`));
    expect(valuesOf(first?.records ?? Buffer.alloc(0)).map((r) => r.value)).toEqual(values(["a", "b", "d"]));
    expect(first).toMatchObject({ partitionIndex: 0, errorCode: 0, highWatermark: 9, lastStableOffset: 9 });
    expect(valuesOf(second?.records ?? Buffer.alloc(0)).map((r) => r.value)).toEqual(values(["c", "e"]));
    expect(second).toMatchObject({
      partitionIndex: 1,
      errorCode: 0,
      highWatermark: 6,
      preferredReadReplica: -1,
    });
    expect(unknown).toMatchObject({ partitionIndex: 9, errorCode: 3, highWatermark: -1 });
    expect(unknown?.records.length).toBe(0);
  });

  it("lists offsets: earliest, latest (the high watermark) and by timestamp", async () => {
    const c = await startWithTopic("listed");
    await produce(c.client(nodeId(1)), {
      topic: "listed",
      partition: 0,
      records: batchOf("a", 5),
      acks: "all",
    });
    const list = async (spec: BrokerV1.OffsetSpec, timestampMs = 0) => {
      const response = await callUnary(
        c.client(nodeId(1)),
        "ListOffsets",
        {
          topics: [
            {
              name: "listed",
              partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, spec, timestampMs }],
            },
          ],
        },
        { timeoutMs: 5_000 },
      );
      return response.topics[0]?.partitions[0];
    };
    expect(await list("OFFSET_SPEC_EARLIEST")).toMatchObject({ errorCode: 0, offset: 0 });
    expect(await list("OFFSET_SPEC_LATEST")).toMatchObject({ errorCode: 0, offset: 5, leaderEpoch: 0 });
    // batchOf stamps record i with 1_700_000_000_000 + i.
    expect(await list("OFFSET_SPEC_TIMESTAMP", 1_700_000_000_003)).toMatchObject({
      errorCode: 0,
      offset: 3,
      timestampMs: 1_700_000_000_003,
    });
    expect(await list("OFFSET_SPEC_TIMESTAMP", 1_800_000_000_000)).toMatchObject({
      errorCode: 0,
      offset: -1,
    });
    expect(await list("OFFSET_SPEC_UNSPECIFIED")).toMatchObject({ errorCode: 42 });
  });

  it("answers OffsetForLeaderEpoch from the leader's epoch cache", async () => {
    const c = await startWithTopic("epochs");
    await produce(c.client(nodeId(1)), {
      topic: "epochs",
      partition: 0,
      records: batchOf("a", 3),
      acks: "all",
    });
    c.electLeader("epochs", 0, nodeId(1));
    await waitFor(
      () => {
        const p = c.manager(nodeId(1)).describePartitions()[0];
        return p?.leaderEpoch === 1 && p.role === "leader" ? true : undefined;
      },
      { timeoutMs: 15_000, message: "epoch 1" },
    );
    await produce(c.client(nodeId(1)), {
      topic: "epochs",
      partition: 0,
      records: batchOf("b", 2),
      acks: "all",
    });
    const client = createReplicationClient(`127.0.0.1:${c.broker(nodeId(1)).port}`);
    try {
      const response = await callUnary(
        client,
        "OffsetForLeaderEpoch",
        {
          replicaId: -1,
          topics: [
            { topic: "epochs", partitions: [{ partition: 0, currentLeaderEpoch: 1, leaderEpoch: 0 }] },
          ],
        },
        { timeoutMs: 5_000 },
      );
      expect(response.topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, leaderEpoch: 0, endOffset: 3 });
    } finally {
      client.close();
    }
  });

  it("streams batches as they commit, within the credit granted", async () => {
    const c = await startWithTopic("pushed");
    const stream = c.client(nodeId(1)).FetchStream();
    const received: BrokerV1.FetchStreamResponse__Output[] = [];
    stream.on("data", (message: BrokerV1.FetchStreamResponse__Output) => received.push(message));
    stream.on("error", () => undefined);
    try {
      stream.write({
        assignment: {
          topics: [
            {
              topic: "pushed",
              partitions: [
                { partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, partitionMaxBytes: 1 << 20 },
              ],
            },
          ],
        },
      });
      const one = batchOf("p", 10);
      await produce(c.client(nodeId(1)), { topic: "pushed", partition: 0, records: one, acks: "all" });
      await produce(c.client(nodeId(1)), {
        topic: "pushed",
        partition: 0,
        records: batchOf("q", 10),
        acks: "all",
      });
      // Without credit, no record bytes arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        received
          .flatMap((m) => m.responses.flatMap((t) => t.partitions))
          .every((p) => p.records.length === 0),
      ).toBe(true);
      // Credit for one batch: exactly one batch comes (the second waits for more credit).
      stream.write({ credit: { bytes: one.length } });
      const records = () =>
        received.flatMap((m) => m.responses.flatMap((t) => t.partitions.flatMap((p) => valuesOf(p.records))));
      await waitFor(() => (records().length === 10 ? true : undefined), {
        timeoutMs: 15_000,

        message: "first batch pushed",
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(records()).toHaveLength(10);
      stream.write({ credit: { bytes: 1 << 20 } });
      await waitFor(() => (records().length === 20 ? true : undefined), {
        timeoutMs: 15_000,

        message: "second batch pushed",
      });
      expect(records().map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      stream.cancel();
    }
  });
});
