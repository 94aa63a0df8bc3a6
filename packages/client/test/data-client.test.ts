import { callUnary, encodeRecordBatch, partitionForKey, RillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionPool } from "../src/connection/connection-pool.js";
import { DataClient } from "../src/data/data-client.js";
import { MetadataCache } from "../src/metadata/metadata-cache.js";
import { decodeFetchedBatches, nextFetchOffset, recordsFrom } from "../src/records/decode-batches.js";
import { systemClock } from "../src/retry/clock.js";
import { Deadline } from "../src/retry/deadline.js";
import { failureOutcome } from "../src/retry/outcome.js";
import { FakeCluster } from "../src/testing/fake-cluster.js";

const text = new TextEncoder();
const fastBackoff = { initialMs: 5, maxMs: 20 } as const;

function batchOf(values: string[], idempotent = false): Uint8Array {
  return encodeRecordBatch({
    records: values.map((value) => ({ key: null, value: text.encode(value) })),
    ...(idempotent ? { producerId: 7, producerEpoch: 0, baseSequence: 0 } : {}),
  });
}

let cluster: FakeCluster | undefined;
let client: DataClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await cluster?.stop();
  cluster = undefined;
});

async function start(brokers: number[]) {
  cluster = await FakeCluster.start({ brokers });
  // Bootstrap from one broker only: the others are learnt from metadata.
  client = new DataClient({ bootstrap: cluster.bootstrap().slice(0, 1), backoff: fastBackoff });
  return { cluster, client };
}

describe("DataClient routing", () => {
  it("learns the cluster from one broker and sends each partition to its leader", async () => {
    const { cluster, client } = await start([1, 2, 3]);
    cluster.addTopic("orders", [2, 3]);
    const first = await client.produce({ topic: "orders", partition: 0, batch: batchOf(["a", "b"]) });
    const second = await client.produce({ topic: "orders", partition: 1, batch: batchOf(["c"]), acks: 1 });
    const third = await client.produce({ topic: "orders", partition: 0, batch: batchOf(["d"]) });
    expect(cluster.callsTo("produce").map((call) => call.nodeId)).toEqual([2, 3, 2]);
    expect(first).toMatchObject({
      baseOffset: 0,
      lastOffset: 1,
      recordCount: 2,
      leaderId: 2,
      leaderEpoch: 0,
    });
    expect(first.durability).toEqual({ replicasHolding: 3, fsynced: true });
    expect(second.durability).toEqual({ replicasHolding: 1, fsynced: true });
    expect(third.baseOffset).toBe(2);
    expect(first.possibleDuplicate).toBe(false);
    // One metadata round trip served all three.
    expect(cluster.callsTo("metadata")).toHaveLength(1);
  });

  it("follows a NOT_LEADER_OR_FOLLOWER hint to the new leader without a metadata refresh", async () => {
    const { cluster, client } = await start([1, 2]);
    cluster.addTopic("orders", [1]);
    await client.produce({ topic: "orders", partition: 0, batch: batchOf(["a"]) });
    cluster.moveLeader("orders", 0, 2);
    const result = await client.produce({ topic: "orders", partition: 0, batch: batchOf(["b"]) });
    expect(cluster.callsTo("produce").map((call) => call.nodeId)).toEqual([1, 1, 2]);
    expect(result).toMatchObject({ baseOffset: 1, leaderId: 2, leaderEpoch: 1, attempts: 2 });
    expect(cluster.callsTo("metadata")).toHaveLength(1);
  });

  it("refreshes metadata on NOT_LEADER_OR_FOLLOWER without a usable hint", async () => {
    const { cluster, client } = await start([1, 2]);
    cluster.addTopic("orders", [1]);
    await client.produce({ topic: "orders", partition: 0, batch: batchOf(["a"]) });
    cluster.moveLeader("orders", 0, 2);
    cluster.intercept = (call) =>
      call.method === "produce" && call.nodeId === 1
        ? { kind: "error", error: new RillError("NOT_LEADER_OR_FOLLOWER", "moved, no hint") }
        : undefined;
    const result = await client.produce({ topic: "orders", partition: 0, batch: batchOf(["b"]) });
    expect(result.leaderId).toBe(2);
    expect(cluster.callsTo("metadata").length).toBe(2);
  });

  it("refreshes and moves on when the leader's connection is refused", async () => {
    const { cluster, client } = await start([1, 2]);
    cluster.addTopic("orders", [2]);
    await client.produce({ topic: "orders", partition: 0, batch: batchOf(["a"]) });
    await cluster.stopNode(2);
    cluster.moveLeader("orders", 0, 1);
    const result = await client.produce({
      topic: "orders",
      partition: 0,
      batch: batchOf(["b"]),
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ leaderId: 1, baseOffset: 1, possibleDuplicate: false });
  });

  it("gets a producer id from a live broker, and the next epoch of the same id", async () => {
    const { cluster, client } = await start([1, 2]);
    cluster.addTopic("orders", [1]);
    await client.topicMetadata("orders");
    await cluster.stopNode(1);
    const first = await client.initProducerId({ timeoutMs: 10_000 });
    expect(first).toEqual({ producerId: 1000, producerEpoch: 0 });
    expect(await client.initProducerId(first)).toEqual({ producerId: 1000, producerEpoch: 1 });
  });

  it("retries UNKNOWN_TOPIC_OR_PARTITION until the topic appears", async () => {
    const { cluster, client } = await start([1]);
    let metadataCalls = 0;
    cluster.intercept = (call) => {
      if (call.method === "metadata" && ++metadataCalls === 3) cluster.addTopic("late", [1]);
      return undefined;
    };
    const result = await client.produce({
      topic: "late",
      partition: 0,
      batch: batchOf(["a"]),
      timeoutMs: 10_000,
    });
    expect(result.baseOffset).toBe(0);
    expect(metadataCalls).toBeGreaterThanOrEqual(3);
  });

  it("waits for a topic the brokers learn about late", async () => {
    const { cluster, client } = await start([1]);
    let metadataCalls = 0;
    cluster.intercept = (call) => {
      if (call.method === "metadata" && ++metadataCalls === 2) cluster.addTopic("fresh", [1, 1]);
      return undefined;
    };
    const info = await client.topicMetadata("fresh", 10_000);
    expect(info.partitions).toHaveLength(2);
    expect(metadataCalls).toBe(2);
  });

  it("gives up on an unknown topic at the deadline with a typed, definite error", async () => {
    const { client } = await start([1]);
    const error = await client
      .produce({ topic: "missing", partition: 0, batch: batchOf(["a"]), timeoutMs: 1_500 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RillError);
    expect((error as RillError).errorName).toBe("UNKNOWN_TOPIC_OR_PARTITION");
    expect((error as RillError).retriable).toBe(true);
    expect(failureOutcome(error)).toBe("failed");
  });
});

describe("MetadataCache with a hung broker", () => {
  it("asks the next broker when one stays silent, and asks the silent one last next time", async () => {
    cluster = await FakeCluster.start({ brokers: [1, 2, 3] });
    cluster.addTopic("orders", [2]);
    // Broker 1 (first in the bootstrap list) is paused: its Metadata calls never answer.
    cluster.intercept = (call) =>
      call.method === "metadata" && call.nodeId === 1 ? { kind: "hang" } : undefined;
    const pool = new ConnectionPool();
    // Timeouts far beyond the test's own: only asking another broker meanwhile can answer.
    const cache = new MetadataCache({
      bootstrap: cluster.bootstrap(),
      pool,
      clock: systemClock,
      requestTimeoutMs: 600_000,
    });
    try {
      await cache.refresh(["orders"], new Deadline(systemClock, 600_000));
      expect(cache.current().topics.get("orders")?.partitions[0]?.leaderId).toBe(2);
      expect(cluster.callsTo("metadata", 1)).toHaveLength(1);
      const callsBefore = cluster.callsTo("metadata").length;
      cluster.moveLeader("orders", 0, 3);
      cache.invalidate("orders");
      await cache.refresh(["orders"], new Deadline(systemClock, 600_000));
      expect(cache.current().topics.get("orders")?.partitions[0]?.leaderId).toBe(3);
      // The refresh began with a broker that answered before, not with the silent one.
      expect(cluster.callsTo("metadata")[callsBefore]?.nodeId).not.toBe(1);
    } finally {
      pool.close();
    }
  });

  it("ends a refresh that outlives the client's close with a typed error, asking nobody more", async () => {
    // A CI run: a refresh's next ask after the client closed threw "ConnectionPool: used after
    // close()" out of a callback, an unhandled rejection.
    const fake = await FakeCluster.start({ brokers: [1, 2, 3] });
    cluster = fake;
    fake.addTopic("orders", [2]);
    fake.intercept = (call) => (call.method === "metadata" ? { kind: "hang" } : undefined);
    const pool = new ConnectionPool();
    const cache = new MetadataCache({
      bootstrap: fake.bootstrap(),
      pool,
      clock: systemClock,
      requestTimeoutMs: 600_000,
      hedgeAfterMs: 50,
    });
    const refresh = cache.refresh(["orders"], new Deadline(systemClock, 600_000)).catch((error) => error);
    await waitFor(() => fake.callsTo("metadata").length >= 1, { timeoutMs: 10_000, message: "first ask" });
    pool.close();
    const asked = fake.callsTo("metadata").length;
    const error = await refresh;
    // It ends, typed (the calls cut by the close or the closed pool), and nothing is asked after.
    expect(error).toBeInstanceOf(RillError);
    expect(fake.callsTo("metadata")).toHaveLength(asked);
  });
});

/**
 * Three brokers, "orders" led by broker 1, a cache that has read it, and what broker 1 answers
 * Metadata with at that point: its picture once deposed without knowing it (cut off from the
 * controllers).
 */
async function deposedLeaderScene(cacheOptions: { readonly hedgeAfterMs?: number } = {}) {
  const fake = await FakeCluster.start({ brokers: [1, 2, 3] });
  cluster = fake;
  fake.addTopic("orders", [1]);
  const pool = new ConnectionPool();
  const cache = new MetadataCache({
    bootstrap: fake.bootstrap(),
    pool,
    clock: systemClock,
    requestTimeoutMs: 5_000,
    ...cacheOptions,
  });
  const leaderAddress = fake.bootstrap()[0] as string;
  await cache.refresh(["orders"], new Deadline(systemClock, 5_000));
  const stale = await callUnary(
    pool.broker(leaderAddress),
    "metadata",
    { topics: ["orders"], allTopics: false },
    { timeoutMs: 5_000 },
  );
  return { fake, pool, cache, leaderAddress, stale };
}

const leaderOfOrders = (cache: MetadataCache) =>
  cache.current().topics.get("orders")?.partitions[0]?.leaderId;

describe("MetadataCache asking around a deposed leader", () => {
  it("asks a doubted node after the slow ones, so a deposed leader's stale picture does not win", async () => {
    const { fake, pool, cache, leaderAddress, stale } = await deposedLeaderScene();
    try {
      // Brokers 2 and 3 fail once (say both restarted lately): the cache marks them slow.
      fake.intercept = (call) =>
        call.method === "metadata"
          ? { kind: "error", error: new RillError("NETWORK_EXCEPTION", "down") }
          : undefined;
      cache.invalidate("orders");
      await expect(cache.refresh(["orders"], new Deadline(systemClock, 5_000))).rejects.toThrow();
      fake.intercept = (call) =>
        call.method === "metadata" && call.nodeId !== 1
          ? { kind: "error", error: new RillError("NETWORK_EXCEPTION", "down") }
          : undefined;
      cache.invalidate("orders");
      await cache.refresh(["orders"], new Deadline(systemClock, 5_000));
      // The controllers move the leadership to broker 2; broker 1 keeps answering its old picture.
      fake.moveLeader("orders", 0, 2);
      fake.intercept = (call) =>
        call.method === "metadata" && call.nodeId === 1 ? { kind: "respond", response: stale } : undefined;
      cache.invalidate("orders");
      await cache.refresh(["orders"], new Deadline(systemClock, 5_000), { askLast: leaderAddress });
      expect(leaderOfOrders(cache)).toBe(2);
    } finally {
      pool.close();
    }
  });

  it("waits for the other nodes' answers before taking the doubted node's word", async () => {
    const { fake, pool, cache, leaderAddress, stale } = await deposedLeaderScene({ hedgeAfterMs: 20 });
    try {
      fake.moveLeader("orders", 0, 2);
      // Brokers 2 and 3 answer late (busy with the election); the deposed node 1 at once, stale.
      let release: () => void = () => {};
      const late = new Promise<void>((resolve) => {
        release = resolve;
      });
      fake.intercept = (call) =>
        call.method !== "metadata"
          ? undefined
          : call.nodeId === 1
            ? { kind: "respond", response: stale }
            : { kind: "answer-later", until: late };
      cache.invalidate("orders");
      const askedBefore = fake.callsTo("metadata", 1).length;
      const refresh = cache.refresh(["orders"], new Deadline(systemClock, 5_000), { askLast: leaderAddress });
      // Let the doubted node answer (it is asked after two hedge delays), then the others.
      await waitFor(() => fake.callsTo("metadata", 1).length > askedBefore, {
        timeoutMs: 5_000,
        message: "the doubted node asked",
      });
      release();
      await refresh;
      expect(leaderOfOrders(cache)).toBe(2);
    } finally {
      pool.close();
    }
  });
});

describe("DataClient outcomes", () => {
  it("reports a produce whose answer never came as INDETERMINATE, not failed", async () => {
    const { cluster, client } = await start([1]);
    cluster.addTopic("orders", [1]);
    cluster.intercept = (call) => (call.method === "produce" ? { kind: "hang" } : undefined);
    const error = await client
      .produce({ topic: "orders", partition: 0, batch: batchOf(["a"]), timeoutMs: 2_000 })
      .catch((caught: unknown) => caught);
    expect((error as RillError).errorName).toBe("INDETERMINATE");
    expect(failureOutcome(error)).toBe("unknown");
    // Not idempotent: the first unknown outcome ends it (a second send could duplicate).
    expect(cluster.callsTo("produce")).toHaveLength(1);
  });

  it("retries an idempotent batch after an unknown outcome", async () => {
    const { cluster, client } = await start([1]);
    cluster.addTopic("orders", [1]);
    let produces = 0;
    cluster.intercept = (call) =>
      call.method === "produce" && ++produces === 1
        ? { kind: "error", error: new RillError("REQUEST_TIMED_OUT", "acks not reached in time") }
        : undefined;
    const result = await client.produce({ topic: "orders", partition: 0, batch: batchOf(["a"], true) });
    expect(result.attempts).toBe(2);
    expect(result.possibleDuplicate).toBe(false);
  });

  it("flags a possible duplicate when a non-idempotent retry was asked for", async () => {
    const { cluster, client } = await start([1]);
    cluster.addTopic("orders", [1]);
    let produces = 0;
    cluster.intercept = (call) =>
      call.method === "produce" && ++produces === 1
        ? { kind: "error", error: new RillError("NOT_ENOUGH_REPLICAS_AFTER_APPEND") }
        : undefined;
    const result = await client.produce({
      topic: "orders",
      partition: 0,
      batch: batchOf(["a"]),
      retryAfterIndeterminate: true,
    });
    expect(result.possibleDuplicate).toBe(true);
  });

  it("throws non-retriable partition errors at once, typed", async () => {
    const { cluster, client } = await start([1]);
    cluster.addTopic("orders", [1]);
    cluster.intercept = (call) =>
      call.method === "produce"
        ? {
            kind: "respond",
            response: {
              responses: [
                {
                  name: "orders",
                  partitionResponses: [
                    { index: 0, errorCode: 10, errorMessage: "batch of 2 MiB is over 1 MiB" },
                  ],
                },
              ],
            },
          }
        : undefined;
    const error = await client
      .produce({ topic: "orders", partition: 0, batch: batchOf(["a"]) })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorName: "MESSAGE_TOO_LARGE", code: 10, retriable: false });
    expect((error as RillError).message).toContain("over 1 MiB");
    expect(cluster.callsTo("produce")).toHaveLength(1);
    expect(failureOutcome(error)).toBe("failed");
  });

  it("refuses a corrupt batch and bad arguments before sending anything", async () => {
    const { cluster, client } = await start([1]);
    cluster.addTopic("orders", [1]);
    const corrupt = batchOf(["a"]);
    corrupt[corrupt.length - 1] = (corrupt[corrupt.length - 1] as number) ^ 0xff;
    await expect(client.produce({ topic: "orders", partition: 0, batch: corrupt })).rejects.toMatchObject({
      errorName: "CORRUPT_MESSAGE",
    });
    await expect(
      client.produce({ topic: "orders", partition: -1, batch: batchOf(["a"]) }),
    ).rejects.toMatchObject({
      errorName: "INVALID_REQUEST",
    });
    await expect(
      client.produce({ topic: "orders", partition: 0, batch: batchOf(["a"]), acks: 2 as 1 }),
    ).rejects.toMatchObject({ errorName: "INVALID_REQUIRED_ACKS" });
    expect(cluster.calls).toHaveLength(0);
  });
});

describe("DataClient fetch and listOffsets", () => {
  it("fetches what was produced from the leader and finds offsets", async () => {
    const { cluster, client } = await start([1, 2]);
    cluster.addTopic("events", [2]);
    await client.produce({ topic: "events", partition: 0, batch: batchOf(["a", "b"]) });
    await client.produce({ topic: "events", partition: 0, batch: batchOf(["c"]) });
    const fetched = await client.fetch({ topic: "events", partition: 0, offset: 1 });
    expect(fetched).toMatchObject({ highWatermark: 3, leaderId: 2, leaderEpoch: 0 });
    const batches = decodeFetchedBatches(fetched.records);
    // The first batch starts before offset 1: its record at offset 0 is skipped.
    const values = recordsFrom(batches, 1).map((record) =>
      new TextDecoder().decode(record.value ?? undefined),
    );
    expect(values).toEqual(["b", "c"]);
    expect(nextFetchOffset(batches, 1)).toBe(3);
    expect(await client.listOffsets({ topic: "events", partition: 0, spec: "earliest" })).toMatchObject({
      offset: 0,
    });
    expect(await client.listOffsets({ topic: "events", partition: 0, spec: "latest" })).toMatchObject({
      offset: 3,
    });
    expect(cluster.callsTo("fetch").map((call) => call.nodeId)).toEqual([2]);
  });

  it("retries a fetch after a leader change, but tells a caller with a stale epoch", async () => {
    const { cluster, client } = await start([1, 2]);
    cluster.addTopic("events", [1]);
    await client.produce({ topic: "events", partition: 0, batch: batchOf(["a"]) });
    cluster.moveLeader("events", 0, 2);
    const fetched = await client.fetch({ topic: "events", partition: 0, offset: 0 });
    expect(fetched.leaderId).toBe(2);
    const stale = await client
      .fetch({ topic: "events", partition: 0, offset: 0, leaderEpoch: 0 })
      .catch((caught: unknown) => caught);
    expect(stale).toMatchObject({ errorName: "FENCED_LEADER_EPOCH" });
  });

  it("partitions keys as Kafka's default partitioner does", async () => {
    const { cluster, client } = await start([1]);
    cluster.addTopic("keyed", [1, 1, 1, 1, 1, 1]);
    const key = text.encode("customer-42");
    expect(await client.partitionForKey("keyed", key)).toBe(partitionForKey(key, 6));
  });
});
