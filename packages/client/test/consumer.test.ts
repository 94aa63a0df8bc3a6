import { encodeRecordBatch, isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionPool } from "../src/connection/connection-pool.js";
import { Consumer } from "../src/consumer/consumer.js";
import type { ConsumerOptions, ConsumerRecord } from "../src/consumer/consumer-types.js";
import { DataClient } from "../src/data/data-client.js";
import { systemClock } from "../src/retry/clock.js";
import { FakeCluster } from "../src/testing/fake-cluster.js";

const text = new TextEncoder();
const fromText = new TextDecoder();
const fastBackoff = { initialMs: 5, maxMs: 20 } as const;
/** The bound on every wait in these tests. */
const WAIT_MS = 10_000;

let cluster: FakeCluster | undefined;
let data: DataClient | undefined;
let pool: ConnectionPool | undefined;
let consumer: Consumer | undefined;
afterEach(async () => {
  await consumer?.disconnect();
  consumer = undefined;
  data?.close();
  data = undefined;
  pool?.close();
  pool = undefined;
  await cluster?.stop();
  cluster = undefined;
});

async function start(brokers: number[], topics: Record<string, number[]>, options: ConsumerOptions = {}) {
  cluster = await FakeCluster.start({ brokers });
  for (const [name, leaders] of Object.entries(topics)) cluster.addTopic(name, leaders);
  pool = new ConnectionPool();
  data = new DataClient({ bootstrap: cluster.bootstrap().slice(0, 1), backoff: fastBackoff, pool });
  consumer = new Consumer({ data, pool, clock: systemClock }, options);
  await consumer.connect();
  return { cluster, data, consumer };
}

/** Appends one batch of `values` to a partition; returns its base offset. */
async function produce(topic: string, partition: number, values: string[]): Promise<number> {
  const batch = encodeRecordBatch({
    records: values.map((value) => ({ key: null, value: text.encode(value) })),
  });
  const sent = await (data as DataClient).produce({ topic, partition, batch });
  return sent.baseOffset;
}

interface Seen {
  partition: number;
  offset: number;
  value: string;
}

function collector(): { seen: Seen[]; eachMessage: (payload: { message: ConsumerRecord }) => void } {
  const seen: Seen[] = [];
  return {
    seen,
    eachMessage: ({ message }) => {
      seen.push({
        partition: message.partition,
        offset: message.offset,
        value: fromText.decode(message.value ?? new Uint8Array()),
      });
    },
  };
}

function offsetsOf(seen: readonly Seen[], partition: number): number[] {
  return seen.filter((entry) => entry.partition === partition).map((entry) => entry.offset);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index);
}

describe("Consumer", () => {
  it("delivers every partition's records once, in offset order, from several brokers at once", async () => {
    const { consumer } = await start([1, 2], { orders: [1, 2, 1] });
    for (let round = 0; round < 20; round += 1) {
      for (const partition of [0, 1, 2]) {
        await produce("orders", partition, [
          `${partition}-${3 * round}`,
          `${partition}-${3 * round + 1}`,
          `${partition}-${3 * round + 2}`,
        ]);
      }
    }
    await consumer.assign(
      [0, 1, 2].map((partition) => ({ topic: "orders", partition, offset: "earliest" as const })),
    );
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage, partitionsConsumedConcurrently: 3 });
    await waitFor(() => seen.length >= 180, { timeoutMs: WAIT_MS, message: "180 records" });
    // Records produced while running arrive too (the stream pushes them).
    await produce("orders", 1, ["1-60"]);
    await waitFor(() => seen.length >= 181, { timeoutMs: WAIT_MS, message: "the tailing record" });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual(range(0, 60));
    expect(offsetsOf(seen, 1)).toEqual(range(0, 61));
    expect(offsetsOf(seen, 2)).toEqual(range(0, 60));
    for (const entry of seen) expect(entry.value).toBe(`${entry.partition}-${entry.offset}`);
    expect(consumer.position("orders", 1)).toBe(61);
    expect(cluster?.fetchSessions.size).toBe(2);
  });

  it("seek moves the next delivered record, dropping what was prefetched", async () => {
    const { consumer } = await start([1], { orders: [1] });
    await produce("orders", 0, range(0, 10).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 0 }]);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await waitFor(() => seen.length >= 10, { timeoutMs: WAIT_MS, message: "10 records" });
    await consumer.seek({ topic: "orders", partition: 0, offset: 3 });
    await waitFor(() => seen.length >= 17, { timeoutMs: WAIT_MS, message: "the records after the seek" });
    await consumer.seek({ topic: "orders", partition: 0, offset: "earliest" });
    await waitFor(() => seen.length >= 27, {
      timeoutMs: WAIT_MS,
      message: "the records after the second seek",
    });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual([...range(0, 10), ...range(3, 10), ...range(0, 10)]);
  });

  it("a seek from inside a handler takes effect at the next record", async () => {
    const { consumer } = await start([1], { orders: [1] });
    await produce("orders", 0, range(0, 10).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 0 }]);
    const offsets: number[] = [];
    let sought = false;
    const running = consumer.run({
      eachMessage: async ({ message }) => {
        offsets.push(message.offset);
        if (message.offset === 5 && !sought) {
          sought = true;
          await consumer.seek({ topic: "orders", partition: 0, offset: 8 });
        }
      },
    });
    await waitFor(() => offsets.length >= 8, { timeoutMs: WAIT_MS, message: "the rest after the seek" });
    consumer.stop();
    await running;
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 8, 9]);
  });

  it("pause stops one partition while others go on; resume delivers what it missed, in order", async () => {
    const { consumer } = await start([1], { orders: [1, 1] });
    await consumer.assign([
      { topic: "orders", partition: 0, offset: 0 },
      { topic: "orders", partition: 1, offset: 0 },
    ]);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await produce("orders", 0, ["0-0"]);
    await waitFor(() => seen.length >= 1, { timeoutMs: WAIT_MS, message: "the first record" });
    consumer.pause([{ topic: "orders", partition: 0 }]);
    expect(consumer.paused()).toEqual([{ topic: "orders", partition: 0 }]);
    await produce("orders", 0, ["0-1", "0-2"]);
    await produce("orders", 1, ["1-0", "1-1"]);
    await waitFor(() => offsetsOf(seen, 1).length >= 2, {
      timeoutMs: WAIT_MS,
      message: "partition 1's records",
    });
    expect(offsetsOf(seen, 0)).toEqual([0]);
    consumer.resume([{ topic: "orders", partition: 0 }]);
    await waitFor(() => offsetsOf(seen, 0).length >= 3, {
      timeoutMs: WAIT_MS,
      message: "partition 0's missed records",
    });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual([0, 1, 2]);
    expect(offsetsOf(seen, 1)).toEqual([0, 1]);
  });

  it("OFFSET_OUT_OF_RANGE with autoOffsetReset earliest restarts at the log start", async () => {
    const { consumer } = await start([1], { orders: [1] }, { autoOffsetReset: "earliest" });
    await produce("orders", 0, range(0, 5).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 1000 }]);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await waitFor(() => seen.length >= 5, { timeoutMs: WAIT_MS, message: "the records from the log start" });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual(range(0, 5));
  });

  it("OFFSET_OUT_OF_RANGE with autoOffsetReset latest waits for new records", async () => {
    const { consumer } = await start([1], { orders: [1] }, { autoOffsetReset: "latest" });
    await produce("orders", 0, range(0, 5).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 1000 }]);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await waitFor(() => consumer.position("orders", 0) === 5, { timeoutMs: WAIT_MS, message: "the reset" });
    await produce("orders", 0, ["5"]);
    await waitFor(() => seen.length >= 1, { timeoutMs: WAIT_MS, message: "the new record" });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual([5]);
  });

  it("OFFSET_OUT_OF_RANGE with autoOffsetReset none stops run with a typed error", async () => {
    const { consumer } = await start([1], { orders: [1] }, { autoOffsetReset: "none" });
    await produce("orders", 0, ["0"]);
    await consumer.assign([{ topic: "orders", partition: 0, offset: 1000 }]);
    const failure = await consumer.run({ eachMessage: () => undefined }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isRillError(failure, "OFFSET_OUT_OF_RANGE")).toBe(true);
    expect(isRillError(failure) && failure.details).toMatchObject({
      topic: "orders",
      partition: 0,
      offset: 1000,
    });
  });

  it("follows a leader change mid-stream without loss or duplicates", async () => {
    const { cluster, consumer } = await start([1, 2], { orders: [1] });
    await produce("orders", 0, range(0, 10).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 0 }]);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await waitFor(() => seen.length >= 10, { timeoutMs: WAIT_MS, message: "the first records" });
    cluster.moveLeader("orders", 0, 2);
    await produce("orders", 0, range(10, 20).map(String));
    await waitFor(() => seen.length >= 20, {
      timeoutMs: WAIT_MS,
      message: "the records from the new leader",
    });
    cluster.moveLeader("orders", 0, 1);
    await produce("orders", 0, range(20, 25).map(String));
    await waitFor(() => seen.length >= 25, {
      timeoutMs: WAIT_MS,
      message: "the records after the second move",
    });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual(range(0, 25));
    // The stream to broker 2 was opened because broker 1 said it no longer led the partition.
    expect(cluster.callsTo("fetchStream", 2).length).toBeGreaterThan(0);
  });

  it("after FENCED_LEADER_EPOCH (same leader, newer epoch) it re-assigns with the new epoch and goes on", async () => {
    const { cluster, consumer } = await start([1], { orders: [1] });
    await produce("orders", 0, range(0, 5).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 0 }]);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await waitFor(() => seen.length >= 5, { timeoutMs: WAIT_MS, message: "the first records" });
    cluster.moveLeader("orders", 0, 1); // epoch 0 -> 1 on the same broker: the stream's epoch is fenced
    await produce("orders", 0, range(5, 10).map(String));
    await waitFor(() => seen.length >= 10, {
      timeoutMs: WAIT_MS,
      message: "the records after the epoch change",
    });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual(range(0, 10));
    const epochs = cluster
      .callsTo("fetchStream", 1)
      .flatMap(
        (call) =>
          (
            call.request as {
              assignment?: { topics: { partitions: { currentLeaderEpoch: number }[] }[] } | null;
            }
          ).assignment?.topics ?? [],
      )
      .flatMap((topic) => topic.partitions.map((partition) => partition.currentLeaderEpoch));
    expect(epochs).toEqual([0, 1]);
  });

  it("never buffers more than fetchMaxBytes, however far behind the handler is", async () => {
    const batchBytes = encodeRecordBatch({
      records: [{ key: null, value: text.encode("x".repeat(100)) }],
    }).length;
    const fetchMaxBytes = 4 * batchBytes;
    const { consumer } = await start(
      [1, 2],
      { orders: [1, 2] },
      { fetchMaxBytes, maxPartitionFetchBytes: 2 * batchBytes },
    );
    for (let index = 0; index < 40; index += 1) {
      await produce("orders", index % 2, ["x".repeat(100)]);
    }
    await consumer.assign([
      { topic: "orders", partition: 0, offset: 0 },
      { topic: "orders", partition: 1, offset: 0 },
    ]);
    let delivered = 0;
    let release: (() => void) | undefined;
    const running = consumer.run({
      eachMessage: async () => {
        delivered += 1;
        // The handler holds each record until the test lets it go: the fetcher runs far ahead.
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    for (let step = 0; step < 40; step += 1) {
      await waitFor(() => delivered === step + 1 && release !== undefined, {
        timeoutMs: WAIT_MS,
        message: `record ${step + 1}`,
      });
      expect(consumer.bufferedBytes().current).toBeLessThanOrEqual(fetchMaxBytes);
      const next = release as () => void;
      release = undefined;
      next();
    }
    consumer.stop();
    await running;
    expect(delivered).toBe(40);
    expect(consumer.bufferedBytes().peak).toBeLessThanOrEqual(fetchMaxBytes);
    expect(consumer.bufferedBytes().peak).toBeGreaterThan(0);
  });

  it("eachBatch gets one partition's records in order, and resolveOffset moves the position", async () => {
    const { consumer } = await start([1], { orders: [1] });
    await produce("orders", 0, range(0, 6).map(String));
    await consumer.assign([{ topic: "orders", partition: 0, offset: 2 }]);
    const batches: number[][] = [];
    const running = consumer.run({
      eachBatch: ({ messages }) => {
        batches.push(messages.map((message) => message.offset));
      },
    });
    await waitFor(() => batches.flat().length >= 4, { timeoutMs: WAIT_MS, message: "a batch" });
    consumer.stop();
    await running;
    expect(batches.flat()).toEqual([2, 3, 4, 5]);
    expect(consumer.position("orders", 0)).toBe(6);
  });

  it("a throwing handler stops run; the record is delivered again by the next run", async () => {
    const { consumer } = await start([1], { orders: [1] });
    await produce("orders", 0, ["a", "b"]);
    await consumer.assign([{ topic: "orders", partition: 0, offset: 0 }]);
    const boom = new Error("handler failed");
    await expect(
      consumer.run({
        eachMessage: ({ message }) => {
          if (message.offset === 1) throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(consumer.position("orders", 0)).toBe(1);
    const { seen, eachMessage } = collector();
    const running = consumer.run({ eachMessage });
    await waitFor(() => seen.length >= 1, { timeoutMs: WAIT_MS, message: "the redelivered record" });
    consumer.stop();
    await running;
    expect(offsetsOf(seen, 0)).toEqual([1]);
  });

  it("rejects bad options and unknown partitions with typed errors", async () => {
    // A short deadline: an unknown topic is retried until it (a topic may be spreading to brokers).
    const { consumer, data } = await start([1], { orders: [1] }, { operationTimeoutMs: 300 });
    expect(
      () => new Consumer({ data, pool: pool as ConnectionPool, clock: systemClock }, { fetchMaxBytes: 0 }),
    ).toThrow(/fetchMaxBytes/);
    expect(
      () =>
        new Consumer(
          { data, pool: pool as ConnectionPool, clock: systemClock },
          { autoOffsetReset: "smallest" as "earliest" },
        ),
    ).toThrow(/autoOffsetReset/);
    await expect(consumer.assign([{ topic: "nope", partition: 0, offset: "earliest" }])).rejects.toSatisfy(
      (error) => isRillError(error, "UNKNOWN_TOPIC_OR_PARTITION"),
    );
    expect(() => consumer.pause([{ topic: "orders", partition: 0 }])).toThrow(/not assigned/);
    await expect(consumer.commitOffsets()).rejects.toSatisfy((error) => isRillError(error, "INVALID_CONFIG"));
    expect(consumer.assignment()).toEqual([]);
  });

  it("commitOffsets hands the positions to the offsetCommitter", async () => {
    cluster = await FakeCluster.start({ brokers: [1] });
    cluster.addTopic("orders", [1]);
    pool = new ConnectionPool();
    data = new DataClient({ bootstrap: cluster.bootstrap(), backoff: fastBackoff, pool });
    const committed: unknown[] = [];
    consumer = new Consumer(
      { data, pool, clock: systemClock },
      { offsetCommitter: { commit: async (offsets) => void committed.push(offsets) } },
    );
    await consumer.connect();
    await produce("orders", 0, ["a", "b", "c"]);
    await consumer.assign([{ topic: "orders", partition: 0, offset: 1 }]);
    await consumer.commitOffsets();
    expect(committed).toEqual([[{ topic: "orders", partition: 0, offset: 1 }]]);
  });
});
