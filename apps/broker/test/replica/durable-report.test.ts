import type { ClientDuplexStream } from "@grpc/grpc-js";
import { createReplicationClient, type ReplicationV1 } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { PartitionReplica } from "../../src/replica/partition-replica.js";
import { batchOf, produce, ReplicaCluster, valuesOf } from "./replica-cluster.js";

/**
 * The leader side of the commit path against a follower played by the test over a real
 * FollowerFetch stream: the test decides what the follower has written and what it has fsynced.
 */

const FOLLOWER_ID = nodeId(9);
const TOPIC = "commit";

let cluster: ReplicaCluster | undefined;
let follower: ScriptedFollower | undefined;

afterEach(async () => {
  follower?.close();
  follower = undefined;
  await cluster?.close();
  cluster = undefined;
});

/** Broker 1 leads TOPIC-0 with the scripted follower 9 in the ISR (min.insync.replicas 2). */
async function startLeader(): Promise<{ c: ReplicaCluster; replica: PartitionReplica }> {
  // Held rounds and lag outlast the test: only the follower's messages move the leader.
  const c = await ReplicaCluster.start({
    brokerIds: [nodeId(1)],
    config: { replicaFetchWaitMaxMs: 120_000, replicaLagTimeMaxMs: 120_000 },
  });
  cluster = c;
  c.apply([
    {
      type: "RegisterBroker",
      brokerId: FOLLOWER_ID,
      incarnationId: "incarnation-9",
      brokerEpoch: 2,
      endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: 1 }],
      rack: null,
      fenced: false,
      inControlledShutdown: false,
      registeredOffset: 0,
    },
  ]);
  c.createTopic(TOPIC, [[nodeId(1), FOLLOWER_ID]], { "min.insync.replicas": "2" });
  const replica = await waitFor(
    () => {
      const found = c.manager(nodeId(1)).lookup(TOPIC, 0);
      return !(found instanceof Error) && found.activeLeader() !== undefined ? found : undefined;
    },
    { timeoutMs: 15_000, message: "leader ready" },
  );
  return { c, replica };
}

function highWatermarkOf(replica: PartitionReplica): number {
  return replica.activeLeader()?.highWatermark ?? -1;
}

class ScriptedFollower {
  readonly answers: ReplicationV1.FollowerFetchResponse__Output[] = [];
  /** The status the leader ended the stream with, once it did. */
  failure: (Error & { code?: number; details?: string }) | undefined;
  readonly #client: ReturnType<typeof createReplicationClient>;
  readonly #stream: ClientDuplexStream<
    ReplicationV1.FollowerFetchRequest,
    ReplicationV1.FollowerFetchResponse__Output
  >;

  constructor(port: number) {
    this.#client = createReplicationClient(`127.0.0.1:${port}`);
    this.#stream = this.#client.FollowerFetch();
    this.#stream.on("data", (answer: ReplicationV1.FollowerFetchResponse__Output) =>
      this.answers.push(answer),
    );
    this.#stream.on("error", (error: Error) => {
      this.failure = error;
    });
  }

  /** A fetch round (fetchId) or, with fetchId undefined, a progress report. */
  send(input: {
    fetchId?: number;
    fetchOffset: number;
    durableOffset: number;
    leaderEpoch?: number;
    brokerEpoch?: number;
  }): void {
    this.#stream.write({
      fetchId: input.fetchId ?? 0,
      replicaId: FOLLOWER_ID,
      brokerEpoch: input.brokerEpoch ?? 2,
      maxWaitMs: 120_000,
      minBytes: 1,
      maxBytes: 1024 * 1024,
      progressOnly: input.fetchId === undefined,
      topics: [
        {
          topicId: "",
          topic: TOPIC,
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: input.leaderEpoch ?? 0,
              fetchOffset: input.fetchOffset,
              lastFetchedEpoch: input.fetchOffset === 0 ? -1 : 0,
              logStartOffset: 0,
              partitionMaxBytes: 1024 * 1024,
              durableOffset: input.durableOffset,
            },
          ],
        },
      ],
    });
  }

  /** A progress report naming no partition: "answer the held round now". */
  askAnswerNow(): void {
    this.#stream.write({
      fetchId: 0,
      replicaId: FOLLOWER_ID,
      brokerEpoch: 2,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 0,
      progressOnly: true,
      topics: [],
    });
  }

  answer(fetchId: number): Promise<ReplicationV1.FollowerFetchResponse__Output> {
    return waitFor(() => this.answers.find((answer) => Number(answer.fetchId) === fetchId), {
      timeoutMs: 15_000,

      message: `the answer to fetch ${fetchId}`,
    });
  }

  close(): void {
    this.#stream.cancel();
    this.#client.close();
  }
}

describe("follower progress reports (durable offsets on the open stream)", () => {
  it("advance the high watermark and complete acks=all while the follower's next round is held", async () => {
    const { c, replica } = await startLeader();
    follower = new ScriptedFollower(c.broker(nodeId(1)).port);
    follower.send({ fetchId: 1, fetchOffset: 0, durableOffset: 0 });
    const producing = produce(c.client(nodeId(1)), {
      topic: TOPIC,
      partition: 0,
      records: batchOf("r", 3),
      acks: "all",
    });
    const first = await follower.answer(1);
    expect(valuesOf(first.topics[0]?.partitions[0]?.records ?? Buffer.alloc(0))).toHaveLength(3);

    // The follower wrote the records and asks for more (a held round) before its fsync ends.
    follower.send({ fetchId: 2, fetchOffset: 3, durableOffset: 0 });
    await waitFor(
      () => (replica.activeLeader()?.followerState(FOLLOWER_ID)?.logEndOffset === 3 ? true : undefined),
      { timeoutMs: 15_000, message: "the leader saw the follower's write" },
    );
    expect(highWatermarkOf(replica)).toBe(0);

    // Its fsync completes: the report alone moves the watermark, no round is answered.
    follower.send({ fetchOffset: 3, durableOffset: 3 });
    const produced = await producing;
    expect(produced.errorCode).toBe(0);
    expect(Number(produced.baseOffset)).toBe(0);
    expect(highWatermarkOf(replica)).toBe(3);
    expect(follower.answers.map((answer) => Number(answer.fetchId))).toEqual([1]);
  });

  it("count only what the follower fsynced: the watermark never passes its reported durable offset", async () => {
    const { c, replica } = await startLeader();
    follower = new ScriptedFollower(c.broker(nodeId(1)).port);
    follower.send({ fetchId: 1, fetchOffset: 0, durableOffset: 0 });
    await produce(c.client(nodeId(1)), { topic: TOPIC, partition: 0, records: batchOf("w", 5), acks: 1 });
    await follower.answer(1);
    // Written but not fsynced (a follower that crashes now loses these): nothing is committed.
    follower.send({ fetchId: 2, fetchOffset: 5, durableOffset: 0 });
    // Invalid reports move nothing: a durable offset past the follower's log, a stale epoch.
    follower.send({ fetchOffset: 5, durableOffset: 6 });
    follower.send({ fetchOffset: 5, durableOffset: 5, leaderEpoch: -2 });
    // A partial fsync counts as far as it goes; the stream keeps order, so the reports above were
    // applied before this one.
    follower.send({ fetchOffset: 5, durableOffset: 2 });
    await waitFor(() => (highWatermarkOf(replica) === 2 ? true : undefined), {
      timeoutMs: 15_000,

      message: "the partial report applied",
    });
    expect(replica.activeLeader()?.followerState(FOLLOWER_ID)?.durableOffset).toBe(2);
    // A late report of an older fsync does not lower what the leader counts.
    follower.send({ fetchOffset: 5, durableOffset: 1 });
    follower.send({ fetchOffset: 5, durableOffset: 4 });
    await waitFor(() => (highWatermarkOf(replica) === 4 ? true : undefined), {
      timeoutMs: 15_000,

      message: "the next report applied",
    });
    expect(replica.activeLeader()?.followerState(FOLLOWER_ID)?.durableOffset).toBe(4);
    expect(follower.answers.map((answer) => Number(answer.fetchId))).toEqual([1]);
  });

  it("naming no partition, have the held round answered now, with what the log has (nothing)", async () => {
    const { c, replica } = await startLeader();
    follower = new ScriptedFollower(c.broker(nodeId(1)).port);
    follower.send({ fetchId: 1, fetchOffset: 0, durableOffset: 0 });
    await waitFor(
      () => (replica.activeLeader()?.followerState(FOLLOWER_ID)?.logEndOffset === 0 ? true : undefined),
      { timeoutMs: 15_000, message: "the leader holds the round" },
    );
    expect(follower.answers).toEqual([]);
    follower.askAnswerNow();
    const answer = await follower.answer(1);
    expect(answer.topics[0]?.partitions[0]?.records.length ?? 0).toBe(0);
    expect(follower.failure).toBeUndefined();
    // The stream goes on: the next round is answered when records come.
    follower.send({ fetchId: 2, fetchOffset: 0, durableOffset: 0 });
    await produce(c.client(nodeId(1)), { topic: TOPIC, partition: 0, records: batchOf("n", 2), acks: 1 });
    const second = await follower.answer(2);
    expect(valuesOf(second.topics[0]?.partitions[0]?.records ?? Buffer.alloc(0))).toHaveLength(2);
  });

  it("leave a round's error to end the stream (a stale broker epoch)", async () => {
    const { c } = await startLeader();
    follower = new ScriptedFollower(c.broker(nodeId(1)).port);
    follower.send({ fetchOffset: 0, durableOffset: 0 });
    follower.send({ fetchId: 1, fetchOffset: 0, durableOffset: 0, brokerEpoch: 1 });
    const failure = await waitFor(() => follower?.failure, {
      timeoutMs: 15_000,

      message: "the stream's end",
    });
    expect(failure.details).toContain("broker epoch 1 < 2");
  });
});
