import { encodeRecordBatch, isRillError, RillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { Consumer } from "../src/consumer/consumer.js";
import type { TopicPartition, TopicPartitionOffset } from "../src/consumer/consumer-types.js";
import { CONSUMER_GROUP_CHANNEL } from "../src/consumer/group/group-member.js";
import type { GroupConsumerOptions } from "../src/consumer/group/group-options.js";
import { type LogEntry, Rill } from "../src/rill.js";
import { FakeCluster } from "../src/testing/fake-cluster.js";

const text = new TextEncoder();
const fastBackoff = { initialMs: 5, maxMs: 20 } as const;
/** The bound on every wait in these tests. */
const WAIT_MS = 10_000;

let cluster: FakeCluster | undefined;
const rills: Rill[] = [];
afterEach(async () => {
  await Promise.all(rills.splice(0).map((rill) => rill.disconnect()));
  await cluster?.stop();
  cluster = undefined;
});

async function startCluster(partitions: number): Promise<FakeCluster> {
  cluster = await FakeCluster.start({ brokers: [1, 2] });
  cluster.addTopic(
    "orders",
    Array.from({ length: partitions }, (_, index) => (index % 2) + 1),
  );
  return cluster;
}

function newRill(): Rill {
  const rill = new Rill({ brokers: (cluster as FakeCluster).bootstrap(), retry: fastBackoff });
  rills.push(rill);
  return rill;
}

async function member(options: Partial<GroupConsumerOptions> = {}): Promise<Consumer> {
  const consumer = newRill().consumer({
    groupId: "g",
    autoOffsetReset: "earliest",
    autoCommitIntervalMs: 60_000,
    ...options,
  });
  await consumer.connect();
  return consumer;
}

async function produce(rill: Rill, partition: number, count: number): Promise<void> {
  const batch = encodeRecordBatch({
    records: Array.from({ length: count }, (_, index) => ({ key: null, value: text.encode(`v${index}`) })),
  });
  await rill.data.produce({ topic: "orders", partition, batch });
}

const sortedKeys = (partitions: readonly TopicPartition[]): string[] =>
  partitions.map((entry) => `${entry.topic}-${entry.partition}`).sort();

describe("consumer group member (KIP-848 heartbeat) against the fake coordinator", () => {
  it("shares partitions incrementally: revoked ones are committed before they move, and every record is processed once", async () => {
    await startCluster(4);
    const producer = newRill();
    for (let partition = 0; partition < 4; partition += 1) await produce(producer, partition, 10);
    const processed: { member: string; partition: number; offset: number }[] = [];
    const run = (name: string, consumer: Consumer) =>
      consumer.run({
        eachMessage: ({ partition, message }) => {
          processed.push({ member: name, partition, offset: message.offset });
        },
      });
    const first = await member();
    const revokedFromFirst: TopicPartitionOffset[] = [];
    await first.subscribe({
      topics: ["orders"],
      onPartitionsRevoked: (partitions) => {
        revokedFromFirst.push(...partitions);
        // The revocation's commit is stored before the listener runs.
        const offsets = (cluster as FakeCluster).groupCoordinator.group("g").offsets;
        for (const entry of partitions)
          expect(offsets.get(`orders:${entry.partition}`)?.offset).toBe(entry.offset);
      },
    });
    const firstRun = run("first", first);
    await waitFor(() => processed.length === 40, {
      timeoutMs: WAIT_MS,
      message: "the first member to read everything",
    });

    const second = await member();
    const assignedToSecond: TopicPartitionOffset[] = [];
    await second.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => void assignedToSecond.push(...partitions),
    });
    const secondRun = run("second", second);
    await waitFor(() => assignedToSecond.length === 2, {
      timeoutMs: WAIT_MS,
      message: "two partitions to move",
    });
    expect(sortedKeys(revokedFromFirst)).toEqual(sortedKeys(assignedToSecond));
    // The new owner starts where the old one committed: nothing again, nothing skipped.
    for (const entry of assignedToSecond) expect(entry.offset).toBe(10);

    for (let partition = 0; partition < 4; partition += 1) await produce(producer, partition, 5);
    await waitFor(() => processed.length === 60, { timeoutMs: WAIT_MS, message: "the new records" });
    const seen = new Set(processed.map((entry) => `${entry.partition}:${entry.offset}`));
    expect(seen.size).toBe(60);
    for (const entry of processed.filter((record) => record.offset >= 10)) {
      const owner = assignedToSecond.some((moved) => moved.partition === entry.partition)
        ? "second"
        : "first";
      expect(entry.member).toBe(owner);
    }
    await first.disconnect();
    await second.disconnect();
    await Promise.all([firstRun, secondRun]);
  });

  it("a partition revoked and later given back to the same member is fetched again from the commit (its broker's stream gets credit again)", async () => {
    await startCluster(2);
    const producer = newRill();
    const processed: { member: string; partition: number; offset: number }[] = [];
    const first = await member();
    const firstOwned = new Set<number>();
    await first.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => {
        for (const entry of partitions) firstOwned.add(entry.partition);
      },
      onPartitionsRevoked: (partitions) => {
        for (const entry of partitions) firstOwned.delete(entry.partition);
      },
    });
    const firstRun = first.run({
      eachMessage: ({ partition, message }) =>
        void processed.push({ member: "first", partition, offset: message.offset }),
    });
    await waitFor(() => firstOwned.size === 2, {
      timeoutMs: WAIT_MS,
      message: "both partitions at the first member",
    });
    const second = await member();
    const secondOwned = new Set<number>();
    await second.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => {
        for (const entry of partitions) secondOwned.add(entry.partition);
      },
    });
    const secondRun = second.run({
      eachMessage: ({ partition, message }) =>
        void processed.push({ member: "second", partition, offset: message.offset }),
    });
    await waitFor(() => secondOwned.size === 1 && firstOwned.size === 1, {
      timeoutMs: WAIT_MS,
      message: "one partition moved",
    });
    const [moved] = [...secondOwned];
    await produce(producer, moved as number, 3);
    await waitFor(() => processed.length === 3, {
      timeoutMs: WAIT_MS,
      message: "the moved partition's records at the second member",
    });
    await second.disconnect();
    await secondRun;
    await waitFor(() => firstOwned.size === 2, {
      timeoutMs: WAIT_MS,
      message: "the partition back at the first member",
    });
    await produce(producer, moved as number, 4);
    await waitFor(() => processed.length === 7, {
      timeoutMs: WAIT_MS,
      message: "the records after the return",
    });
    expect(processed.slice(3)).toEqual(
      [3, 4, 5, 6].map((offset) => ({ member: "first", partition: moved, offset })),
    );
    await first.disconnect();
    await firstRun;
  });

  it("starts at the committed offset; disconnect commits the positions and leaves with epoch -1 (-2 when static)", async () => {
    const fake = await startCluster(2);
    const producer = newRill();
    await produce(producer, 0, 6);
    await produce(producer, 1, 6);
    fake.groupCoordinator.group("g").offsets.set("orders:0", { offset: 4, metadata: "" });
    const consumer = await member({ groupInstanceId: "instance-a" });
    const starts: TopicPartitionOffset[] = [];
    await consumer.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => void starts.push(...partitions),
    });
    let count = 0;
    const running = consumer.run({
      eachMessage: () => {
        count += 1;
      },
    });
    await waitFor(() => count === 2 + 6, { timeoutMs: WAIT_MS, message: "the records after the commit" });
    expect(starts.find((entry) => entry.partition === 0)?.offset).toBe(4);
    expect(starts.find((entry) => entry.partition === 1)?.offset).toBe(0);
    await consumer.disconnect();
    await running;
    const offsets = fake.groupCoordinator.group("g").offsets;
    expect(offsets.get("orders:0")?.offset).toBe(6);
    expect(offsets.get("orders:1")?.offset).toBe(6);
    expect(fake.groupCoordinator.heartbeats.at(-1)?.memberEpoch).toBe(-2);
    expect(fake.groupCoordinator.group("g").members.size).toBe(0);
  });

  it("FENCED_MEMBER_EPOCH loses the partitions without a commit and rejoins with epoch 0", async () => {
    const fake = await startCluster(2);
    const consumer = await member();
    const lost: TopicPartition[] = [];
    const assigned: TopicPartitionOffset[] = [];
    await consumer.subscribe({
      topics: ["orders"],
      onPartitionsLost: (partitions) => void lost.push(...partitions),
      onPartitionsAssigned: (partitions) => void assigned.push(...partitions),
    });
    await waitFor(() => assigned.length === 2, { timeoutMs: WAIT_MS, message: "the first assignment" });
    const commitsBefore = fake.callsTo("offsetCommit").length;
    let fenced = false;
    fake.intercept = (call) => {
      if (call.method !== "consumerGroupHeartbeat" || fenced) return undefined;
      fenced = true;
      return { kind: "error", error: new RillError("FENCED_MEMBER_EPOCH", "fenced by the test") };
    };
    await waitFor(() => lost.length === 2 && assigned.length === 4, {
      timeoutMs: WAIT_MS,
      message: "the partitions back",
    });
    expect(sortedKeys(lost)).toEqual(["orders-0", "orders-1"]);
    expect(fake.callsTo("offsetCommit").length).toBe(commitsBefore);
    const rejoin = fake.groupCoordinator.heartbeats.filter((request) => request.memberEpoch === 0);
    expect(rejoin.length).toBe(2);
    expect(rejoin[1]?.memberId).toBe(consumer.memberId());
    expect(rejoin[1]?.subscribedTopicNames).toEqual(["orders"]);
  });

  it("finds the coordinator again when it moves (NOT_COORDINATOR) and keeps its partitions", async () => {
    const fake = await startCluster(2);
    const consumer = await member();
    const assigned: TopicPartitionOffset[] = [];
    await consumer.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => void assigned.push(...partitions),
    });
    await waitFor(() => assigned.length === 2, { timeoutMs: WAIT_MS, message: "the assignment" });
    fake.coordinatorId = 2;
    await waitFor(() => fake.callsTo("consumerGroupHeartbeat", 2).length >= 2, {
      timeoutMs: WAIT_MS,
      message: "heartbeats at the new coordinator",
    });
    expect(fake.callsTo("findCoordinator").length).toBeGreaterThanOrEqual(2);
    expect(assigned.length).toBe(2);
    await consumer.commitOffsets([{ topic: "orders", partition: 0, offset: 0, metadata: "checkpoint" }]);
    expect(fake.groupCoordinator.group("g").offsets.get("orders:0")).toEqual({
      offset: 0,
      metadata: "checkpoint",
    });
  });

  it("autoOffsetReset none without a committed offset stops run with a typed error", async () => {
    await startCluster(1);
    const consumer = await member({ autoOffsetReset: "none" } as Partial<GroupConsumerOptions>);
    await consumer.subscribe({ topics: ["orders"] });
    const outcome = await consumer.run({ eachMessage: () => undefined }).catch((error: unknown) => error);
    expect(isRillError(outcome) && outcome.errorName).toBe("OFFSET_OUT_OF_RANGE");
  });

  it("logs membership changes through the Rill's logger and publishes them on rill:consumer:group", async () => {
    await startCluster(2);
    const entries: LogEntry[] = [];
    const rill = new Rill({
      brokers: (cluster as FakeCluster).bootstrap(),
      retry: fastBackoff,
      clientId: "logged",
      logLevel: "info",
      logger: (entry) => entries.push(entry),
    });
    rills.push(rill);
    const consumer = rill.consumer({ groupId: "g" });
    await consumer.connect();
    await consumer.subscribe({ topics: ["orders"] });
    await waitFor(
      () => entries.some((entry) => entry.event === CONSUMER_GROUP_CHANNEL && entry.kind === "assigned"),
      { timeoutMs: WAIT_MS, message: "an assignment log line" },
    );
    const assigned = entries.find((entry) => entry.kind === "assigned");
    expect(assigned).toMatchObject({
      level: "info",
      clientId: "logged",
      groupId: "g",
      memberId: consumer.memberId(),
    });
    expect(sortedKeys(assigned?.partitions as TopicPartition[])).toEqual(["orders-0", "orders-1"]);
  });

  it("refuses misuse with typed errors", async () => {
    await startCluster(1);
    const plain = newRill().consumer();
    await plain.connect();
    await expect(plain.subscribe({ topics: ["orders"] })).rejects.toMatchObject({
      errorName: "INVALID_CONFIG",
    });
    const grouped = await member();
    await expect(grouped.assign([{ topic: "orders", partition: 0 }])).rejects.toMatchObject({
      errorName: "INVALID_REQUEST",
    });
    await expect(grouped.subscribe({ topics: [] })).rejects.toMatchObject({ errorName: "INVALID_REQUEST" });
    await expect(grouped.subscribe({ topics: ["orders"], topicPattern: "o.*" })).rejects.toMatchObject({
      errorName: "INVALID_REQUEST",
    });
    expect(() => newRill().consumer({ groupId: "" })).toThrow(/groupId/);
  });
});

describe("group admin against the fake coordinator", () => {
  it("reset-offsets: a dry run changes nothing, execute commits on an empty group, an active group is refused", async () => {
    const fake = await startCluster(2);
    const producer = newRill();
    await produce(producer, 0, 10);
    await produce(producer, 1, 4);
    const admin = newRill().admin();
    fake.groupCoordinator.group("g").offsets.set("orders:0", { offset: 3, metadata: "" });

    const planned = await admin
      .resetOffsets("g", "orders", { kind: "shift-by", shift: 20 }, { dryRun: true })
      .catch((error: unknown) => error);
    // Partition 1 has no committed offset to shift from: refused whole, nothing planned.
    expect(isRillError(planned) && planned.errorName).toBe("INVALID_REQUEST");

    const dry = await admin.resetOffsets("g", "orders", { kind: "latest" });
    expect(dry.executed).toBe(false);
    expect(dry.rows).toEqual([
      { topic: "orders", partition: 0, before: 3, after: 10 },
      { topic: "orders", partition: 1, before: -1, after: 4 },
    ]);
    expect(fake.groupCoordinator.group("g").offsets.get("orders:0")?.offset).toBe(3);

    const done = await admin.resetOffsets("g", "orders", { kind: "offset", offset: 7 }, { dryRun: false });
    expect(done.rows.map((row) => row.after)).toEqual([7, 4]); // clamped into each log
    expect(fake.groupCoordinator.group("g").offsets.get("orders:0")?.offset).toBe(7);
    expect(await admin.fetchOffsets("g", [{ topic: "orders", partition: 1 }])).toEqual([
      { topic: "orders", partition: 1, offset: 4, metadata: "" },
    ]);

    const consumer = await member();
    const assigned: TopicPartitionOffset[] = [];
    await consumer.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => void assigned.push(...partitions),
    });
    await waitFor(() => assigned.length === 2, { timeoutMs: WAIT_MS, message: "the member to join" });
    const refused = await admin
      .resetOffsets("g", "orders", { kind: "earliest" }, { dryRun: false })
      .catch((error: unknown) => error);
    expect(isRillError(refused) && refused.errorName).toBe("NON_EMPTY_GROUP");
    expect((refused as Error).message).toContain("group g has 1 active member; stop them first");
    expect(fake.groupCoordinator.group("g").offsets.get("orders:0")?.offset).toBe(7);
  });

  it("lists, describes and deletes groups", async () => {
    await startCluster(2);
    const admin = newRill().admin();
    const consumer = await member();
    const assigned: TopicPartitionOffset[] = [];
    await consumer.subscribe({
      topics: ["orders"],
      onPartitionsAssigned: (partitions) => void assigned.push(...partitions),
    });
    await waitFor(() => assigned.length === 2, { timeoutMs: WAIT_MS, message: "the member to join" });
    await waitFor(
      () =>
        (cluster as FakeCluster).groupCoordinator.heartbeats.some(
          (request) => request.ownedPartitions.length > 0,
        ),
      { timeoutMs: WAIT_MS, message: "the coordinator to see the owned partitions" },
    );
    const listed = await admin.listGroups();
    expect(listed.groups.map((group) => [group.groupId, group.state])).toEqual([["g", "stable"]]);
    expect(listed.errors).toEqual([]);
    const [described] = await admin.describeGroups(["g"]);
    expect(described?.members.map((entry) => entry.memberId)).toEqual([consumer.memberId()]);
    expect(sortedKeys(described?.members[0]?.assigned ?? [])).toEqual(["orders-0", "orders-1"]);
    const [busy] = await admin.deleteGroups(["g"]);
    expect(busy?.error?.errorName).toBe("NON_EMPTY_GROUP");
    await consumer.disconnect();
    const [deleted] = await admin.deleteGroups(["g"]);
    expect(deleted?.error).toBeNull();
    const [missing] = await admin.describeGroups(["g"]);
    expect(missing?.error?.errorName).toBe("GROUP_ID_NOT_FOUND");
  });
});
