/**
 * Real processes (3 controllers + 3 brokers on 127.0.0.1): a partition's leader is killed with
 * kill -9 again and again while an idempotent acks=all producer sends; afterwards every
 * acknowledged record is read back exactly once, at the offset it was acknowledged with, in
 * order. Then a paused leader (SIGSTOP past the session timeout) must not acknowledge anything
 * once a new leader epoch exists.
 */

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  type Acks,
  DataClient,
  decodeFetchedBatches,
  nextFetchOffset,
  Rill,
  recordsFrom,
} from "@rill/client";
import { callUnary, createBrokerClient, encodeRecordBatch, isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";
import { type ConsumedRecord, checkDelivery } from "./delivery-checker.js";
import { HistoryProducer } from "./producer-history.js";

/** Short timeouts so that failover happens within a test's time (SPEC: tests may shorten them). */
const SESSION_TIMEOUT_MS = 3_000;
const KILLS = 3;
/**
 * Records acknowledged before each kill and after each restart. CI keeps it small; the soak
 * (`pnpm --filter @rill/broker soak:failover`) sets RILL_FAILOVER_RECORDS=1000000, spread over
 * the kills.
 */
const ACKS_BETWEEN_KILLS = Math.max(
  200,
  Math.floor(Number(process.env.RILL_FAILOVER_RECORDS ?? 0) / (2 * KILLS)),
);
const WAIT_MS = 60_000 + ACKS_BETWEEN_KILLS * 2;
const RILL = join(import.meta.dirname, "..", "..", "..", "..", "bin", "rill");

let cluster: LocalCluster;
let client: DataClient;
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
  client = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 3_000 });
  rill = new Rill({
    brokers: cluster.bootstrap.split(","),
    clientId: "failover-test",
    requestTimeoutMs: 3_000,
    // RILL_TEST_LOG=1: the producer's retries and failures as JSON lines on stderr.
    logLevel: process.env.RILL_TEST_LOG === "1" ? "warn" : "nothing",
  });
}, 180_000);

afterAll(async () => {
  await rill?.disconnect();
  client?.close();
  await cluster?.close();
});

interface PartitionView {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
}

async function partitionView(topic: string, viaBroker?: number): Promise<PartitionView | undefined> {
  const metadata = await cluster.metadata(viaBroker);
  const partition = metadata.topics.find((entry) => entry.name === topic)?.partitions[0];
  if (partition === undefined || partition.leaderId < 0) return undefined;
  return { leader: partition.leaderId, leaderEpoch: partition.leaderEpoch, isr: partition.isrNodes };
}

/** The ISR of partition 0 as `rill topics describe --json` prints it (a user's view). */
function describedIsr(topic: string): number[] | undefined {
  const bootstrap = cluster.brokers
    .filter((broker) => cluster.isRunning(broker.nodeId))
    .map((broker) => broker.address)
    .join(",");
  const result = spawnSync(
    process.execPath,
    [RILL, "topics", "describe", topic, "--bootstrap", bootstrap, "--json"],
    {
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  if (result.status !== 0) return undefined;
  const parsed = JSON.parse(result.stdout) as unknown;
  const topics = (Array.isArray(parsed) ? parsed : (parsed as { topics: unknown[] }).topics) as {
    name: string;
    partitions: { partition: number; isr: number[] }[];
  }[];
  return topics.find((entry) => entry.name === topic)?.partitions.find((entry) => entry.partition === 0)?.isr;
}

/** A live broker to ask for metadata (not `except`). */
function liveBroker(except: number): number {
  const broker = cluster.brokers.find((entry) => entry.nodeId !== except && cluster.isRunning(entry.nodeId));
  if (broker === undefined) throw new Error("no live broker");
  return broker.nodeId;
}

async function readAll(topic: string): Promise<ConsumedRecord[]> {
  const end = await client.listOffsets({ topic, partition: 0, spec: "latest" });
  const records: ConsumedRecord[] = [];
  let offset = 0;
  while (offset < end.offset) {
    const answer = await client.fetch({ topic, partition: 0, offset, maxWaitMs: 100 });
    const batches = decodeFetchedBatches(answer.records);
    for (const record of recordsFrom(batches, offset)) {
      records.push({ value: Buffer.from(record.value ?? []).toString(), offset: record.offset });
    }
    offset = nextFetchOffset(batches, offset);
  }
  return records;
}

describe("partition leader failover (real processes)", () => {
  it(
    `kill -9 of the leader ${KILLS} times under acks=all: nothing acknowledged is lost, duplicated or reordered`,
    async () => {
      const topic = "failover";
      await cluster.createTopic(topic, {
        partitions: 1,
        replicationFactor: 3,
        configs: { "min.insync.replicas": "2" },
      });
      await cluster.waitForLeaders(topic, 1);
      const producer = new HistoryProducer({
        producer: rill.producer({ deliveryTimeoutMs: 30_000 }),
        clientId: "failover-test",
        topic,
        partition: 0,
        recordsPerSend: 10,
        sendsInFlight: 8,
        valuePrefix: "kill",
      });
      producer.start();
      const acknowledgedAtLeast = (count: number) =>
        waitFor(() => producer.history.acknowledged.length >= count, {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: `${count} acknowledged records`,
        });

      for (let kill = 1; kill <= KILLS; kill += 1) {
        await acknowledgedAtLeast(producer.history.acknowledged.length + ACKS_BETWEEN_KILLS);
        const before = await waitFor(() => partitionView(topic), {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: "the partition's leader",
        });
        await cluster.kill(before.leader);
        const after = await waitFor(
          async () => {
            const view = await partitionView(topic, liveBroker(before.leader));
            return view !== undefined &&
              view.leader !== before.leader &&
              view.leaderEpoch > before.leaderEpoch
              ? view
              : undefined;
          },
          {
            timeoutMs: WAIT_MS,
            intervalMs: POLL_INTERVAL_MS,
            message: `a new leader after killing ${before.leader}`,
          },
        );
        expect(after.isr).not.toContain(before.leader);
        if (kill === 1) {
          // ISR shrink, as `rill topics describe` shows it.
          await waitFor(
            () => {
              const isr = describedIsr(topic);
              return isr?.length === 2 && !isr.includes(before.leader);
            },
            {
              timeoutMs: WAIT_MS,
              intervalMs: POLL_INTERVAL_MS,
              message: "rill topics describe to show the shrunk ISR",
            },
          );
        }
        await acknowledgedAtLeast(producer.history.acknowledged.length + ACKS_BETWEEN_KILLS);
        cluster.startProcess(before.leader);
        // The restarted broker recovers its log, truncates what diverged and rejoins the ISR.
        await waitFor(async () => (await partitionView(topic))?.isr.length === 3, {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: `broker ${before.leader} back in the ISR`,
        });
        if (kill === 1) {
          // ISR expand, as `rill topics describe` shows it.
          await waitFor(() => describedIsr(topic)?.includes(before.leader), {
            timeoutMs: WAIT_MS,
            intervalMs: POLL_INTERVAL_MS,
            message: "rill topics describe to show the expanded ISR",
          });
        }
      }
      const history = await producer.stop();
      const report = checkDelivery({ ...history, consumed: await readAll(topic) });
      console.info(
        `failover history: ${report.acknowledged} acknowledged, ${report.indeterminate} indeterminate, ` +
          `${history.retriedBatches} batches retried, failed ${JSON.stringify(Object.fromEntries(history.failed))}, ` +
          `${report.consumed} read back`,
      );
      expect(report.acknowledged).toBeGreaterThanOrEqual(KILLS * 2 * ACKS_BETWEEN_KILLS);
      expect({
        lost: report.lost,
        duplicated: report.duplicated,
        misplaced: report.misplaced,
        reordered: report.reordered,
        unknown: report.unknown,
        nonMonotonicOffsets: report.nonMonotonicOffsets,
      }).toEqual({
        lost: [],
        duplicated: [],
        misplaced: [],
        reordered: [],
        unknown: [],
        nonMonotonicOffsets: 0,
      });
    },
    600_000 + ACKS_BETWEEN_KILLS * 4 * KILLS,
  );

  it("produces with acks 0, 1 and all and reads every acknowledged record back", async () => {
    const topic = "acks-levels";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    await cluster.waitForLeaders(topic, 1);
    const sent: string[] = [];
    const acknowledged: { value: string; offset: number }[] = [];
    const unacknowledged: string[] = [];
    for (const acks of [0, 1, "all", 0, "all", 1] as Acks[]) {
      const values = Array.from({ length: 5 }, (_, index) => `acks-${String(acks)}-${sent.length + index}`);
      sent.push(...values);
      const batch = encodeRecordBatch({
        records: values.map((value) => ({ key: null, value: Buffer.from(value), headers: [] })),
      });
      const result = await client.produce({ topic, partition: 0, batch, acks });
      if (acks === 0) {
        expect(result.baseOffset).toBe(-1);
        unacknowledged.push(...values);
      } else {
        for (const [index, value] of values.entries())
          acknowledged.push({ value, offset: result.baseOffset + index });
      }
    }
    // acks=1 answers before the followers copy the records, and reads stop at the high
    // watermark: wait until it covers every acknowledged record before reading.
    const lastAcknowledged = Math.max(...acknowledged.map((record) => record.offset));
    await waitFor(
      async () =>
        (await client.listOffsets({ topic, partition: 0, spec: "latest" })).offset > lastAcknowledged,
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "the high watermark past every acknowledged record",
      },
    );
    // acks=0 records are acknowledged by nobody: they may be present (at most once).
    const report = checkDelivery({
      sent,
      acknowledged,
      indeterminate: unacknowledged,
      consumed: await readAll(topic),
    });
    expect(report).toMatchObject({ lost: [], duplicated: [], misplaced: [], reordered: [], unknown: [] });
    expect(report.consumed).toBeGreaterThanOrEqual(acknowledged.length);
  }, 120_000);

  it("a paused leader acknowledges nothing once a new leader epoch exists", async () => {
    const topic = "paused-leader";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    const before = await waitFor(() => partitionView(topic), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the partition's leader",
    });
    const pausedAddress = cluster.process(before.leader).address;
    await cluster.pause(before.leader);
    try {
      await waitFor(
        async () => {
          const view = await partitionView(topic, liveBroker(before.leader));
          return view !== undefined && view.leader !== before.leader ? view : undefined;
        },
        { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "a new leader epoch" },
      );
      // Send straight to the paused broker: it must not acknowledge once resumed.
      const direct = createBrokerClient(pausedAddress);
      const pending = callUnary(
        direct,
        "produce",
        {
          acks: "ACKS_ALL",
          timeoutMs: 5_000,
          topicData: [{ name: topic, partitionData: [{ index: 0, records: oneRecordBatch("stale") }] }],
        },
        { timeoutMs: 30_000 },
      ).then(
        (response) => response.responses[0]?.partitionResponses[0]?.errorCode ?? -1,
        (error: unknown) => (isRillError(error) ? error.code : -1),
      );
      await cluster.resume(before.leader);
      const errorCode = await pending;
      expect(errorCode).not.toBe(0);
    } finally {
      if (cluster.process(before.leader).paused) await cluster.resume(before.leader);
    }
    const values = (await readAll(topic)).map((record) => record.value);
    expect(values).not.toContain("stale");
  }, 300_000);
});

function oneRecordBatch(value: string): Uint8Array {
  return encodeRecordBatch({ records: [{ key: null, value: Buffer.from(value), headers: [] }] });
}
