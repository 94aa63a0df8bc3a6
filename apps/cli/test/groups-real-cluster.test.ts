/**
 * Consumer groups through the SDK and the CLI on real processes (3 controllers + 3 brokers on
 * 127.0.0.1, the brokers' group coordinator): three members sharing a 12-partition topic while
 * members join and leave, one of them a child `rill consume --group` killed with SIGKILL; the
 * coordinator's broker killed with kill -9; static membership across a restart; and
 * `rill groups reset-offsets` (dry run, execute, refused while members exist).
 */

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { type Consumer, Rill, type TopicPartition, type TopicPartitionOffset } from "@rill/client";
import { dieWithParent, waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../../broker/test/support/local-cluster.js";
import { runInProcess } from "./run-in-process.js";

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");
/** The members' session timeout: short, so a killed member's partitions move within the test. */
const MEMBER_SESSION_TIMEOUT_MS = 3_000;
const BROKER_SESSION_TIMEOUT_MS = 3_000;
const WAIT_MS = 60_000;
const PARTITIONS = 12;

let cluster: LocalCluster;
let producerRill: Rill;
let producer: ReturnType<Rill["producer"]> | undefined;
const rills: Rill[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({
    controllerConfig: { "broker.session.timeout.ms": String(BROKER_SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(BROKER_SESSION_TIMEOUT_MS),
      "replica.lag.time.max.ms": "4000",
      "offsets.topic.num.partitions": "6",
      "group.consumer.heartbeat.interval.ms": "250",
    },
  });
  producerRill = new Rill({
    brokers: cluster.bootstrap.split(","),
    clientId: "test-producer",
    requestTimeoutMs: 3_000,
  });
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(rills.map((rill) => rill.disconnect().catch(() => undefined)));
  await producerRill?.disconnect();
  await cluster?.close();
});

async function createTopic(name: string): Promise<void> {
  await cluster.createTopic(name, { partitions: PARTITIONS, replicationFactor: 3 });
  await cluster.waitForLeaders(name, PARTITIONS);
}

/** Sends `perPartition` records to every partition of `topic`, acks=all. */
async function produceRound(topic: string, perPartition: number): Promise<void> {
  producer ??= producerRill.producer();
  const messages = Array.from({ length: PARTITIONS * perPartition }, (_, index) => ({
    value: `r${index}`,
    partition: index % PARTITIONS,
  }));
  await producer.send({ topic, messages });
}

/** What a member processed: partition and offset, and who processed it. */
interface Processed {
  readonly member: string;
  readonly partition: number;
  readonly offset: number;
}

/** An SDK member of `groupId` that records what it processes and its rebalance events. */
async function sdkMember(
  name: string,
  topic: string,
  groupId: string,
  processed: Processed[],
  extra: { groupInstanceId?: string } = {},
): Promise<{
  consumer: Consumer;
  assigned: TopicPartitionOffset[];
  revoked: TopicPartition[];
  running: Promise<void>;
}> {
  const rill = new Rill({ brokers: cluster.bootstrap.split(","), clientId: name, requestTimeoutMs: 3_000 });
  rills.push(rill);
  const consumer = rill.consumer({
    groupId,
    sessionTimeoutMs: MEMBER_SESSION_TIMEOUT_MS,
    autoCommitIntervalMs: 500,
    autoOffsetReset: "earliest",
    ...extra,
  });
  await consumer.connect();
  const assigned: TopicPartitionOffset[] = [];
  const revoked: TopicPartition[] = [];
  await consumer.subscribe({
    topics: [topic],
    onPartitionsAssigned: (partitions) => void assigned.push(...partitions),
    onPartitionsRevoked: (partitions) => void revoked.push(...partitions),
    onPartitionsLost: (partitions) => void revoked.push(...partitions),
  });
  const running = consumer.run({
    eachMessage: ({ partition, message }) => {
      processed.push({ member: name, partition, offset: message.offset });
    },
  });
  return { consumer, assigned, revoked, running };
}

/** A `rill consume --group` child process; its printed "partition:offset" lines are what it processed. */
function childMember(name: string, topic: string, groupId: string, processed: Processed[]): ChildProcess {
  // Tied to the test process: a test killed with kill -9 takes this member with it.
  const child = spawn(
    ...dieWithParent([
      process.execPath,
      "--conditions=source",
      "--import",
      "tsx",
      join(REPO_ROOT, "apps", "cli", "src", "main.ts"),
      "consume",
      topic,
      "--group",
      groupId,
      "--from-beginning",
      "--session-timeout-ms",
      String(MEMBER_SESSION_TIMEOUT_MS),
      "--format",
      "%p:%o\\n",
      "--bootstrap",
      cluster.bootstrap,
    ]),
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let pending = "";
  // Pipes are written synchronously on Linux: a line the child printed before its commit is in
  // the pipe even when the child is killed right after.
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const [partition, offset] = line.split(":").map(Number);
      if (partition !== undefined && offset !== undefined)
        processed.push({ member: name, partition, offset });
    }
  });
  child.stderr?.resume();
  return child;
}

/** The offsets processed per partition, and the ones processed more than once. */
function tally(processed: readonly Processed[]): {
  counts: Map<string, Processed[]>;
  duplicates: Processed[][];
} {
  const counts = new Map<string, Processed[]>();
  for (const entry of processed) {
    const key = `${entry.partition}:${entry.offset}`;
    counts.set(key, [...(counts.get(key) ?? []), entry]);
  }
  return { counts, duplicates: [...counts.values()].filter((entries) => entries.length > 1) };
}

/** Waits until every offset below `perPartition` of every partition was processed at least once. */
async function waitAllProcessed(
  processed: readonly Processed[],
  perPartition: number,
  what: string,
): Promise<void> {
  await waitFor(
    () => {
      const { counts } = tally(processed);
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        for (let offset = 0; offset < perPartition; offset += 1) {
          if (!counts.has(`${partition}:${offset}`)) return false;
        }
      }
      return true;
    },
    { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: what },
  );
}

describe("consumer groups on a real cluster", () => {
  it("three members share 12 partitions while members join and leave; a member killed with SIGKILL loses its partitions to another that resumes at the last commit", async () => {
    const topic = "orders";
    const group = "billing";
    await createTopic(topic);
    const processed: Processed[] = [];
    const admin = producerRill.admin();
    const first = await sdkMember("first", topic, group, processed);
    const child = childMember("child", topic, group, processed);
    await waitFor(
      async () => {
        const [described] = await admin.describeGroups([group]);
        const members = described?.members ?? [];
        return members.length === 2 && members.every((member) => member.assigned.length > 0);
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "two members owning partitions" },
    );
    await produceRound(topic, 20);
    await waitAllProcessed(processed, 20, "the first 240 records (two members)");

    const second = await sdkMember("second", topic, group, processed);
    await waitFor(() => second.assigned.length > 0, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the second member to own partitions",
    });
    await produceRound(topic, 20);
    await waitAllProcessed(processed, 40, "480 records (three members)");

    await first.consumer.disconnect();
    await first.running;
    await produceRound(topic, 20);
    await waitAllProcessed(processed, 60, "720 records (the first member left)");
    // Until now partitions moved only by revocation: each commit preceded the move, so no record
    // was processed twice.
    expect(tally(processed).duplicates).toEqual([]);
    // What the child owns now (after the rebalances), as the coordinator describes it.
    const [described] = await admin.describeGroups([group]);
    const childMemberDescription = described?.members.find((entry) => entry.clientId === "rill-cli");
    const childOwned = new Set(childMemberDescription?.assigned.map((entry) => entry.partition) ?? []);
    expect(childOwned.size).toBeGreaterThan(0);

    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const processedBeforeKill = processed.length;
    // The child can commit no more: its committed offsets are where its partitions resume.
    const committedAtKill = new Map(
      (
        await admin.fetchOffsets(
          group,
          [...childOwned].map((partition) => ({ topic, partition })),
        )
      ).map((entry) => [entry.partition, entry.offset]),
    );
    const assignedBefore = second.assigned.length;
    await produceRound(topic, 20);
    await waitAllProcessed(processed, 80, "960 records (the child killed)");
    const takenOver = second.assigned
      .slice(assignedBefore)
      .filter((entry) => childOwned.has(entry.partition));
    expect(new Set(takenOver.map((entry) => entry.partition))).toEqual(childOwned);
    for (const entry of takenOver) expect(entry.offset).toBe(committedAtKill.get(entry.partition));
    // Records after the child's last commit are processed again (at least once), none skipped;
    // nothing else is processed twice.
    for (const duplicates of tally(processed).duplicates) {
      const [earlier, later] = duplicates;
      expect(duplicates.length).toBe(2);
      expect(earlier?.member).toBe("child");
      expect(later?.member).toBe("second");
      expect(later?.offset).toBeGreaterThanOrEqual(committedAtKill.get(later?.partition ?? -1) ?? 0);
      expect(processed.indexOf(later as Processed)).toBeGreaterThanOrEqual(processedBeforeKill);
    }
    await second.consumer.disconnect();
    await second.running;
  }, 150_000);

  it("a static member restarted with the same groupInstanceId gets the same partitions and nobody else moves", async () => {
    const topic = "static-orders";
    const group = "static-group";
    await createTopic(topic);
    const processed: Processed[] = [];
    const a = await sdkMember("a", topic, group, processed, { groupInstanceId: "instance-a" });
    const b = await sdkMember("b", topic, group, processed, { groupInstanceId: "instance-b" });
    await waitFor(
      () =>
        a.assigned.length - a.revoked.length + (b.assigned.length - b.revoked.length) === PARTITIONS &&
        a.assigned.length > a.revoked.length &&
        b.assigned.length > b.revoked.length,
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "the partitions to be split between a and b",
      },
    );
    const owned = (member: { assigned: TopicPartitionOffset[]; revoked: TopicPartition[] }) => {
      const held = new Set(member.assigned.map((entry) => entry.partition));
      for (const entry of member.revoked) held.delete(entry.partition);
      return [...held].sort((left, right) => left - right);
    };
    const aBefore = owned(a);
    const bBefore = owned(b);
    const bEventsBefore = b.assigned.length + b.revoked.length;
    await a.consumer.disconnect(); // leaves with epoch -2: its partitions wait for it
    await a.running;
    const restarted = await sdkMember("a-restarted", topic, group, processed, {
      groupInstanceId: "instance-a",
    });
    await waitFor(() => restarted.assigned.length === aBefore.length, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the restarted member's partitions",
    });
    expect(owned(restarted)).toEqual(aBefore);
    expect(owned(b)).toEqual(bBefore);
    expect(b.assigned.length + b.revoked.length).toBe(bEventsBefore);
    await restarted.consumer.disconnect();
    await b.consumer.disconnect();
  }, 90_000);

  it("rill groups reset-offsets: a dry run changes nothing, --execute on an empty group moves the offsets, an active group is refused", async () => {
    const topic = "reset-orders";
    const group = "reset-group";
    await createTopic(topic);
    await produceRound(topic, 10);
    const admin = producerRill.admin();
    const bootstrap = ["--bootstrap", cluster.bootstrap];
    const execute = await runInProcess([
      "groups",
      "reset-offsets",
      group,
      "--topic",
      topic,
      "--to-offset",
      "4",
      "--execute",
      ...bootstrap,
    ]);
    expect(execute.status, execute.stderr).toBe(0);
    const committed = async () =>
      (
        await admin.fetchOffsets(
          group,
          Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })),
        )
      ).map((entry) => entry.offset);
    expect(await committed()).toEqual(Array.from({ length: PARTITIONS }, () => 4));

    const dry = await runInProcess([
      "groups",
      "reset-offsets",
      group,
      "--topic",
      topic,
      "--to-latest",
      ...bootstrap,
    ]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("dry run: nothing changed");
    expect(await committed()).toEqual(Array.from({ length: PARTITIONS }, () => 4));

    const processed: Processed[] = [];
    const member = await sdkMember("resetting", topic, group, processed);
    await waitFor(() => member.assigned.length === PARTITIONS, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the member to own partitions",
    });
    for (const entry of member.assigned) expect(entry.offset).toBe(4);
    const refused = await runInProcess([
      "groups",
      "reset-offsets",
      group,
      "--topic",
      topic,
      "--to-earliest",
      "--execute",
      ...bootstrap,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`group ${group} has 1 active member; stop them first`);

    const described = await runInProcess(["groups", "describe", group, "--json", ...bootstrap]);
    expect(described.status, described.stderr).toBe(0);
    expect(JSON.parse(described.stdout).members).toHaveLength(1);
    await member.consumer.disconnect();
  }, 90_000);

  it("the coordinator's broker killed with kill -9: the group goes on, committed offsets never go backwards, nothing is skipped", async () => {
    const topic = "failover-orders";
    const group = "failover-group";
    await createTopic(topic);
    const processed: Processed[] = [];
    await produceRound(topic, 20);
    const one = await sdkMember("one", topic, group, processed);
    const two = await sdkMember("two", topic, group, processed);
    await waitAllProcessed(processed, 20, "the first 240 records");
    const admin = producerRill.admin();
    const listed = await admin.listGroups();
    const coordinatorAddress = listed.groups.find((entry) => entry.groupId === group)?.coordinator;
    const coordinator = cluster.brokers.find((broker) => broker.address === coordinatorAddress);
    expect(coordinator).toBeDefined();

    // Committed offsets, sampled until the end: per partition they must never go down.
    const samples: number[][] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const offsets = await admin
          .fetchOffsets(
            group,
            Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })),
            {
              timeoutMs: 5_000,
            },
          )
          .catch(() => undefined);
        if (offsets !== undefined) samples.push(offsets.map((entry) => entry.offset));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    await waitFor(() => samples.length >= 3, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "committed offsets sampled before the kill",
    });
    await cluster.kill((coordinator as { nodeId: number }).nodeId);
    await produceRound(topic, 20);
    await waitAllProcessed(processed, 40, "480 records after the coordinator's kill");
    await waitFor(
      async () => {
        const offsets = await admin.fetchOffsets(group, [{ topic, partition: 0 }], { timeoutMs: 5_000 });
        return offsets[0]?.offset === 40;
      },
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "the new coordinator to hold commits past the kill",
      },
    );
    sampling = false;
    await sampler;
    expect(samples.length).toBeGreaterThan(2);
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      const series = samples.map((sample) => sample[partition] ?? -1);
      for (let index = 1; index < series.length; index += 1) {
        expect(series[index], `partition ${partition}: ${series.join(",")}`).toBeGreaterThanOrEqual(
          series[index - 1] ?? -1,
        );
      }
    }
    await one.consumer.disconnect();
    await two.consumer.disconnect();
  }, 120_000);
});
