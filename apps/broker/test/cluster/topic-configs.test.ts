/**
 * Real processes (1 controller + 3 brokers on 127.0.0.1): topic configs are live and durable,
 * checked by behaviour, not by DescribeConfigs. A committed AlterConfigs reaches the open logs
 * without a restart (retention.ms lowered deletes old segments, max.message.bytes raised admits a
 * larger record, cleanup.policy=compact starts the cleaner), and after kill -9 + restart a broker
 * opens each log with its topic's config again (max.message.bytes=500 still refuses 1,000 bytes; a
 * compacted topic is still compacted).
 *
 * The brokers' config keys give small segments (log.segment.bytes 2 KiB, above the 1,000-byte
 * records: a batch larger than segment.bytes is refused before max.message.bytes is looked at)
 * and short retention and cleaner intervals (log.retention.check.interval.ms,
 * log.cleaner.backoff.ms).
 */

import { AdminClient, DataClient, decodeFetchedBatches, nextFetchOffset, recordsFrom } from "@rill/client";
import { encodeRecordBatch, isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";

const SESSION_TIMEOUT_MS = 4_000;
const WAIT_MS = 60_000;
const SAME_KEY_RECORDS = 40;

let cluster: LocalCluster;
let client: DataClient;
let admin: AdminClient;

beforeAll(async () => {
  cluster = await LocalCluster.start({
    controllers: 1,
    brokers: 3,
    controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "log.segment.bytes": "2048",
      "log.retention.check.interval.ms": "300",
      "log.cleaner.backoff.ms": "300",
    },
  });
  const bootstrap = cluster.bootstrap.split(",");
  client = new DataClient({ bootstrap, requestTimeoutMs: 5_000 });
  admin = new AdminClient({ bootstrap });
}, 180_000);

afterAll(async () => {
  client?.close();
  admin?.close();
  await cluster?.close();
});

function batchOf(options: { valueBytes: number; key?: string; timestamp?: number }): Uint8Array {
  return encodeRecordBatch({
    records: [
      {
        key: options.key === undefined ? null : Buffer.from(options.key),
        value: Buffer.alloc(options.valueBytes, 0x61),
        headers: [],
        ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      },
    ],
  });
}

async function setTopicConfig(topic: string, name: string, value: string): Promise<void> {
  const [result] = await admin.alterConfigs([
    { type: "topic", name: topic, changes: [{ name, operation: "set", value }] },
  ]);
  expect(result?.error ?? null).toBeNull();
}

/** Records readable from the log start to the high watermark of partition 0. */
async function countRecords(topic: string): Promise<number> {
  const end = (await client.listOffsets({ topic, partition: 0, spec: "latest" })).offset;
  let offset = (await client.listOffsets({ topic, partition: 0, spec: "earliest" })).offset;
  let count = 0;
  while (offset < end) {
    const answer = await client.fetch({ topic, partition: 0, offset, maxWaitMs: 100 });
    const batches = decodeFetchedBatches(answer.records);
    count += [...recordsFrom(batches, offset)].length;
    offset = nextFetchOffset(batches, offset);
  }
  return count;
}

async function produceSameKey(topic: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await client.produce({ topic, partition: 0, batch: batchOf({ valueBytes: 100, key: "same" }) });
  }
}

/** Resolves with the error code of a produce refused for its size, or "accepted". */
async function produceSized(topic: string, valueBytes: number): Promise<string> {
  try {
    await client.produce({ topic, partition: 0, batch: batchOf({ valueBytes }), timeoutMs: 30_000 });
    return "accepted";
  } catch (error) {
    if (isRillError(error, "MESSAGE_TOO_LARGE")) return "MESSAGE_TOO_LARGE";
    throw error;
  }
}

async function leaderOf(topic: string): Promise<number> {
  const [partition] = await cluster.waitForLeaders(topic, 1, WAIT_MS);
  if (partition === undefined) throw new Error(`no partition of ${topic}`);
  return partition.leaderId;
}

describe("topic configs (real processes)", () => {
  it("lowering retention.ms on a live topic deletes its old segments without a restart", async () => {
    const topic = "retention-live";
    await cluster.createTopic(topic, { partitions: 1, replicationFactor: 3 });
    await leaderOf(topic);
    const hourAgoMs = Date.now() - 3_600_000;
    for (let index = 0; index < 20; index += 1) {
      await client.produce({
        topic,
        partition: 0,
        batch: batchOf({ valueBytes: 200, timestamp: hourAgoMs }),
      });
    }
    // The default retention (7 days) keeps everything, through several retention checks.
    expect((await client.listOffsets({ topic, partition: 0, spec: "earliest" })).offset).toBe(0);
    await setTopicConfig(topic, "retention.ms", "60000");
    const earliest = await waitFor(
      async () => {
        const offset = (await client.listOffsets({ topic, partition: 0, spec: "earliest" })).offset;
        return offset > 0 ? offset : undefined;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "old segments deleted" },
    );
    expect(earliest).toBeLessThanOrEqual(20);
  }, 180_000);

  it("raising max.message.bytes on a live topic admits larger records at once", async () => {
    const topic = "max-bytes-live";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "max.message.bytes": "500" },
    });
    await leaderOf(topic);
    expect(await produceSized(topic, 1_000)).toBe("MESSAGE_TOO_LARGE");
    await setTopicConfig(topic, "max.message.bytes", "5000");
    await waitFor(async () => ((await produceSized(topic, 1_000)) === "accepted" ? true : undefined), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "a 1,000-byte record accepted",
    });
  }, 180_000);

  it("cleanup.policy=compact set on a live topic starts compaction", async () => {
    const topic = "compact-live";
    await cluster.createTopic(topic, { partitions: 1, replicationFactor: 3 });
    await leaderOf(topic);
    await produceSameKey(topic, SAME_KEY_RECORDS);
    expect(await countRecords(topic)).toBe(SAME_KEY_RECORDS);
    await setTopicConfig(topic, "cleanup.policy", "compact");
    await waitFor(async () => ((await countRecords(topic)) < SAME_KEY_RECORDS ? true : undefined), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "older values of the key compacted away",
    });
  }, 180_000);

  it("every log reopens with its topic's config after kill -9 and restart of its broker", async () => {
    const limited = "limit-durable";
    const compacted = "compact-durable";
    await cluster.createTopic(limited, {
      partitions: 1,
      replicationFactor: 1,
      configs: { "max.message.bytes": "500", "min.insync.replicas": "1" },
    });
    await cluster.createTopic(compacted, {
      partitions: 1,
      replicationFactor: 1,
      configs: { "cleanup.policy": "compact", "min.insync.replicas": "1" },
    });
    const leaders = new Set([await leaderOf(limited), await leaderOf(compacted)]);
    // A log on disk before the restart: it is recovered, not created, with the topic's config.
    await client.produce({
      topic: compacted,
      partition: 0,
      batch: batchOf({ valueBytes: 100, key: "first" }),
    });
    for (const broker of leaders) await cluster.restart(broker);
    await cluster.waitForBrokersUnfenced([...leaders], WAIT_MS);
    await leaderOf(limited);
    await leaderOf(compacted);

    expect(await produceSized(limited, 1_000)).toBe("MESSAGE_TOO_LARGE");
    expect(await produceSized(limited, 100)).toBe("accepted");

    await produceSameKey(compacted, SAME_KEY_RECORDS);
    await waitFor(async () => ((await countRecords(compacted)) < SAME_KEY_RECORDS ? true : undefined), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the restarted compacted topic compacted",
    });
  }, 240_000);
});
