import { encodeRecordBatch } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { batchOf, fetch, produce, ReplicaCluster, valuesOf } from "./replica-cluster.js";

let cluster: ReplicaCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function threeBrokers(): Promise<ReplicaCluster> {
  cluster = await ReplicaCluster.start({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
  return cluster;
}

async function leaderReady(
  c: ReplicaCluster,
  topic: string,
  partition: number,
  leader: NodeId,
): Promise<void> {
  await waitFor(
    () =>
      c
        .manager(leader)
        .describePartitions()
        .find((p) => p.topic === topic && p.partition === partition && p.role === "leader")
        ? true
        : undefined,
    { timeoutMs: 15_000, message: `broker ${leader} leads ${topic}-${partition}` },
  );
}

describe("produce", () => {
  it("refuses keyless records on a compacted topic (INVALID_RECORD, nothing appended) and answers with the leader epoch", async () => {
    const c = await threeBrokers();
    c.createTopic("compacted", [[nodeId(1), nodeId(2), nodeId(3)]], { "cleanup.policy": "compact" });
    await leaderReady(c, "compacted", 0, nodeId(1));
    const keyless = await produce(c.client(nodeId(1)), {
      topic: "compacted",
      partition: 0,
      records: batchOf("a", 2),
      acks: "all",
    });
    expect(keyless.errorCode).toBe(87); // INVALID_RECORD
    const keyed = await produce(c.client(nodeId(1)), {
      topic: "compacted",
      partition: 0,
      records: Buffer.from(
        encodeRecordBatch({ records: [{ key: Buffer.from("k"), value: Buffer.from("v"), timestamp: 1 }] }),
      ),
      acks: "all",
    });
    expect(keyed.errorCode).toBe(0);
    expect(keyed.baseOffset).toBe(0);
    expect(keyed.leaderEpoch).toBe(c.manager(nodeId(1)).describePartitions()[0]?.leaderEpoch);
  });

  it("appends with acks=all once every ISR replica holds the records durably", async () => {
    const c = await threeBrokers();
    c.createTopic("orders", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "orders", 0, nodeId(1));
    const answer = await produce(c.client(nodeId(1)), {
      topic: "orders",
      partition: 0,
      records: batchOf("a", 10),
      acks: "all",
    });
    expect(answer.errorCode).toBe(0);
    expect(answer.baseOffset).toBe(0);
    expect(answer.durability).toEqual({ replicasHolding: 3, fsynced: true, replicasFsynced: 3 });
    const second = await produce(c.client(nodeId(1)), {
      topic: "orders",
      partition: 0,
      records: batchOf("b", 5),
      acks: "all",
    });
    expect(second.baseOffset).toBe(10);
    // Followers hold the same records at the same offsets.
    for (const id of [2, 3].map(nodeId)) {
      await waitFor(() => (c.manager(id).describePartitions()[0]?.logEndOffset === 15 ? true : undefined), {
        timeoutMs: 15_000,

        message: `broker ${id} replicated`,
      });
    }
    const read = await fetch(c.client(nodeId(1)), { topic: "orders", partition: 0, offset: 0 });
    expect(read.highWatermark).toBe(15);
    const values = valuesOf(read.records);
    expect(values.map((v) => v.value)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `a-${i}`),
      ...Array.from({ length: 5 }, (_, i) => `b-${i}`),
    ]);
    expect(values.map((v) => v.offset)).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it("answers acks=1 after the leader's append and acks=0 at once", async () => {
    const c = await threeBrokers();
    c.createTopic("events", [[nodeId(2), nodeId(3), nodeId(1)]]);
    await leaderReady(c, "events", 0, nodeId(2));
    const one = await produce(c.client(nodeId(2)), {
      topic: "events",
      partition: 0,
      records: batchOf("x", 3),
      acks: 1,
    });
    expect(one.errorCode).toBe(0);
    expect(one.baseOffset).toBe(0);
    expect(one.durability?.fsynced).toBe(true);
    expect(one.durability?.replicasHolding).toBeGreaterThanOrEqual(1);
    const zero = await produce(c.client(nodeId(2)), {
      topic: "events",
      partition: 0,
      records: batchOf("y", 2),
      acks: 0,
    });
    expect(zero.errorCode).toBe(0);
    expect(zero.baseOffset).toBe(-1);
    await waitFor(
      async () => {
        const read = await fetch(c.client(nodeId(2)), { topic: "events", partition: 0, offset: 0 });
        return read.highWatermark === 5 ? true : undefined;
      },
      { timeoutMs: 15_000, message: "acks=0 records committed" },
    );
  });

  it("rejects bad input with errors a client can act on, appending nothing", async () => {
    const c = await threeBrokers();
    c.createTopic("checks", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "checks", 0, nodeId(1));
    const client = c.client(nodeId(1));
    const unknown = await produce(client, {
      topic: "nope",
      partition: 0,
      records: batchOf("a", 1),
      acks: "all",
    });
    expect(unknown.errorCode).toBe(3); // UNKNOWN_TOPIC_OR_PARTITION
    const badAcks = await produce(client, {
      topic: "checks",
      partition: 0,
      records: batchOf("a", 1),
      acks: "ACKS_UNSPECIFIED",
    });
    expect(badAcks.errorCode).toBe(21); // INVALID_REQUIRED_ACKS
    const corrupt = batchOf("a", 3);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1);
    const crc = await produce(client, { topic: "checks", partition: 0, records: corrupt, acks: "all" });
    expect(crc.errorCode).toBe(2); // CORRUPT_MESSAGE
    c.createTopic("small", [[nodeId(1), nodeId(2), nodeId(3)]], { "max.message.bytes": "100" });
    await leaderReady(c, "small", 0, nodeId(1));
    const tooLarge = await produce(client, {
      topic: "small",
      partition: 0,
      records: batchOf("large", 20),
      acks: "all",
    });
    expect(tooLarge.errorCode).toBe(10); // MESSAGE_TOO_LARGE
    const badPartition = await produce(client, {
      topic: "checks",
      partition: 7,
      records: batchOf("a", 1),
      acks: "all",
    });
    expect(badPartition.errorCode).toBe(3);
    const notLeader = await produce(c.client(nodeId(2)), {
      topic: "checks",
      partition: 0,
      records: batchOf("a", 1),
      acks: "all",
    });
    expect(notLeader.errorCode).toBe(6); // NOT_LEADER_OR_FOLLOWER
    expect(notLeader.currentLeader).toMatchObject({
      leaderId: 1,
      leaderEpoch: 0,
      host: "127.0.0.1",
      port: c.broker(nodeId(1)).port,
    });
    const read = await fetch(client, { topic: "checks", partition: 0, offset: 0 });
    expect(read.highWatermark).toBe(0);
    expect(
      c
        .manager(nodeId(1))
        .describePartitions()
        .find((p) => p.topic === "checks")?.logEndOffset,
    ).toBe(0);
    expect(
      c
        .manager(nodeId(1))
        .describePartitions()
        .find((p) => p.topic === "small")?.logEndOffset,
    ).toBe(0);
  });

  it("hints at the leader's endpoint on the listener the request came in by, not its inter-broker one", async () => {
    const c = await threeBrokers();
    // Broker 1 registers separate listeners: followers replicate over INTERNAL (listed first),
    // clients reach it at a name only they resolve. The test brokers serve clients as CLIENT.
    const port = c.broker(nodeId(1)).port;
    c.apply([
      {
        type: "RegisterBroker",
        brokerId: nodeId(1),
        incarnationId: "incarnation-1",
        brokerEpoch: 2, // a re-registration: the epoch grows
        endpoints: [
          { name: "INTERNAL", host: "127.0.0.1", port },
          { name: "CLIENT", host: "broker-1.clients.test", port: 19_092 },
        ],
        rack: null,
        fenced: false,
        inControlledShutdown: false,
        registeredOffset: 0,
      },
    ]);
    c.createTopic("hinted", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "hinted", 0, nodeId(1));
    const clientAddress = { leaderId: 1, host: "broker-1.clients.test", port: 19_092 };
    const produced = await produce(c.client(nodeId(2)), {
      topic: "hinted",
      partition: 0,
      records: batchOf("a", 1),
      acks: "all",
    });
    expect(produced.errorCode).toBe(6); // NOT_LEADER_OR_FOLLOWER
    expect(produced.currentLeader).toMatchObject(clientAddress);
    const fetched = await fetch(c.client(nodeId(3)), { topic: "hinted", partition: 0, offset: 0 });
    expect(fetched.errorCode).toBe(6);
    expect(fetched.currentLeader).toMatchObject(clientAddress);
  });

  it("times out acks=all (indeterminate) while a follower does not fetch and the ISR cannot shrink", async () => {
    const c = await threeBrokers();
    c.createTopic("stuck", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "stuck", 0, nodeId(1));
    c.broker(nodeId(1)).alterPartitionBlocked = true;
    await c.stopBroker(nodeId(3));
    const answer = await produce(c.client(nodeId(1)), {
      topic: "stuck",
      partition: 0,
      records: batchOf("a", 2),
      acks: "all",
      timeoutMs: 300,
    });
    expect(answer.errorCode).toBe(7); // REQUEST_TIMED_OUT: the records are in the leader's log
    expect(answer.baseOffset).toBe(-1);
    expect(c.manager(nodeId(1)).describePartitions()[0]?.logEndOffset).toBe(2);
  });

  it("answers NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrinks below min.insync.replicas while waiting", async () => {
    const c = await threeBrokers();
    c.createTopic("shrinking", [[nodeId(1), nodeId(2)]]);
    await leaderReady(c, "shrinking", 0, nodeId(1));
    await c.stopBroker(nodeId(2));
    const answer = await produce(c.client(nodeId(1)), {
      topic: "shrinking",
      partition: 0,
      records: batchOf("a", 2),
      acks: "all",
    });
    expect(answer.errorCode).toBe(20); // NOT_ENOUGH_REPLICAS_AFTER_APPEND
    expect(c.partition("shrinking", 0).isr).toEqual([1]);
  });

  it("refuses acks=all below min.insync.replicas before appending", async () => {
    const c = await threeBrokers();
    c.createTopic("lonely", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "lonely", 0, nodeId(1));
    // Keep the ISR at one: the followers cannot rejoin while AlterPartition is refused. Blocked
    // before the new epoch, or caught-up followers may rejoin before the ISR of one is seen.
    c.broker(nodeId(1)).alterPartitionBlocked = true;
    // A new epoch with only the leader in the ISR.
    c.electLeader("lonely", 0, nodeId(1), [nodeId(1)]);
    await waitFor(
      () =>
        c.manager(nodeId(1)).describePartitions()[0]?.isr.length === 1 &&
        c.manager(nodeId(1)).describePartitions()[0]?.leaderEpoch === 1
          ? true
          : undefined,
      { timeoutMs: 15_000, message: "ISR of one at the leader" },
    );
    const refused = await produce(c.client(nodeId(1)), {
      topic: "lonely",
      partition: 0,
      records: batchOf("a", 1),
      acks: "all",
    });
    expect(refused.errorCode).toBe(19); // NOT_ENOUGH_REPLICAS
    const one = await produce(c.client(nodeId(1)), {
      topic: "lonely",
      partition: 0,
      records: batchOf("b", 1),
      acks: 1,
    });
    expect(one.errorCode).toBe(0);
    expect(one.baseOffset).toBe(0);
    c.setTopicConfig("lonely", "min.insync.replicas", "1");
    await waitFor(
      async () => {
        const answer = await produce(c.client(nodeId(1)), {
          topic: "lonely",
          partition: 0,
          records: batchOf("c", 1),
          acks: "all",
        });
        return answer.errorCode === 0 ? answer : undefined;
      },
      { timeoutMs: 15_000, message: "min.insync.replicas=1 applied" },
    );
  });

  it("answers NOT_LEADER_OR_FOLLOWER while the image says this broker is fenced", async () => {
    const c = await threeBrokers();
    c.createTopic("fenced", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "fenced", 0, nodeId(1));
    c.apply([{ type: "FenceBroker", brokerId: nodeId(1), brokerEpoch: 1 }]);
    await waitFor(
      async () => {
        const answer = await produce(c.client(nodeId(1)), {
          topic: "fenced",
          partition: 0,
          records: batchOf("a", 1),
          acks: 1,
        });
        return answer.errorCode === 6 ? answer : undefined;
      },
      { timeoutMs: 15_000, message: "fence seen" },
    );
  });

  it("appends a produce stream's requests in stream order and answers each by correlation id", async () => {
    const c = await threeBrokers();
    c.createTopic("streamed", [[nodeId(1), nodeId(2), nodeId(3)]]);
    await leaderReady(c, "streamed", 0, nodeId(1));
    const stream = c.client(nodeId(1)).ProduceStream();
    const answers = new Map<number, number>();
    const errors: string[] = [];
    stream.on(
      "data",
      (message: {
        correlationId: number;
        response: { responses: { partitionResponses: { baseOffset: number }[] }[] } | null;
        error: { errorName: string } | null;
      }) => {
        if (message.error !== null) errors.push(message.error.errorName);
        else
          answers.set(
            message.correlationId,
            message.response?.responses[0]?.partitionResponses[0]?.baseOffset ?? -2,
          );
      },
    );
    stream.on("error", () => undefined);
    try {
      for (let index = 0; index < 20; index += 1) {
        stream.write({
          correlationId: index,
          request: {
            acks: "ACKS_ALL",
            timeoutMs: 10_000,
            topicData: [
              { name: "streamed", partitionData: [{ index: 0, records: batchOf(`m${index}`, 2) }] },
            ],
          },
        });
      }
      stream.write({ correlationId: 99, request: { acks: "ACKS_ALL", timeoutMs: -5, topicData: [] } });
      await waitFor(() => (answers.size === 20 && errors.length === 1 ? true : undefined), {
        timeoutMs: 15_000,

        message: "every answer",
      });
      expect([...answers.entries()].sort((a, b) => a[0] - b[0]).map(([, offset]) => offset)).toEqual(
        Array.from({ length: 20 }, (_, index) => index * 2),
      );
      expect(errors).toEqual(["INVALID_REQUEST"]);
    } finally {
      stream.cancel();
    }
  });
});
