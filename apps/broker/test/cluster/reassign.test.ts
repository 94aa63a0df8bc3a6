/**
 * Real processes (3 controllers + 4 brokers): `rill reassign` moves a partition onto the fourth
 * broker — the leader among the replicas that leave — while a producer keeps writing; afterwards
 * the partition lives on its target replicas, the old replica's log is gone from its broker, and
 * every acknowledged record reads back once, in order. A move to a broker that is down stays in
 * progress and `--cancel` restores the old replicas. Bad plans are refused with nothing moved.
 * A broker that returns gets its preferred leaderships back from the periodic balance check.
 * A kill -9 of the active controller while moves stand at different steps (before catch-up, one
 * new replica in the ISR and another still to come, the old replica still to delete its log)
 * loses nothing acknowledged and every move lands.
 */

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DataClient, decodeFetchedBatches, nextFetchOffset, Rill, recordsFrom } from "@rill/client";
import { callUnary, encodeRecordBatch, isDefinitelyNotDone, isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";
import { type ConsumedRecord, checkDelivery } from "./delivery-checker.js";
import { HistoryProducer } from "./producer-history.js";

const execFileAsync = promisify(execFile);
const RILL = join(import.meta.dirname, "..", "..", "..", "..", "bin", "rill");
const WAIT_MS = 90_000;
const TOPIC = "moving";
const MIB = 1024 * 1024;

let cluster: LocalCluster;
let client: DataClient;
const planDir = mkdtempSync(join(tmpdir(), "rill-reassign-plans-"));

beforeAll(async () => {
  cluster = await LocalCluster.start({
    brokers: 4,
    controllerConfig: { "broker.session.timeout.ms": "3000" },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": "3000",
      "replica.lag.time.max.ms": "4000",
    },
  });
  client = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 3_000 });
}, 180_000);

afterAll(async () => {
  client?.close();
  await cluster?.close();
  rmSync(planDir, { recursive: true, force: true });
});

/**
 * Runs the built CLI as a user does. Asynchronously: a spawnSync would block this test worker's
 * event loop for as long as the command runs, and vitest's worker RPC times out under load.
 */
async function rill(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bootstrap = cluster.brokers
    .filter((broker) => cluster.isRunning(broker.nodeId))
    .map((broker) => broker.address)
    .join(",");
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [RILL, ...args, "--bootstrap", bootstrap],
      {
        encoding: "utf8",
        timeout: WAIT_MS + 30_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

function writePlan(name: string, replicas: readonly number[]): string {
  const file = join(planDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic: TOPIC, partition: 0, replicas }] }));
  return file;
}

interface Described {
  leaderId: number;
  replicas: number[];
  isr: number[];
}

async function describePartition(): Promise<Described> {
  return describeTopicPartition(TOPIC);
}

async function describeTopicPartition(topic: string): Promise<Described> {
  const described = await rill(["topics", "describe", topic, "--json"]);
  expect(described.code, described.stderr).toBe(0);
  return JSON.parse(described.stdout).topics[0].partitions[0] as Described;
}

/** Values acknowledged, in order, and values whose produce ended INDETERMINATE (may be in the log). */
const acknowledged: string[] = [];
const uncertain = new Set<string>();
let sent = 0;
async function produce(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const value = `v${sent}`;
    sent += 1;
    try {
      await client.produce({
        topic: TOPIC,
        partition: 0,
        acks: "all",
        timeoutMs: 30_000,
        batch: encodeRecordBatch({ records: [{ key: null, value: Buffer.from(value), headers: [] }] }),
      });
      acknowledged.push(value);
    } catch (error) {
      // A plain (non-idempotent) producer is never retried after an append that may have
      // happened: the outcome is reported as unknown instead of risking a duplicate.
      if (!isRillError(error) || isDefinitelyNotDone(error)) throw error;
      uncertain.add(value);
    }
  }
}

/** Every acknowledged value once and in order; an uncertain one at most once; nothing else. */
function checkLog(values: readonly string[]): void {
  expect(values.filter((value) => !uncertain.has(value))).toEqual(acknowledged);
  for (const value of uncertain)
    expect(values.filter((candidate) => candidate === value).length).toBeLessThanOrEqual(1);
}

async function readAll(): Promise<string[]> {
  const end = await client.listOffsets({ topic: TOPIC, partition: 0, spec: "latest" });
  const values: string[] = [];
  let offset = 0;
  while (offset < end.offset) {
    const answer = await client.fetch({ topic: TOPIC, partition: 0, offset, maxWaitMs: 100 });
    const batches = decodeFetchedBatches(answer.records);
    for (const record of recordsFrom(batches, offset))
      values.push(Buffer.from(record.value ?? []).toString());
    offset = nextFetchOffset(batches, offset);
  }
  return values;
}

describe("rill reassign (real processes)", () => {
  it("moves a partition and its leadership to a new broker while it keeps taking writes", async () => {
    await cluster.createTopic(TOPIC, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    await cluster.waitForLeaders(TOPIC, 1);
    await produce(100);
    const before = await describePartition();
    const newcomer = cluster.brokers
      .map((broker) => broker.nodeId)
      .find((id) => !before.replicas.includes(id));
    if (newcomer === undefined) throw new Error("every broker already holds the partition");
    // The leader leaves: the move must hand leadership over as well as copy the data.
    const target = [...before.replicas.filter((id) => id !== before.leaderId), newcomer];

    const generatedFile = join(planDir, "generated.json");
    const generated = await rill([
      "reassign",
      "--generate",
      "--topics",
      TOPIC,
      "--brokers",
      "101,102,103,104",
      "--output",
      generatedFile,
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain(`Proposed assignment written to ${generatedFile}`);
    expect(JSON.parse(readFileSync(generatedFile, "utf8")).partitions[0].replicas).toHaveLength(3);
    expect(generated.stdout).toMatch(/partitions move; [\d.]+ (B|KiB|MiB) to copy/);
    // A plan onto the target set moves one replica: its bytes are the partition's size on the leader.
    const generatedJson = await rill([
      "reassign",
      "--generate",
      "--topics",
      TOPIC,
      "--brokers",
      target.join(","),
      "--json",
    ]);
    expect(generatedJson.code, generatedJson.stderr).toBe(0);
    const summary = JSON.parse(generatedJson.stdout).summary;
    expect(summary.partitionsMoved).toBe(1);
    // 100 records of one batch each were written (about 70 bytes a batch).
    expect(summary.bytesToMove).toBeGreaterThan(100 * 60);
    expect(summary.bytesAdded).toEqual({ [String(newcomer)]: summary.bytesToMove });

    const plan = writePlan("move", target);
    const writes = produce(200);
    const executed = await rill([
      "reassign",
      "--execute",
      plan,
      "--wait",
      "--timeout-ms",
      String(WAIT_MS),
      "--json",
    ]);
    await writes;
    expect(executed.code, `${executed.stdout}\n${executed.stderr}`).toBe(0);
    expect(JSON.parse(executed.stdout).started).toBe(1);

    const verified = await rill(["reassign", "--verify", plan]);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain("1 of 1 partitions done");
    const after = await waitFor(
      async () => {
        const view = await describePartition();
        return view.isr.length === 3 && target.includes(view.leaderId) ? view : undefined;
      },
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "the partition led from its new replica set",
      },
    );
    expect(after.replicas).toEqual(target);
    // The replica that left deletes its log.
    const leftDir = join(cluster.process(before.leaderId).dataDir, "partitions", `${TOPIC}-0`);
    await waitFor(() => !existsSync(leftDir), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: `${leftDir} deleted`,
    });

    await produce(50);
    checkLog(await readAll());
    expect(acknowledged.length).toBeGreaterThanOrEqual(sent - uncertain.size);
    const status = await rill(["reassign", "--status"]);
    expect(status.stdout.trim()).toBe("no reassignment in progress; throttle: none");
  }, 300_000);

  it("bulk-copies sealed segments to the new replica under the throttle and resumes after kill -9", async () => {
    const topic = "bulk";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2", "segment.bytes": String(8 * MIB) },
    });
    const leaderId = (await cluster.waitForLeaders(topic, 1))[0]?.leaderId ?? -1;
    // About 21 MiB in batches of 100 records of 9000 bytes: two sealed segments and an active one.
    for (let index = 0; index < 24; index += 1) {
      const records = Array.from({ length: 100 }, (_, record) => ({
        key: null,
        value: Buffer.alloc(9000, (index * 100 + record) % 251),
        headers: [],
      }));
      await client.produce({
        topic,
        partition: 0,
        acks: "all",
        timeoutMs: 30_000,
        batch: encodeRecordBatch({ records }),
      });
    }
    const before = (await cluster.metadata(leaderId)).topics.find((entry) => entry.name === topic)
      ?.partitions[0];
    const newcomer = cluster.brokers
      .map((broker) => broker.nodeId)
      .find((id) => cluster.isRunning(id) && !before?.replicaNodes.includes(id));
    if (newcomer === undefined || before === undefined) throw new Error("no broker outside the replica set");
    const target = [...before.replicaNodes.filter((id) => id !== leaderId), newcomer];
    const plan = join(planDir, "bulk.json");
    writeFileSync(
      plan,
      JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, replicas: target }] }),
    );
    const executed = await rill(["reassign", "--execute", plan, "--throttle", "2MiB/s"]);
    expect(executed.code, executed.stderr).toBe(0);

    // Kill -9 the new replica once a checkpoint inside the first sealed segment (about 7 MiB,
    // checkpointed every quarter) is durable.
    const logDirs = async () => {
      const answer = await callUnary(
        cluster.brokerClient(newcomer),
        "describeLogDirs",
        { topics: [topic] },
        { timeoutMs: 2_000 },
      );
      return answer.partitions[0];
    };
    await waitFor(
      async () => {
        const dirs = await logDirs();
        return dirs !== undefined && dirs.bulkCopyStagedBytes > 3 * MIB;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the first segment half copied" },
    );
    await cluster.kill(newcomer);
    cluster.startProcess(newcomer);
    await cluster.waitForBrokersUnfenced([newcomer], WAIT_MS);
    const verified = await rill(["reassign", "--verify", plan, "--wait", "--timeout-ms", String(WAIT_MS)]);
    expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
    // The copy resumed from its last durable chunk, not from the start of the segment (a clean
    // stop flushes the broker's log).
    await cluster.stop(newcomer);
    cluster.startProcess(newcomer);
    await cluster.waitForBrokersUnfenced([newcomer], WAIT_MS);
    const resumed = [...cluster.log(newcomer).matchAll(/"resumePosition":(\d+)/g)].map((match) =>
      Number(match[1]),
    );
    const copyLines = cluster
      .log(newcomer)
      .split("\n")
      .filter((line) => line.includes("bulk copy"))
      .join("\n");
    expect(Math.max(0, ...resumed), copyLines).toBeGreaterThanOrEqual(MIB);
    // The new replica holds the batches of a replica that stayed (the old leader left) byte for byte.
    const keeper = target[0] as number;
    const logBytes = (brokerId: number) => {
      const dir = join(cluster.process(brokerId).dataDir, "partitions", `${topic}-0`);
      return Buffer.concat(
        readdirSync(dir)
          .filter((name) => name.endsWith(".log"))
          .sort()
          .map((name) => readFileSync(join(dir, name))),
      );
    };
    await waitFor(() => logBytes(newcomer).length === logBytes(keeper).length, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the new replica caught up",
    });
    expect(logBytes(newcomer).length).toBeGreaterThan(20 * MIB);
    expect(Buffer.compare(logBytes(newcomer), logBytes(keeper))).toBe(0);
    await waitFor(
      async () => {
        const described = await rill(["configs", "describe", "broker", "--json"]);
        return !described.stdout.includes("leader.replication.throttled.rate");
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the throttle removed after the move" },
    );
    const deleted = await rill(["topics", "delete", topic]);
    expect(deleted.code, deleted.stderr).toBe(0);
  }, 300_000);

  it("finishes a throttled move after a kill -9 of the active controller mid-copy, losing nothing", async () => {
    const topic = "failover";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2", "segment.bytes": String(MIB) },
    });
    const leaderId = (await cluster.waitForLeaders(topic, 1))[0]?.leaderId ?? -1;
    for (let index = 0; index < 8; index += 1) {
      const records = Array.from({ length: 100 }, () => ({
        key: null,
        value: Buffer.alloc(9000, index),
        headers: [],
      }));
      await client.produce({
        topic,
        partition: 0,
        acks: "all",
        timeoutMs: 30_000,
        batch: encodeRecordBatch({ records }),
      });
    }
    const before = (await cluster.metadata(leaderId)).topics.find((entry) => entry.name === topic)
      ?.partitions[0];
    const newcomer = cluster.brokers
      .map((broker) => broker.nodeId)
      .find((id) => cluster.isRunning(id) && !before?.replicaNodes.includes(id));
    if (newcomer === undefined || before === undefined) throw new Error("no broker outside the replica set");
    const target = [...before.replicaNodes.filter((id) => id !== leaderId), newcomer];
    const plan = join(planDir, "failover.json");
    writeFileSync(
      plan,
      JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, replicas: target }] }),
    );
    const executed = await rill(["reassign", "--execute", plan, "--throttle", "1MiB/s"]);
    expect(executed.code, executed.stderr).toBe(0);
    // Before the new replica caught up (7 MiB at 1 MiB/s): the controller driving the move dies.
    const active = (await cluster.describeCluster()).activeControllerId;
    expect((await rill(["reassign", "--verify", plan])).code).toBe(1);
    await cluster.kill(`controller-${active}`);
    await waitFor(
      async () => {
        const now = (await cluster.describeCluster()).activeControllerId;
        return now >= 0 && now !== active;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "another active controller" },
    );
    cluster.startProcess(`controller-${active}`);
    const verified = await rill(["reassign", "--verify", plan, "--wait", "--timeout-ms", String(WAIT_MS)]);
    expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
    expect((await describeTopicPartition(topic)).replicas).toEqual(target);
    // Every acknowledged record is still there, once.
    const end = await client.listOffsets({ topic, partition: 0, spec: "latest" });
    expect(end.offset).toBe(800);
    await waitFor(
      async () =>
        !(await rill(["configs", "describe", "broker", "--json"])).stdout.includes("throttled.rate"),
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "the throttle removed by the new active controller",
      },
    );
    expect((await rill(["topics", "delete", topic])).code).toBe(0);
  }, 300_000);

  it("keeps a move to a stopped broker in progress, shows it, and cancels it back", async () => {
    const before = await describePartition();
    const outsider = cluster.brokers
      .map((broker) => broker.nodeId)
      .find((id) => !before.replicas.includes(id));
    if (outsider === undefined) throw new Error("no broker outside the replica set");
    await cluster.kill(outsider);
    const plan = writePlan("stuck", [...before.replicas.slice(0, 2), outsider]);
    const executed = await rill(["reassign", "--execute", plan, "--throttle", "1MiB/s"]);
    expect(executed.code, executed.stderr).toBe(0);
    expect(executed.stdout).toContain("reassignment traffic throttled to 1.0 MiB/s until the moves end");
    const throttleConfig = async () => {
      const described = await rill(["configs", "describe", "broker", "--json"]);
      expect(described.code, described.stderr).toBe(0);
      return JSON.stringify(JSON.parse(described.stdout));
    };
    expect(await throttleConfig()).toContain(`"leader.replication.throttled.rate"`);
    expect(await throttleConfig()).toContain(`"${1024 * 1024}"`);

    const status = await rill(["reassign", "--status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).partitions).toEqual([
      expect.objectContaining({ topic: TOPIC, partition: 0, state: "copying", adding: [outsider] }),
    ]);
    // The stopped replica holds nothing yet: nothing copied of the leader's whole log, no progress.
    const copy = JSON.parse(status.stdout).partitions[0].copy;
    expect(copy.copiedBytes).toBe(0);
    expect(copy.totalBytes).toBeGreaterThan(350 * 60);
    expect(copy.rateBytesPerSecond).toBe(0);
    expect(copy.etaSeconds).toBeNull();
    expect(JSON.parse(status.stdout).throttleBytesPerSecond).toBe(1024 * 1024);
    const pending = await rill(["reassign", "--verify", plan]);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain("1 of 1 partitions have not landed yet");

    const cancelled = await rill(["reassign", "--cancel", plan]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain("cancelled 1 of 1 moves");
    expect((await describePartition()).replicas).toEqual(before.replicas);
    // With no move left the controller removes the throttle by itself.
    await waitFor(async () => !(await throttleConfig()).includes("leader.replication.throttled.rate"), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the throttle removed",
    });
    cluster.startProcess(outsider);
    await cluster.waitForBrokersUnfenced([outsider], WAIT_MS);
  }, 300_000);

  it("refuses a plan naming an unknown broker or a missing partition, moving nothing", async () => {
    const before = await describePartition();
    const unknownBroker = await rill(["reassign", "--execute", writePlan("unknown-broker", [101, 102, 999])]);
    expect(unknownBroker.code).toBe(1);
    expect(unknownBroker.stderr).toContain("broker 999 is not registered; nothing was moved");
    const missing = join(planDir, "missing.json");
    writeFileSync(
      missing,
      JSON.stringify({ version: 1, partitions: [{ topic: TOPIC, partition: 7, replicas: [101, 102, 103] }] }),
    );
    const missingPartition = await rill(["reassign", "--execute", missing]);
    expect(missingPartition.code).toBe(1);
    expect(missingPartition.stderr).toContain(`${TOPIC}/7 does not exist`);
    const duplicate = await rill(["reassign", "--execute", writePlan("duplicate", [101, 101, 102])]);
    expect(duplicate.code).toBe(2);
    expect((await describePartition()).replicas).toEqual(before.replicas);
  }, 120_000);

  it("decommissions a broker: every replica moves off it and it is reported free to stop", async () => {
    const before = await describePartition();
    const leaving = before.replicas[0] as number;
    const dryRun = await rill(["brokers", "decommission", String(leaving), "--dry-run", "--json"]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout).plan.partitions).toHaveLength(1);
    expect((await describePartition()).replicas).toEqual(before.replicas);

    const decommissioned = await rill([
      "brokers",
      "decommission",
      String(leaving),
      "--wait",
      "--timeout-ms",
      String(WAIT_MS),
    ]);
    expect(decommissioned.code, `${decommissioned.stdout}\n${decommissioned.stderr}`).toBe(0);
    expect(decommissioned.stdout).toContain(`broker ${leaving} holds no replicas; it can be stopped`);
    const after = await describePartition();
    expect(after.replicas).not.toContain(leaving);
    expect(after.replicas).toHaveLength(3);
    const again = await rill(["brokers", "decommission", String(leaving)]);
    expect(again.stdout).toContain("holds no replicas");
  }, 300_000);

  it("moves leaderships back to a broker that returns, by itself, once the balance check runs", async () => {
    const topic = "balanced";
    await cluster.createTopic(topic, { partitions: 4, replicationFactor: 3 });
    await cluster.waitForLeaders(topic, 4);
    const returning = (await partitions(topic))[0]?.replicas[0] as number;
    const preferredOf = async () => (await partitions(topic)).filter((p) => p.replicas[0] === returning);
    // The default interval (300 s) would outlast this test; the cluster config overrides it.
    const altered = await rill([
      "configs",
      "alter",
      "broker",
      "--set",
      "leader.imbalance.check.interval.seconds=1",
    ]);
    expect(altered.code, altered.stderr).toBe(0);
    await cluster.kill(returning);
    await waitFor(async () => (await preferredOf()).every((p) => p.leaderId !== returning), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: `leaderships moved off broker ${returning}`,
    });
    cluster.startProcess(returning);
    await cluster.waitForBrokersUnfenced([returning], WAIT_MS);
    // No `rill elect-leaders`: the active controller's check elects it back once it is in the ISRs.
    await waitFor(async () => (await preferredOf()).every((p) => p.leaderId === returning), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: `broker ${returning} leads its preferred partitions again`,
    });
    const reset = await rill([
      "configs",
      "alter",
      "broker",
      "--delete",
      "leader.imbalance.check.interval.seconds",
    ]);
    expect(reset.code, reset.stderr).toBe(0);
    expect((await rill(["topics", "delete", topic])).code).toBe(0);
  }, 300_000);

  it("kill -9 of the active controller with moves at every step: each lands, nothing acknowledged is lost", async () => {
    const topic = "steps";
    await cluster.createTopic(topic, { partitions: 3, replicationFactor: 2 });
    await cluster.waitForLeaders(topic, 3);
    // Broker 104 will be down while the moves start: the one adding it cannot begin to copy
    // (before catch-up), the one adding it and 103 has 103 in the ISR and waits for 104 (after an
    // ISR join), and the one removing it lands without it, which then still holds the old log
    // (during removal).
    const down = 104;
    const initial = [
      [101, 102],
      [101, 102],
      [102, down],
    ];
    const target = [
      [101, down],
      [101, 103, down],
      [102, 101],
    ];
    const planOf = (name: string, replicas: readonly (readonly number[])[]) => {
      const file = join(planDir, `${name}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          partitions: replicas.map((set, partition) => ({ topic, partition, replicas: set })),
        }),
      );
      return file;
    };
    const placed = await rill(["reassign", "--execute", planOf("steps-initial", initial), "--wait"]);
    expect(placed.code, `${placed.stdout}\n${placed.stderr}`).toBe(0);

    const rillClient = new Rill({
      brokers: cluster.bootstrap.split(","),
      clientId: "reassign-steps",
      requestTimeoutMs: 3_000,
      logLevel: "nothing",
    });
    const producers = [0, 1, 2].map(
      (partition) =>
        new HistoryProducer({
          producer: rillClient.producer({ deliveryTimeoutMs: 60_000 }),
          clientId: "reassign-steps",
          topic,
          partition,
          recordsPerSend: 5,
          sendsInFlight: 2,
          valuePrefix: `p${partition}`,
        }),
    );
    for (const producer of producers) producer.start();
    const acknowledgedMore = async () => {
      const counts = producers.map((producer) => producer.history.acknowledged.length + 20);
      await waitFor(
        () => producers.every((producer, index) => producer.history.acknowledged.length >= counts[index]!),
        {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: "more records acknowledged on every partition",
        },
      );
    };
    try {
      await acknowledgedMore();
      await cluster.kill(down);
      await waitFor(async () => !(await partitions(topic))[2]?.isr.includes(down), {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: `broker ${down} out of the ISR`,
      });
      const plan = planOf("steps", target);
      const executed = await rill([
        "reassign",
        "--execute",
        plan,
        "--throttle",
        "auto",
        "--throttle-max",
        "50MiB/s",
      ]);
      expect(executed.code, executed.stderr).toBe(0);
      expect(executed.stdout).toContain(
        "reassignment traffic throttled until the moves end, automatically between 1.0 MiB/s and 50.0 MiB/s",
      );

      // Wait for the three steps, as an operator sees them in `rill reassign --status --json`.
      const statusJson = async () => {
        const status = await rill(["reassign", "--status", "--json"]);
        expect(status.code, status.stderr).toBe(0);
        return JSON.parse(status.stdout) as {
          partitions: { partition: number; state: string; isr: number[]; adding: number[] }[];
          throttleBytesPerSecond: number | null;
          throttleAuto: { minBytesPerSecond: number; produceP99MsMax: number } | null;
        };
      };
      const atSteps = await waitFor(
        async () => {
          const status = await statusJson();
          const byPartition = (partition: number) =>
            status.partitions.find((row) => row.partition === partition);
          const beforeCatchUp = byPartition(0);
          const afterIsrJoin = byPartition(1);
          const landed =
            byPartition(2) === undefined && (await partitions(topic))[2]?.replicas.join() === "102,101";
          return beforeCatchUp?.state === "copying" &&
            !beforeCatchUp.isr.includes(down) &&
            afterIsrJoin?.isr.includes(103) === true &&
            afterIsrJoin.adding.includes(down) &&
            landed
            ? status
            : undefined;
        },
        { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the moves at their steps" },
      );
      expect(atSteps.throttleBytesPerSecond).toBe(50 * MIB);
      expect(atSteps.throttleAuto).toEqual({ minBytesPerSecond: MIB, produceP99MsMax: 100 });
      const oldLog = join(cluster.process(down).dataDir, "partitions", `${topic}-2`);
      expect(existsSync(oldLog)).toBe(true);

      const active = (await cluster.describeCluster()).activeControllerId;
      await cluster.kill(`controller-${active}`);
      await waitFor(
        async () => {
          const now = (await cluster.describeCluster()).activeControllerId;
          return now >= 0 && now !== active;
        },
        { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "another active controller" },
      );
      cluster.startProcess(`controller-${active}`);
      await acknowledgedMore();
      cluster.startProcess(down);
      await cluster.waitForBrokersUnfenced([down], WAIT_MS);

      const verified = await rill(["reassign", "--verify", plan, "--wait", "--timeout-ms", String(WAIT_MS)]);
      expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
      expect((await partitions(topic)).map((partition) => partition.replicas)).toEqual(target);
      await waitFor(() => !existsSync(oldLog), {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: `${oldLog} deleted`,
      });
      await waitFor(
        async () => !(await rill(["configs", "describe", "broker", "--json"])).stdout.includes("throttled"),
        { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the automatic throttle removed" },
      );
      await acknowledgedMore();
    } finally {
      for (const producer of producers) await producer.stop();
      await rillClient.disconnect();
    }
    for (const [partition, producer] of producers.entries()) {
      const report = checkDelivery({ ...producer.history, consumed: await readPartition(topic, partition) });
      expect(report.acknowledged).toBeGreaterThanOrEqual(60);
      expect({
        partition,
        lost: report.lost,
        duplicated: report.duplicated,
        misplaced: report.misplaced,
        reordered: report.reordered,
        unknown: report.unknown,
      }).toEqual({ partition, lost: [], duplicated: [], misplaced: [], reordered: [], unknown: [] });
    }
    expect((await rill(["topics", "delete", topic])).code).toBe(0);
  }, 300_000);
});

/** Every partition of `topic` as `rill topics describe --json` shows it, by partition index. */
async function partitions(topic: string): Promise<Described[]> {
  const described = await rill(["topics", "describe", topic, "--json"]);
  expect(described.code, described.stderr).toBe(0);
  return JSON.parse(described.stdout).topics[0].partitions as Described[];
}

async function readPartition(topic: string, partition: number): Promise<ConsumedRecord[]> {
  const end = await client.listOffsets({ topic, partition, spec: "latest" });
  const records: ConsumedRecord[] = [];
  let offset = 0;
  while (offset < end.offset) {
    const answer = await client.fetch({ topic, partition, offset, maxWaitMs: 100 });
    const batches = decodeFetchedBatches(answer.records);
    for (const record of recordsFrom(batches, offset))
      records.push({ value: Buffer.from(record.value ?? []).toString(), offset: record.offset });
    offset = nextFetchOffset(batches, offset);
  }
  return records;
}
