/**
 * Bulk copy between in-process brokers: a replica being added copies the leader's sealed
 * segments as whole files, then follows the active segment by normal replication; its log ends
 * up byte for byte the leader's, with the same leader epochs. A replica that is not being added
 * (an ordinary follower) never bulk-copies.
 */

import { REASSIGNMENT_THROTTLE_CONFIG } from "@rill/metadata";
import { encodeRecordBatch } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import type { PartitionLog } from "@rill/storage";
import { afterEach, describe, expect, it } from "vitest";
import type { ReplicaManager } from "../../src/replica/replica-manager.js";
import { batchOf, produce, ReplicaCluster } from "./replica-cluster.js";

let cluster: ReplicaCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

function logOf(manager: ReplicaManager, topic: string): PartitionLog {
  const replica = manager.lookup(topic, 0);
  if (replica instanceof Error) throw replica;
  return replica.log;
}

/** Every batch of the log, concatenated (a read returns one segment's batches at a time). */
async function readAll(log: PartitionLog): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { bytes, nextOffset } = await log.read(offset, 1 << 20);
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset = nextOffset;
  }
  return Buffer.concat(parts);
}

describe("bulk copy", () => {
  it("copies sealed segments whole to a replica being added, then replicates the active segment", async () => {
    const c = await ReplicaCluster.start({ brokerIds: [nodeId(1), nodeId(2), nodeId(3)] });
    cluster = c;
    const topicId = c.createTopic("moved", [[nodeId(1), nodeId(3)]], { "segment.bytes": "16384" });
    await waitFor(() => (c.manager(nodeId(1)).lookup("moved", 0) instanceof Error ? undefined : true), {
      timeoutMs: 15_000,

      message: "broker 1 leads",
    });
    for (let index = 0; index < 150; index += 1) {
      const answer = await produce(c.client(nodeId(1)), {
        topic: "moved",
        partition: 0,
        records: batchOf(`b${index}`, 40),
        acks: "all",
      });
      expect(answer.errorCode).toBe(0);
    }
    const leaderLog = logOf(c.manager(nodeId(1)), "moved");
    expect(leaderLog.segmentCount).toBeGreaterThan(3);
    // Broker 2 is added (KIP-455: it joins the replicas outside the ISR).
    c.apply([
      {
        type: "PartitionChange",
        topicId,
        partition: 0,
        replicas: [nodeId(1), nodeId(3), nodeId(2)],
        addingReplicas: [nodeId(2)],
      },
    ]);
    await waitFor(
      () => {
        const replica = c.manager(nodeId(2)).lookup("moved", 0);
        return !(replica instanceof Error) && replica.log.logEndOffset === leaderLog.logEndOffset
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, message: "broker 2 holds the leader's log" },
    );
    const copied = c.manager(nodeId(2)).bulkCopyStats().bytesInstalled;
    const sealedBytes = leaderLog
      .sealedSegmentsFrom(0)
      .reduce((sum, base) => sum + (leaderLog.sealedSegment(base)?.logBytes ?? 0), 0);
    expect(copied).toBe(sealedBytes);
    const newLog = logOf(c.manager(nodeId(2)), "moved");
    expect(Buffer.compare(await readAll(newLog), await readAll(leaderLog))).toBe(0);
    expect(newLog.leaderEpochs()).toEqual(leaderLog.leaderEpochs());
    // The ordinary follower copied nothing in bulk; normal replication continues for both.
    expect(c.manager(nodeId(3)).bulkCopyStats()).toEqual({ bytesReceived: 0, bytesInstalled: 0 });
    const more = await produce(c.client(nodeId(1)), {
      topic: "moved",
      partition: 0,
      records: batchOf("after", 5),
      acks: "all",
    });
    expect(more.errorCode).toBe(0);
    await waitFor(() => (newLog.logEndOffset === leaderLog.logEndOffset ? true : undefined), {
      timeoutMs: 15_000,

      message: "broker 2 follows the active segment",
    });
  }, 60_000);
});

describe("bulk copy resume", () => {
  it("resumes a staged segment from its durable point after the new replica restarts", async () => {
    const c = await ReplicaCluster.start({ brokerIds: [nodeId(1), nodeId(2)] });
    cluster = c;
    const topicId = c.createTopic("resumed", [[nodeId(1)]], { "segment.bytes": String(12 * 1024 * 1024) });
    await waitFor(() => (c.manager(nodeId(1)).lookup("resumed", 0) instanceof Error ? undefined : true), {
      timeoutMs: 15_000,

      message: "broker 1 leads",
    });
    for (let index = 0; index < 16; index += 1) {
      const records = Buffer.from(
        encodeRecordBatch({
          records: Array.from({ length: 100 }, (_, record) => ({
            key: null,
            value: Buffer.alloc(9000, (index + record) % 251),
            timestamp: 1_700_000_000_000,
          })),
        }),
      );
      expect(
        (await produce(c.client(nodeId(1)), { topic: "resumed", partition: 0, records, acks: 1 })).errorCode,
      ).toBe(0);
    }
    const leaderLog = logOf(c.manager(nodeId(1)), "resumed");
    expect(leaderLog.sealedSegmentsFrom(0)).toHaveLength(1);
    // Slow enough to stop broker 2 halfway through the first segment.
    c.apply([
      {
        type: "Config",
        resource: { type: "cluster", name: "" },
        key: REASSIGNMENT_THROTTLE_CONFIG,
        value: String(4 * 1024 * 1024),
      },
      {
        type: "PartitionChange",
        topicId,
        partition: 0,
        replicas: [nodeId(1), nodeId(2)],
        addingReplicas: [nodeId(2)],
      },
    ]);
    await waitFor(
      () => {
        const summary = c
          .manager(nodeId(2))
          .describePartitions()
          .find((entry) => entry.topic === "resumed");
        return summary !== undefined && summary.bulkCopyStagedBytes > 5 * 1024 * 1024 ? true : undefined;
      },
      { timeoutMs: 30_000, message: "a durable checkpoint staged on broker 2" },
    );
    await c.stopBroker(nodeId(2));
    await c.startBroker(nodeId(2));
    await waitFor(
      () => {
        const replica = c.manager(nodeId(2)).lookup("resumed", 0);
        return !(replica instanceof Error) && replica.log.logEndOffset === leaderLog.logEndOffset
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, message: "broker 2 holds the leader's log" },
    );
    // The restarted broker installed the whole segment but received only what was not durable
    // before the restart (checkpoints every quarter of the segment: at least one was).
    const segment = leaderLog.sealedSegment(0);
    const stats = c.manager(nodeId(2)).bulkCopyStats();
    expect(stats.bytesInstalled).toBe(segment?.logBytes);
    expect(stats.bytesReceived).toBeLessThanOrEqual(
      (segment?.logBytes ?? 0) * 0.75 + (segment?.offsetIndex.length ?? 0) + (segment?.timeIndex.length ?? 0),
    );
    expect(
      Buffer.compare(await readAll(logOf(c.manager(nodeId(2)), "resumed")), await readAll(leaderLog)),
    ).toBe(0);
  }, 60_000);
});
