/**
 * Real processes (3 controllers + 3 brokers on 127.0.0.1), the SDK on both ends: an idempotent
 * acks=all producer sends keyed records across 12 partitions (murmur2 on the key) while the
 * broker leading the most partitions is killed with kill -9 and restarted, several times; then
 * an SDK consumer in assign mode reads every partition back. Every acknowledged record must be
 * there exactly once, at the partition and offset it was acknowledged with, in send order within
 * its partition (and so per key); an INDETERMINATE record may be there at most once; a record
 * that failed for certain must not be there at all.
 *
 * The producer sends until RECORDS are acknowledged and every kill is over (the kills come at
 * 1/4, 2/4 and 3/4 of them). CI sends 30,000 records; the soak (`pnpm --filter @rill/broker soak:keyed-failover`) sets
 * RILL_KEYED_FAILOVER_RECORDS=1000000.
 */

import diagnosticsChannel from "node:diagnostics_channel";
import { channelNames, type RetryEvent, Rill } from "@rill/client";
import { partitionForKey } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";
import { type ConsumedRecord, checkDelivery, type DeliveryReport } from "./delivery-checker.js";
import { type KeyedAcknowledgedRecord, KeyedHistoryProducer } from "./keyed-history-producer.js";

/** Short timeouts so that failover happens within a test's time (SPEC: tests may shorten them). */
const SESSION_TIMEOUT_MS = 3_000;
const PARTITIONS = 12;
const KEYS = 1_000;
const KILLS = 3;
const RECORDS = Number(process.env.RILL_KEYED_FAILOVER_RECORDS ?? 30_000);
/** Every wait is bounded; a larger soak gets more time (at least ~2,000 records/s on a loaded box). */
const WAIT_MS = 90_000 + RECORDS / 2;
const TOPIC = "keyed-failover";

let cluster: LocalCluster;
let rill: Rill;

beforeAll(async () => {
  cluster = await LocalCluster.start({
    controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "replica.lag.time.max.ms": "4000",
    },
  });
  rill = new Rill({
    brokers: cluster.bootstrap.split(","),
    clientId: "keyed-failover-test",
    requestTimeoutMs: 3_000,
    logLevel: process.env.RILL_TEST_LOG === "1" ? "warn" : "nothing",
  });
}, 180_000);

afterAll(async () => {
  await rill?.disconnect();
  await cluster?.close();
});

/** Leader and ISR of every partition of the topic, as one broker's metadata shows them. */
async function leaders(viaBroker?: number): Promise<{ leader: number; epoch: number; isr: number[] }[]> {
  const metadata = await cluster.metadata(viaBroker);
  const partitions = metadata.topics.find((topic) => topic.name === TOPIC)?.partitions ?? [];
  return [...partitions]
    .sort((a, b) => a.partitionIndex - b.partitionIndex)
    .map((partition) => ({
      leader: partition.leaderId,
      epoch: partition.leaderEpoch,
      isr: partition.isrNodes,
    }));
}

function liveBroker(except: number): number {
  const broker = cluster.brokers.find((entry) => entry.nodeId !== except && cluster.isRunning(entry.nodeId));
  if (broker === undefined) throw new Error("no live broker");
  return broker.nodeId;
}

/** Kills (-9) the broker leading the most partitions; resolves once every partition it led has a new leader. */
async function killBusiestLeader(): Promise<number> {
  const before = await leaders();
  const counts = new Map<number, number>();
  for (const { leader } of before) counts.set(leader, (counts.get(leader) ?? 0) + 1);
  const [victim] = [...counts].sort((a, b) => b[1] - a[1])[0] as [number, number];
  await cluster.kill(victim);
  await waitFor(
    async () => {
      const after = await leaders(liveBroker(victim));
      return (
        after.length === PARTITIONS &&
        after.every(
          (view, index) =>
            view.leader >= 0 &&
            view.leader !== victim &&
            (before[index]?.leader !== victim || view.epoch > (before[index]?.epoch ?? -1)),
        )
      );
    },
    {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: `new leaders for the partitions broker ${victim} led`,
    },
  );
  return victim;
}

/** Reads every partition from offset 0 up to its end with the SDK consumer (assign mode). */
async function readAll(): Promise<ConsumedRecord[][]> {
  const ends = await Promise.all(
    Array.from({ length: PARTITIONS }, (_, partition) =>
      rill.data.listOffsets({ topic: TOPIC, partition, spec: "latest" }).then((answer) => answer.offset),
    ),
  );
  const consumed: ConsumedRecord[][] = Array.from({ length: PARTITIONS }, () => []);
  const consumer = rill.consumer({ autoOffsetReset: "none" });
  await consumer.connect();
  await consumer.assign(
    Array.from({ length: PARTITIONS }, (_, partition) => ({
      topic: TOPIC,
      partition,
      offset: "earliest" as const,
    })),
  );
  const decoder = new TextDecoder();
  const running = consumer.run({
    eachBatch: ({ partition, messages }) => {
      const target = consumed[partition] as ConsumedRecord[];
      for (const message of messages) {
        target.push({ value: decoder.decode(message.value ?? new Uint8Array()), offset: message.offset });
      }
    },
  });
  try {
    await waitFor(() => ends.every((end, partition) => consumer.position(TOPIC, partition) >= end), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the consumer to reach the end of every partition",
    });
  } finally {
    consumer.stop();
    await running;
    await consumer.disconnect();
  }
  return consumed;
}

describe("keyed produce across 12 partitions under leader kill -9 (real processes)", () => {
  it(
    `${RECORDS} keyed records, ${KILLS} leader kills: every acknowledged record once, in order per key`,
    async () => {
      await cluster.createTopic(TOPIC, {
        partitions: PARTITIONS,
        replicationFactor: 3,
        configs: { "min.insync.replicas": "2" },
      });
      await cluster.waitForLeaders(TOPIC, PARTITIONS);
      const producer = new KeyedHistoryProducer({
        producer: rill.producer({ deliveryTimeoutMs: 60_000 }),
        topic: TOPIC,
        keys: KEYS,
        recordsPerSend: 50,
        sendsInFlight: 16,
      });
      let retriedBatches = 0;
      const onRetry = (message: unknown): void => {
        if ((message as RetryEvent).clientId === "keyed-failover-test") retriedBatches += 1;
      };
      diagnosticsChannel.subscribe(channelNames.retry, onRetry);
      producer.start();
      const acknowledgedAtLeast = (count: number) =>
        waitFor(() => producer.history.acknowledged.length >= count, {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: `${count} acknowledged records`,
        });

      const killed: number[] = [];
      for (let kill = 1; kill <= KILLS; kill += 1) {
        await acknowledgedAtLeast(Math.floor((kill * RECORDS) / (KILLS + 1)));
        const victim = await killBusiestLeader();
        killed.push(victim);
        // Progress under the new leaders before the victim comes back.
        await acknowledgedAtLeast(
          producer.history.acknowledged.length + Math.floor(RECORDS / (4 * (KILLS + 1))),
        );
        cluster.startProcess(victim);
        await waitFor(
          async () => {
            const views = await leaders();
            return views.length === PARTITIONS && views.every((view) => view.isr.length === 3);
          },
          {
            timeoutMs: WAIT_MS,
            intervalMs: POLL_INTERVAL_MS,
            message: `broker ${victim} back in every ISR`,
          },
        );
      }
      await acknowledgedAtLeast(RECORDS);
      const history = await producer.stop();
      diagnosticsChannel.unsubscribe(channelNames.retry, onRetry);
      const consumed = await readAll();

      // Per partition: the records whose key maps there (Kafka's murmur2), in send order.
      const keyPartitions = new Map<string, number>();
      const partitionOf = (value: string): number => {
        const key = KeyedHistoryProducer.keyOf(value);
        let partition = keyPartitions.get(key);
        if (partition === undefined) {
          partition = partitionForKey(new TextEncoder().encode(key), PARTITIONS);
          keyPartitions.set(key, partition);
        }
        return partition;
      };
      const byPartition = <T>(items: readonly T[], partitionOfItem: (item: T) => number): T[][] => {
        const buckets: T[][] = Array.from({ length: PARTITIONS }, () => []);
        for (const item of items) buckets[partitionOfItem(item)]?.push(item);
        return buckets;
      };
      const wrongPartition = history.acknowledged.filter(
        (record) => record.partition !== partitionOf(record.value),
      );
      const sent = byPartition(history.sent, partitionOf);
      const acknowledged = byPartition(history.acknowledged, (record) => record.partition);
      const indeterminate = byPartition(history.indeterminate, partitionOf);
      const failedValues = new Set(history.failed);
      const failedButRead: string[] = [];
      const reports: DeliveryReport[] = [];
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        const read = consumed[partition] as ConsumedRecord[];
        for (const record of read) if (failedValues.has(record.value)) failedButRead.push(record.value);
        reports.push(
          checkDelivery({
            sent: sent[partition] as string[],
            acknowledged: acknowledged[partition] as KeyedAcknowledgedRecord[],
            indeterminate: indeterminate[partition] as string[],
            consumed: read,
          }),
        );
      }
      const total = (pick: (report: DeliveryReport) => unknown[]) => reports.flatMap(pick);
      const readBack = reports.reduce((sum, report) => sum + report.consumed, 0);
      console.info(
        `keyed failover: ${history.sent.length} sent, ${history.acknowledged.length} acknowledged, ` +
          `${history.indeterminate.length} indeterminate, ${retriedBatches} batches retried, ${history.failed.length} failed ` +
          `(${JSON.stringify(Object.fromEntries(history.failedByError))}), ${readBack} read back; ` +
          `killed brokers ${killed.join(", ")}`,
      );
      expect(history.acknowledged.length).toBeGreaterThanOrEqual(RECORDS);
      expect({
        wrongPartition,
        failedButRead,
        lost: total((report) => report.lost),
        duplicated: total((report) => report.duplicated),
        misplaced: total((report) => report.misplaced),
        reordered: total((report) => report.reordered),
        unknown: total((report) => report.unknown),
        nonMonotonicOffsets: reports.reduce((sum, report) => sum + report.nonMonotonicOffsets, 0),
      }).toEqual({
        wrongPartition: [],
        failedButRead: [],
        lost: [],
        duplicated: [],
        misplaced: [],
        reordered: [],
        unknown: [],
        nonMonotonicOffsets: 0,
      });
    },
    // Start-up, KILLS rounds of failover and rejoin, and the read-back, each bounded by WAIT_MS.
    (4 + 3 * KILLS) * WAIT_MS,
  );
});
