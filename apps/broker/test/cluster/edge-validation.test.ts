/**
 * Real processes (3 controllers + 3 brokers on 127.0.0.1): the broker validates every batch once
 * at its edge. Each poison batch (a valid CRC over contents no consumer can decode) is refused
 * with CORRUPT_MESSAGE and nothing of it is appended: the next good batch gets offset 0, and every
 * replica's log on disk decodes fully. LogAppendTime topics get the append time stamped, every
 * answer carries the leader epoch, and an assertion failure in a request path crashes the broker
 * (fatal log, exit 1, no answer) while the cluster serves the partition from another leader.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DataClient, decodeFetchedBatches } from "@rill/client";
import {
  type BrokerV1,
  callUnary,
  createBrokerClient,
  decodeRecordBatch,
  ErrorCodes,
  encodeRecordBatch,
  isRillError,
  readRecordBatchHeader,
} from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  badVarintBatch,
  gzipAttributeOverPlainRecords,
  negativeLengthBatch,
  recordCountMismatchBatch,
  withPayload,
  zstdRleBomb,
} from "../../../../packages/protocol/test/poison-batches.js";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";

const SESSION_TIMEOUT_MS = 3_000;
const WAIT_MS = 60_000;
/** The broker whose produce path fails an assertion for FORCED_TOPIC (test-only config). */
const DOOMED_BROKER = 101;
const FORCED_TOPIC = "doomed";

let cluster: LocalCluster;
let client: DataClient;

beforeAll(async () => {
  cluster = await LocalCluster.start({
    controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "replica.lag.time.max.ms": "4000",
    },
    brokerConfigById: { [DOOMED_BROKER]: { "test.force.assertion.on.produce.topic": FORCED_TOPIC } },
  });
  client = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 5_000 });
}, 180_000);

afterAll(async () => {
  client?.close();
  await cluster?.close();
});

async function leaderOf(
  topic: string,
  partition: number,
): Promise<{ leaderId: number; leaderEpoch: number }> {
  const partitions = await cluster.waitForLeaders(topic, partition + 1, WAIT_MS);
  const found = partitions.find((entry) => entry.partitionIndex === partition) ?? partitions[partition];
  if (found === undefined) throw new Error(`no partition ${partition} of ${topic}`);
  return { leaderId: found.leaderId, leaderEpoch: found.leaderEpoch };
}

function produceTo(
  brokerId: number,
  topic: string,
  partition: number,
  records: Uint8Array,
): Promise<BrokerV1.ProducePartitionResponse__Output> {
  return callUnary(
    createBrokerClient(cluster.process(brokerId).address),
    "produce",
    {
      acks: "ACKS_ALL",
      timeoutMs: 10_000,
      topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
    },
    { timeoutMs: 20_000 },
  ).then((response) => {
    const answer = response.responses[0]?.partitionResponses[0];
    if (answer === undefined) throw new Error("produce answer without the partition");
    return answer;
  });
}

/**
 * A produce answered by the partition's leader: retried while the broker named leader in the
 * metadata has not taken the role yet (NOT_LEADER_OR_FOLLOWER / LEADER_NOT_AVAILABLE are
 * answered before anything is appended, so a retry cannot append twice).
 */
function produceToLeader(
  brokerId: number,
  topic: string,
  partition: number,
  records: Uint8Array,
): Promise<BrokerV1.ProducePartitionResponse__Output> {
  const notLed = [ErrorCodes.NOT_LEADER_OR_FOLLOWER.code, ErrorCodes.LEADER_NOT_AVAILABLE.code];
  return waitFor(
    async () => {
      const answer = await produceTo(brokerId, topic, partition, records);
      return notLed.includes(answer.errorCode) ? undefined : answer;
    },
    {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: `broker ${brokerId} to answer as leader of ${topic}-${partition}`,
    },
  );
}

/** Every batch in a replica's log files for topic-partition, fully decoded. */
function decodeReplicaLog(brokerId: number, topic: string, partition: number): number[] {
  const directory = join(cluster.process(brokerId).dataDir, "partitions", `${topic}-${partition}`);
  const offsets: number[] = [];
  for (const name of readdirSync(directory)
    .filter((file) => file.endsWith(".log"))
    .sort()) {
    const bytes = readFileSync(join(directory, name));
    let position = 0;
    while (position < bytes.length) {
      const decoded = decodeRecordBatch(bytes, { position });
      offsets.push(...decoded.records.map((record) => record.offset));
      position += readRecordBatchHeader(bytes, position).sizeInBytes;
    }
  }
  return offsets;
}

describe("edge validation (real processes)", () => {
  it("refuses every poison batch, appends nothing of it, and every replica's log decodes fully", async () => {
    const topic = "poison";
    await cluster.createTopic(topic, { partitions: 1, replicationFactor: 3 });
    const { leaderId } = await leaderOf(topic, 0);
    const poisons: [string, Uint8Array][] = [
      ["gzip attribute over plain records", gzipAttributeOverPlainRecords()],
      ["zstd bomb of 200 MiB in a few KB", withPayload("zstd", zstdRleBomb(200 * 1024 * 1024), 1)],
      ["bad varint inside a valid CRC", badVarintBatch()],
      ["record count mismatch after decompression", recordCountMismatchBatch("zstd")],
      ["negative key length", negativeLengthBatch("key")],
      ["negative value length", negativeLengthBatch("value")],
    ];
    for (const [label, poison] of poisons) {
      const answer = await produceToLeader(leaderId, topic, 0, poison);
      expect(answer.errorCode, label).toBe(ErrorCodes.CORRUPT_MESSAGE.code);
      expect(answer.baseOffset, label).toBe(-1);
    }
    const good = await produceToLeader(
      leaderId,
      topic,
      0,
      encodeRecordBatch({ records: [{ key: null, value: Buffer.from("good") }] }),
    );
    expect(good.errorCode).toBe(0);
    // Nothing of the refused requests was appended: the good record is the first in the log.
    expect(good.baseOffset).toBe(0);
    for (const broker of cluster.brokers) {
      const offsets = await waitFor(
        async () => {
          const found = decodeReplicaLog(broker.nodeId, topic, 0);
          return found.length > 0 ? found : undefined;
        },
        {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: `broker ${broker.nodeId} to hold the good record`,
        },
      );
      expect(offsets, `broker ${broker.nodeId}`).toEqual([0]);
    }
  }, 180_000);

  it("stamps LogAppendTime topics with the append time, and answers with the leader epoch", async () => {
    const topic = "append-time";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "message.timestamp.type": "LogAppendTime" },
    });
    const { leaderId, leaderEpoch } = await leaderOf(topic, 0);
    const before = Date.now();
    const answer = await produceToLeader(
      leaderId,
      topic,
      0,
      encodeRecordBatch({
        records: [
          { key: null, value: Buffer.from("a"), timestamp: 1_000 },
          { key: null, value: Buffer.from("b"), timestamp: 2_000 },
        ],
      }),
    );
    const after = Date.now();
    expect(answer.errorCode).toBe(0);
    expect(answer.leaderEpoch).toBe(leaderEpoch);
    expect(answer.logAppendTimeMs).toBeGreaterThanOrEqual(before);
    expect(answer.logAppendTimeMs).toBeLessThanOrEqual(after);
    const fetched = await client.fetch({ topic, partition: 0, offset: 0, maxWaitMs: 100 });
    const records = decodeFetchedBatches(fetched.records).flatMap((batch) => batch.records);
    expect(records.map((record) => record.timestamp)).toEqual([
      answer.logAppendTimeMs,
      answer.logAppendTimeMs,
    ]);

    // A CreateTime topic keeps the producer's timestamps and answers -1.
    await cluster.createTopic("create-time", { partitions: 1, replicationFactor: 3 });
    const createTime = await leaderOf("create-time", 0);
    const plain = await produceToLeader(
      createTime.leaderId,
      "create-time",
      0,
      encodeRecordBatch({ records: [{ key: null, value: Buffer.from("c"), timestamp: 3_000 }] }),
    );
    expect(plain.logAppendTimeMs).toBe(-1);
    expect(plain.leaderEpoch).toBe(createTime.leaderEpoch);
  }, 120_000);

  it("crashes a broker whose request path fails an assertion; another leader serves the partition", async () => {
    await cluster.createTopic(FORCED_TOPIC, {
      partitions: 3,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    const partitions = await cluster.waitForLeaders(FORCED_TOPIC, 3, WAIT_MS);
    const led = partitions.find((entry) => entry.leaderId === DOOMED_BROKER);
    if (led === undefined) throw new Error(`broker ${DOOMED_BROKER} leads no partition of ${FORCED_TOPIC}`);
    const partition = led.partitionIndex;
    const doomed = cluster.process(DOOMED_BROKER);
    const exited = new Promise<number | null>((resolve) =>
      doomed.child?.once("exit", (code) => resolve(code)),
    );
    const outcome = await produceTo(
      DOOMED_BROKER,
      FORCED_TOPIC,
      partition,
      encodeRecordBatch({ records: [{ key: null, value: Buffer.from("boom") }] }),
    ).then(
      (answer) => ({ answered: answer.errorCode }),
      (error: unknown) => ({ failed: isRillError(error) ? error.errorName : String(error) }),
    );
    // Never answered (not even with UNKNOWN_SERVER_ERROR): the connection dropped.
    expect(outcome).not.toHaveProperty("answered");
    expect(await exited).toBe(1);
    const fatal = cluster
      .log(DOOMED_BROKER)
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level?: number | string; msg?: string; assertion?: boolean })
      .find((line) => line.assertion === true);
    expect(fatal?.msg).toBe("assertion failed: forced by test.force.assertion.on.produce.topic");
    expect(fatal?.level === 60 || fatal?.level === "fatal").toBe(true);

    const survivor = cluster.brokers.find((broker) => broker.nodeId !== DOOMED_BROKER)?.nodeId as number;
    const newLeader = await waitFor(
      async () => {
        const metadata = await cluster.metadata(survivor);
        const found = metadata.topics
          .find((topic) => topic.name === FORCED_TOPIC)
          ?.partitions.find((entry) => entry.partitionIndex === partition);
        return found !== undefined && found.leaderId >= 0 && found.leaderId !== DOOMED_BROKER
          ? found.leaderId
          : undefined;
      },
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: `a new leader for ${FORCED_TOPIC}-${partition}`,
      },
    );
    const served = await waitFor(
      async () => {
        const answer = await produceTo(
          newLeader,
          FORCED_TOPIC,
          partition,
          encodeRecordBatch({ records: [{ key: null, value: Buffer.from("after") }] }),
        );
        return answer.errorCode === 0 ? answer : undefined;
      },
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: `a produce to ${FORCED_TOPIC}-${partition} at broker ${newLeader}`,
      },
    );
    expect(served.baseOffset).toBeGreaterThanOrEqual(0);
  }, 180_000);
});
