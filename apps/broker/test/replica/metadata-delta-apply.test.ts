/**
 * The replica manager acting on MetadataDeltas (as the metadata follower hands them over): new
 * replicas open with their topic's config, config changes reach open logs and the leader's
 * min.insync.replicas, partitions moved away and removed topics are deleted, a topic config the
 * log cannot take is left out alone, and a reconcile that fails stops the process (crash).
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MetadataDelta, MetadataImage, type MetadataRecord } from "@rill/metadata";
import { isRillError } from "@rill/protocol";
import { NO_NODE, type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { configurePanic, createLogger, RillMetrics } from "@rill/runtime";
import { NodeFileSystem, type StorageFileSystem } from "@rill/storage";
import { afterEach, describe, expect, it } from "vitest";
import { PartitionReplica } from "../../src/replica/partition-replica.js";
import { ReplicaManager } from "../../src/replica/replica-manager.js";
import { resolveReplicaManagerConfig } from "../../src/replica/replica-manager-config.js";

const BROKER = nodeId(1);
const TOPIC_ID = "00000000-0000-4000-8000-000000000001";

const dirs: string[] = [];
const managers: ReplicaManager[] = [];

afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openManager(
  fileSystem?: StorageFileSystem,
): Promise<{ manager: ReplicaManager; dataDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "rill-delta-apply-"));
  dirs.push(dir);
  const dataDir = join(dir, "partitions");
  const manager = await ReplicaManager.open({
    brokerId: BROKER,
    dataDir,
    controller: {
      brokerEpoch: () => 1n,
      allocateProducerIds: async () => ({ firstProducerId: 0n, count: 1000 }),
      alterPartition: () => new Promise(() => {}),
    },
    logger: createLogger({ name: "broker", level: "silent" }),
    metrics: new RillMetrics({ collectDefault: false }),
    config: resolveReplicaManagerConfig({ minInsyncReplicasDefault: 1, log: { segmentBytes: 4_096 } }),
    ...(fileSystem === undefined ? {} : { fileSystem }),
  });
  managers.push(manager);
  return { manager, dataDir };
}

/** Hands one metadata batch to the manager with its delta, as the metadata follower does. */
function applyBatch(manager: ReplicaManager, image: MetadataImage, records: MetadataRecord[]): MetadataImage {
  const delta = new MetadataDelta(image);
  for (const record of records) delta.replay(record);
  const next = new MetadataImage(delta.apply(image.offset + 1));
  manager.applyMetadata(next, delta);
  return next;
}

const partitionRecord = (partition: number, replicas: NodeId[]): MetadataRecord => ({
  type: "Partition",
  topicId: TOPIC_ID,
  partition,
  replicas,
  isr: replicas,
  leader: replicas[0] ?? NO_NODE,
  leaderEpoch: 0,
  partitionEpoch: 0,
  addingReplicas: [],
  removingReplicas: [],
});

const topicConfig = (key: string, value: string | null): MetadataRecord => ({
  type: "Config",
  resource: { type: "topic", name: "orders" },
  key,
  value,
});

function replicaOf(manager: ReplicaManager, partition: number): PartitionReplica {
  const replica = manager.lookup("orders", partition);
  if (!(replica instanceof PartitionReplica)) throw new Error(`no replica of orders-${partition}`);
  return replica;
}

/**
 * The local file system, except that every call on a path under `held` waits until `release()`:
 * a log whose recovery takes long (a big log after an unclean shutdown).
 */
function holdingFileSystem(held: string): { fileSystem: StorageFileSystem; release: () => void } {
  const inner = new NodeFileSystem();
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const fileSystem = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (args.some((arg) => typeof arg === "string" && arg.includes(held))) await gate;
        return value.apply(target, args);
      };
    },
  });
  return { fileSystem, release };
}

describe("ReplicaManager acting on metadata deltas", () => {
  it("gives each replica its state once its own log is open, not once every log is", async () => {
    const { fileSystem, release } = holdingFileSystem("orders-0");
    const { manager } = await openManager(fileSystem);
    applyBatch(manager, MetadataImage.EMPTY, [
      { type: "Topic", name: "orders", topicId: TOPIC_ID },
      partitionRecord(0, [BROKER]),
      partitionRecord(1, [BROKER]),
      partitionRecord(2, [nodeId(2), BROKER]),
    ]);
    // orders-0's log is still opening; the other two already lead and follow.
    await waitFor(
      () => {
        const one = manager.lookup("orders", 1);
        const two = manager.lookup("orders", 2);
        return one instanceof PartitionReplica && two instanceof PartitionReplica;
      },
      { timeoutMs: 10_000, message: "orders-1 and orders-2 opened while orders-0 still opens" },
    );
    expect(replicaOf(manager, 1).role.kind).toBe("leader");
    expect(replicaOf(manager, 2).role.kind).toBe("follower");
    expect(manager.lookup("orders", 0)).not.toBeInstanceOf(PartitionReplica);
    release();
    await manager.metadataSettled();
    expect(replicaOf(manager, 0).role.kind).toBe("leader");
  });

  it("opens replicas with their topic config and carries config changes to open logs", async () => {
    const { manager } = await openManager();
    let image = applyBatch(manager, MetadataImage.EMPTY, [
      { type: "Topic", name: "orders", topicId: TOPIC_ID },
      topicConfig("max.message.bytes", "500"),
      topicConfig("min.insync.replicas", "1"),
      partitionRecord(0, [BROKER]),
      partitionRecord(1, [BROKER, nodeId(2)]),
      partitionRecord(2, [nodeId(2)]),
    ]);
    await manager.metadataSettled();
    expect(manager.describePartitions().map((entry) => entry.partition)).toEqual([0, 1]);
    expect(replicaOf(manager, 0).log.config).toMatchObject({ maxMessageBytes: 500, segmentBytes: 4_096 });

    image = applyBatch(manager, image, [
      topicConfig("max.message.bytes", "2000"),
      topicConfig("cleanup.policy", "compact"),
      topicConfig("retention.ms", "1000"),
      topicConfig("min.insync.replicas", "2"),
    ]);
    await manager.metadataSettled();
    for (const partition of [0, 1]) {
      expect(replicaOf(manager, partition).log.config).toMatchObject({
        maxMessageBytes: 2_000,
        cleanupPolicy: "compact",
        retentionMs: 1_000,
        segmentBytes: 4_096,
      });
    }
    const role = replicaOf(manager, 0).role;
    expect(role.kind).toBe("leader");
    if (role.kind === "leader") {
      expect(role.leader.validateProduce({ acks: "all" })).toSatisfy((error) =>
        isRillError(error, "NOT_ENOUGH_REPLICAS"),
      );
    }

    // Cleared: back to the broker's defaults.
    applyBatch(manager, image, [topicConfig("max.message.bytes", null)]);
    await manager.metadataSettled();
    expect(replicaOf(manager, 0).log.config.maxMessageBytes).toBe(1024 * 1024 + 12);
  });

  it("leaves out a topic config the log cannot take, keeping the topic's other settings", async () => {
    const { manager } = await openManager();
    applyBatch(manager, MetadataImage.EMPTY, [
      { type: "Topic", name: "orders", topicId: TOPIC_ID },
      topicConfig("cleanup.policy", "compact"),
      // Kafka's bound (and the controller's) is 0; a log needs a positive size.
      topicConfig("max.message.bytes", "0"),
      partitionRecord(0, [BROKER]),
    ]);
    await manager.metadataSettled();
    expect(replicaOf(manager, 0).log.config).toMatchObject({
      cleanupPolicy: "compact",
      maxMessageBytes: 1024 * 1024 + 12,
    });
  });

  it("acts on the changes of images superseded before it got to them", async () => {
    const { manager } = await openManager();
    // No wait in between: only the newest image is reconciled, with every delta's changes.
    let image = applyBatch(manager, MetadataImage.EMPTY, [
      { type: "Topic", name: "orders", topicId: TOPIC_ID },
      partitionRecord(0, [BROKER]),
    ]);
    image = applyBatch(manager, image, [partitionRecord(1, [BROKER])]);
    applyBatch(manager, image, [topicConfig("retention.ms", "1000")]);
    await manager.metadataSettled();
    expect(manager.describePartitions().map((entry) => [entry.partition, entry.role])).toEqual([
      [0, "leader"],
      [1, "leader"],
    ]);
    expect(replicaOf(manager, 0).log.config.retentionMs).toBe(1_000);
  });

  it("deletes a replica moved away and the replicas of a removed topic", async () => {
    const { manager, dataDir } = await openManager();
    let image = applyBatch(manager, MetadataImage.EMPTY, [
      { type: "Topic", name: "orders", topicId: TOPIC_ID },
      partitionRecord(0, [BROKER]),
      partitionRecord(1, [BROKER]),
    ]);
    await manager.metadataSettled();
    image = applyBatch(manager, image, [
      {
        type: "PartitionChange",
        topicId: TOPIC_ID,
        partition: 1,
        replicas: [nodeId(2)],
        isr: [nodeId(2)],
        leader: nodeId(2),
      },
    ]);
    await manager.metadataSettled();
    expect(manager.describePartitions().map((entry) => entry.partition)).toEqual([0]);
    applyBatch(manager, image, [{ type: "RemoveTopic", topicId: TOPIC_ID }]);
    await manager.metadataSettled();
    expect(manager.describePartitions()).toEqual([]);
    expect(isRillError(manager.lookup("orders", 0), "UNKNOWN_TOPIC_OR_PARTITION")).toBe(true);
    await expect(rm(join(dataDir, "orders-0"), { recursive: false })).rejects.toThrow(/ENOENT/);
  });

  it("stops the process when acting on an image fails (nothing is served half-applied)", async () => {
    const { manager, dataDir } = await openManager();
    const image = applyBatch(manager, MetadataImage.EMPTY, [
      { type: "Topic", name: "orders", topicId: TOPIC_ID },
      partitionRecord(0, [BROKER]),
    ]);
    await manager.metadataSettled();
    // The data directory vanishes (a lost disk): deleting the topic's log cannot be made durable.
    // Open logs may write (a checkpoint) while the tree goes: retry on ENOTEMPTY as rm allows.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10 });
    const exitCodes: number[] = [];
    configurePanic({ exit: (code) => exitCodes.push(code) });
    try {
      applyBatch(manager, image, [{ type: "RemoveTopic", topicId: TOPIC_ID }]);
      await expect(manager.metadataSettled()).rejects.toThrow();
      expect(exitCodes).toEqual([1]);
    } finally {
      configurePanic({ exit: (code) => process.exit(code) });
    }
  });
});
