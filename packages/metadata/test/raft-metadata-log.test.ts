/**
 * RaftMetadataLog: QuorumControllers over real Raft members (@rill/raft's InMemoryRaftCluster:
 * real cores and drivers, in-memory storage and network). Operations commit through Raft on every
 * member, snapshots are stored by Raft, a failover keeps every committed operation, and a
 * restarted member catches up from the snapshot plus the log.
 */

import { nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { systemClock } from "@rill/protocol/time";
import { InMemoryRaftCluster, type RaftNode } from "@rill/raft";
import { afterEach, describe, expect, it } from "vitest";
import { describeImage } from "../src/image/snapshot.js";
import { RaftMetadataLog } from "../src/log/raft-metadata-log.js";
import { QuorumController } from "../src/quorum-controller.js";

const endpoints = [{ name: "CLIENT", host: "127.0.0.1", port: 9101 }];
let raft: InMemoryRaftCluster | undefined;

afterEach(async () => {
  await raft?.close();
  raft = undefined;
});

function controllerOn(node: RaftNode): { quorum: QuorumController; log: RaftMetadataLog } {
  const log = new RaftMetadataLog(node, { clock: systemClock });
  const quorum = new QuorumController({
    nodeId: node.nodeId,
    log,
    clock: Date.now,
    controller: { seed: node.nodeId },
    snapshotPolicy: { recordsBetweenSnapshotsMax: 5, bytesBetweenSnapshotsMax: 1 << 30 },
  });
  return { quorum, log };
}

function createTopic(quorum: QuorumController, name: string) {
  return quorum.run((image) =>
    quorum.controller.createTopic(image, { name, numPartitions: 2, replicationFactor: 1 }),
  );
}

describe("RaftMetadataLog", () => {
  it("drives QuorumControllers through Raft: commits, snapshots, failover and catch-up", async () => {
    const cluster = InMemoryRaftCluster.create({ size: 3 });
    raft = cluster;
    const controllers = new Map<number, { quorum: QuorumController; log: RaftMetadataLog }>();
    for (const nodeId of cluster.nodeIds) controllers.set(nodeId, controllerOn(cluster.node(nodeId)));
    expect(controllers.get(1)?.quorum.leaderAndTerm.leaderId).toBeNull();
    cluster.start();
    const active = (): QuorumController | undefined =>
      [...controllers.values()].map((entry) => entry.quorum).find((quorum) => quorum.isReady);
    await waitFor(() => active() !== undefined, { timeoutMs: 10_000, message: "an active controller" });
    const first = active() as QuorumController;
    const { brokerEpoch } = await first.run((image, nowMs) =>
      first.controller.registerBroker(
        image,
        { brokerId: nodeId(101), incarnationId: "a", endpoints, rack: null },
        nowMs,
      ),
    );
    await first.run((image, nowMs) =>
      first.controller.brokerHeartbeat(
        image,
        { brokerId: nodeId(101), brokerEpoch, currentMetadataOffset: image.offset, wantShutDown: false },
        nowMs,
      ),
    );
    for (let topic = 0; topic < 8; topic++) await createTopic(first, `before-${topic}`);
    const leaderId = nodeId(first.leaderAndTerm.leaderId as number);
    // Every member replays the same committed image; Raft stored the controller's snapshots.
    await waitFor(
      () => [...controllers.values()].every((entry) => entry.quorum.image.offset === first.image.offset),
      { timeoutMs: 10_000, message: "every member to apply the log" },
    );
    for (const entry of controllers.values())
      expect(describeImage(entry.quorum.image)).toEqual(describeImage(first.image));
    await waitFor(() => cluster.node(leaderId).latestSnapshot() !== undefined, {
      timeoutMs: 10_000,
      message: "a snapshot",
    });
    const logOfLeader = controllers.get(leaderId)?.log as RaftMetadataLog;
    expect(logOfLeader.lastCommitted.index).toBe(first.image.offset);

    // Failover: the old active controller crashes; another takes over with everything committed.
    await cluster.crash(leaderId);
    controllers.delete(leaderId);
    await waitFor(() => active() !== undefined && active() !== first, {
      timeoutMs: 10_000,
      message: "a new active controller",
    });
    const second = active() as QuorumController;
    for (let topic = 0; topic < 8; topic++) expect(second.image.topicByName(`before-${topic}`)).toBeDefined();
    await createTopic(second, "after");

    // The crashed member restarts with a fresh controller and catches up (snapshot, then log).
    let restarted: { quorum: QuorumController; log: RaftMetadataLog } | undefined;
    cluster.restart(leaderId, (node) => {
      restarted = controllerOn(node);
    });
    await waitFor(() => restarted?.quorum.image.offset === second.image.offset, {
      timeoutMs: 10_000,
      message: "the restarted member to catch up",
    });
    expect(describeImage(restarted?.quorum.image as never)).toEqual(describeImage(second.image));
  });
});
