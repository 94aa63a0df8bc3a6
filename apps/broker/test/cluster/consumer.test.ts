/**
 * Real processes (3 controllers + 3 brokers on 127.0.0.1) under the SDK Consumer: a tailing
 * consumer and a catching-up one both see every record once, in order per partition; and a
 * partition's leader killed with kill -9 mid-read does not lose or repeat a record.
 */

import { subscribe, unsubscribe } from "node:diagnostics_channel";
import {
  CONSUMER_FETCH_CHANNEL,
  ConnectionPool,
  Consumer,
  type ConsumerFetchEvent,
  type ConsumerRecord,
  DataClient,
  systemClock,
} from "@rill/client";
import { encodeRecordBatch } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";

/** Short timeouts so that failover happens within a test's time (SPEC: tests may shorten them). */
const SESSION_TIMEOUT_MS = 3_000;
const WAIT_MS = 60_000;
const BATCH_RECORDS = 50;

const text = new TextEncoder();
const fromText = new TextDecoder();

let cluster: LocalCluster;
let producer: DataClient;
const consumers: { consumer: Consumer; data: DataClient; pool: ConnectionPool }[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({
    controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "replica.lag.time.max.ms": "4000",
    },
  });
  producer = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 3_000 });
}, 180_000);

afterAll(async () => {
  for (const { consumer, data, pool } of consumers) {
    await consumer.disconnect();
    data.close();
    pool.close();
  }
  producer?.close();
  await cluster?.close();
});

async function newConsumer(fetchMaxBytes?: number): Promise<Consumer> {
  const pool = new ConnectionPool();
  const data = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 3_000, pool });
  const consumer = new Consumer(
    { data, pool, clock: systemClock },
    {
      autoOffsetReset: "none",
      ...(fetchMaxBytes === undefined ? {} : { fetchMaxBytes }),
    },
  );
  await consumer.connect();
  consumers.push({ consumer, data, pool });
  return consumer;
}

/** Appends records `from`..`to`-1 of a partition (values "partition-index"), acks=all, in batches. */
async function produceRange(topic: string, partition: number, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH_RECORDS) {
    const records = [];
    for (let index = start; index < Math.min(to, start + BATCH_RECORDS); index += 1) {
      records.push({ key: null, value: text.encode(`${partition}-${index}`) });
    }
    await producer.produce({ topic, partition, batch: encodeRecordBatch({ records }), acks: "all" });
  }
}

/** Collects what a consumer delivers, per partition: the offsets and values, in delivery order. */
class Seen {
  readonly offsets = new Map<number, number[]>();
  readonly values = new Map<number, string[]>();
  count = 0;
  add(message: ConsumerRecord): void {
    const offsets = this.offsets.get(message.partition) ?? [];
    offsets.push(message.offset);
    this.offsets.set(message.partition, offsets);
    const values = this.values.get(message.partition) ?? [];
    values.push(fromText.decode(message.value ?? new Uint8Array()));
    this.values.set(message.partition, values);
    this.count += 1;
  }
}

function expectEveryRecordOnce(seen: Seen, partitions: number, perPartition: number): void {
  for (let partition = 0; partition < partitions; partition += 1) {
    const expected = Array.from({ length: perPartition }, (_, index) => index);
    expect(seen.offsets.get(partition)).toEqual(expected);
    expect(seen.values.get(partition)).toEqual(expected.map((index) => `${partition}-${index}`));
  }
}

describe("Consumer on a real cluster", () => {
  it("a tailing consumer and one catching up from offset 0 both see every record once, in order", async () => {
    const topic = "consumer-tail";
    const partitions = 3;
    const perPartition = 1_000;
    await cluster.createTopic(topic, { partitions, replicationFactor: 3 });
    await cluster.waitForLeaders(topic, partitions);
    const tailing = await newConsumer();
    await tailing.assign(
      Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: "latest" as const })),
    );
    const tailSeen = new Seen();
    const tailRun = tailing.run({
      eachMessage: ({ message }) => tailSeen.add(message),
      partitionsConsumedConcurrently: 3,
    });
    const half = perPartition / 2;
    await Promise.all(
      Array.from({ length: partitions }, (_, partition) => produceRange(topic, partition, 0, half)),
    );
    const catchingUp = await newConsumer();
    await catchingUp.assign(
      Array.from({ length: partitions }, (_, partition) => ({
        topic,
        partition,
        offset: "earliest" as const,
      })),
    );
    const catchSeen = new Seen();
    const catchRun = catchingUp.run({ eachMessage: ({ message }) => catchSeen.add(message) });
    await Promise.all(
      Array.from({ length: partitions }, (_, partition) =>
        produceRange(topic, partition, half, perPartition),
      ),
    );
    const total = partitions * perPartition;
    await waitFor(() => tailSeen.count >= total && catchSeen.count >= total, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "both consumers to see every record",
    });
    tailing.stop();
    catchingUp.stop();
    await Promise.all([tailRun, catchRun]);
    expectEveryRecordOnce(tailSeen, partitions, perPartition);
    expectEveryRecordOnce(catchSeen, partitions, perPartition);
  }, 180_000);

  it("goes on from the new leader after kill -9 of the partition's leader, without loss or duplicates", async () => {
    const topic = "consumer-failover";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    const [before] = await cluster.waitForLeaders(topic, 1);
    const oldLeader = before?.leaderId as number;
    await produceRange(topic, 0, 0, 2_000);
    // A small prefetch bound: most of the backlog must still be read, from the new leader.
    const consumer = await newConsumer(16 * 1024);
    await consumer.assign([{ topic, partition: 0, offset: "earliest" }]);
    const seen = new Seen();
    let gate: Promise<void> | undefined;
    let openGate: (() => void) | undefined;
    const run = consumer.run({
      eachMessage: async ({ message }) => {
        seen.add(message);
        // Hold the handler at record 500 while the leader is killed: the rest is read afterwards.
        if (message.offset === 500) {
          gate = new Promise<void>((resolve) => {
            openGate = resolve;
          });
          await gate;
        }
      },
    });
    await waitFor(() => openGate !== undefined, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the consumer at offset 500",
    });
    await cluster.kill(oldLeader);
    const after = await waitFor(
      async () => {
        const metadata = await cluster.metadata(
          cluster.brokers.find((broker) => broker.nodeId !== oldLeader)?.nodeId,
        );
        const leader = metadata.topics.find((entry) => entry.name === topic)?.partitions[0]?.leaderId;
        return leader !== undefined && leader >= 0 && leader !== oldLeader ? leader : undefined;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "a new leader" },
    );
    expect(after).not.toBe(oldLeader);
    const bytesByBroker = new Map<number, number>();
    const onFetch = (event: unknown): void => {
      const fetch = event as ConsumerFetchEvent;
      bytesByBroker.set(fetch.brokerId, (bytesByBroker.get(fetch.brokerId) ?? 0) + fetch.recordBytes);
    };
    subscribe(CONSUMER_FETCH_CHANNEL, onFetch);
    (openGate as () => void)();
    await produceRange(topic, 0, 2_000, 3_000);
    await waitFor(() => seen.count >= 3_000, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "every record",
    });
    consumer.stop();
    await run;
    unsubscribe(CONSUMER_FETCH_CHANNEL, onFetch);
    expectEveryRecordOnce(seen, 1, 3_000);
    // The records after the kill came from the new leader (rill:consumer:fetch says who sent them).
    expect(bytesByBroker.get(after) ?? 0).toBeGreaterThan(0);
    expect(bytesByBroker.has(oldLeader)).toBe(false);
  }, 180_000);
});
