/**
 * The broker's coordinator runtime over an in-memory stand-in for the `__consumer_offsets`
 * partition replica: loading what another coordinator wrote (and waiting for the high watermark
 * to cover it), NOT_COORDINATOR once leadership is gone, a failed write discarding the shard and
 * reloading it from the log, and session expiry written by the shard's timer.
 */

import {
  DEFAULT_GROUP_COORDINATOR_CONFIG,
  EMPTY_TOPIC_PARTITIONS,
  type GroupCoordinatorShard,
  type HeartbeatRequest,
} from "@rill/group";
import { MetadataImage } from "@rill/metadata";
import { isRillError, iterateRecordBatches, RillError, setBaseOffset } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { createLogger } from "@rill/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { sequentialIds } from "../../../../packages/group/test/sequential-ids.js";
import { GroupCoordinator } from "../../src/group/group-coordinator.js";
import { OFFSETS_TOPIC } from "../../src/group/offsets-topic.js";
import type { PartitionReplica } from "../../src/replica/partition-replica.js";
import { PartitionSignal } from "../../src/replica/partition-signal.js";

const GROUP = "g";

/** The offsets partition as the coordinator uses it: a leader, its log and its high watermark. */
class FakeOffsetsReplica {
  leaderEpoch = 1;
  isLeader = true;
  /** When false, the high watermark stays where it is until `commitAll`. */
  commitsAtOnce = true;
  failNextWrite: RillError | undefined;
  highWatermark = 0;
  readonly highWatermarkMoved = new PartitionSignal();
  readonly #batches: { baseOffset: number; lastOffset: number; bytes: Buffer }[] = [];
  #logEndOffset = 0;

  readonly log = {
    logStartOffset: 0,
    logEnd: () => this.#logEndOffset,
    read: async (offset: number, _maxBytes: number, options: { maxOffset?: number }) => {
      const maxOffset = options.maxOffset ?? this.#logEndOffset;
      const batches = this.#batches.filter(
        (batch) => batch.lastOffset >= offset && batch.lastOffset < maxOffset,
      );
      return {
        bytes: Buffer.concat(batches.map((batch) => batch.bytes)),
        nextOffset: batches.length === 0 ? offset : (batches.at(-1)?.lastOffset ?? offset) + 1,
        fromTailCache: false,
      };
    },
  };

  constructor() {
    Object.defineProperty(this.log, "logEndOffset", { get: () => this.#logEndOffset });
  }

  activeLeader(): { leaderEpoch: number } | undefined {
    return this.isLeader ? { leaderEpoch: this.leaderEpoch } : undefined;
  }

  async produce(input: { bytes: Buffer }) {
    const failure = this.failNextWrite;
    if (failure !== undefined) {
      this.failNextWrite = undefined;
      return { kind: "error" as const, error: failure };
    }
    const bytes = Buffer.from(input.bytes);
    const header = [...iterateRecordBatches(bytes)][0];
    if (header === undefined) throw new Error("no batch");
    setBaseOffset(bytes, 0, this.#logEndOffset);
    this.#batches.push({
      baseOffset: this.#logEndOffset,
      lastOffset: this.#logEndOffset + header.lastOffsetDelta,
      bytes,
    });
    this.#logEndOffset += header.lastOffsetDelta + 1;
    if (this.commitsAtOnce) this.commitAll();
    return { kind: "appended" as const };
  }

  commitAll(): void {
    this.highWatermark = this.#logEndOffset;
    this.highWatermarkMoved.notify();
  }
}

function imageWithOffsetsTopic(): MetadataImage {
  return MetadataImage.EMPTY.apply(
    [
      {
        type: "RegisterBroker",
        brokerId: nodeId(101),
        incarnationId: "i-101",
        brokerEpoch: 1,
        endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: 19101 }],
        rack: null,
        fenced: false,
        inControlledShutdown: false,
        registeredOffset: 0,
      },
      { type: "Topic", name: OFFSETS_TOPIC, topicId: "id-offsets" },
      {
        type: "Partition",
        topicId: "id-offsets",
        partition: 0,
        replicas: [nodeId(101)],
        isr: [nodeId(101)],
        leader: nodeId(101),
        leaderEpoch: 1,
        partitionEpoch: 1,
        addingReplicas: [],
        removingReplicas: [],
      },
      { type: "Topic", name: "t", topicId: "id-t" },
      ...[0, 1].map((partition) => ({
        type: "Partition" as const,
        topicId: "id-t",
        partition,
        replicas: [nodeId(101)],
        isr: [nodeId(101)],
        leader: nodeId(101),
        leaderEpoch: 1,
        partitionEpoch: 1,
        addingReplicas: [],
        removingReplicas: [],
      })),
    ],
    1,
  );
}

const coordinators: GroupCoordinator[] = [];
afterEach(async () => {
  for (const coordinator of coordinators.splice(0)) await coordinator.close();
});

function start(
  replica: FakeOffsetsReplica,
  image: MetadataImage = imageWithOffsetsTopic(),
  sessionAlive: () => boolean = () => true,
): { coordinator: GroupCoordinator; rolesChanged: PartitionSignal } {
  const rolesChanged = new PartitionSignal();
  const coordinator = new GroupCoordinator({
    replicas: {
      image: () => image,
      lookup: (topic, partition) =>
        topic === OFFSETS_TOPIC && partition === 0
          ? (replica as unknown as PartitionReplica)
          : new RillError("UNKNOWN_TOPIC_OR_PARTITION", `${topic}-${partition}`),
      rolesChanged,
    },
    config: { ...DEFAULT_GROUP_COORDINATOR_CONFIG, newMemberId: sequentialIds("m") },
    logger: createLogger({ name: "broker", level: "silent" }),
    writeTimeoutMs: 1_000,
    retentionCheckIntervalMs: 60_000,
    sessionAlive,
  });
  coordinators.push(coordinator);
  coordinator.start();
  return { coordinator, rolesChanged };
}

function joinRequest(sessionTimeoutMs?: number): HeartbeatRequest {
  return {
    groupId: GROUP,
    memberId: "",
    memberEpoch: 0,
    instanceId: "",
    rackId: "",
    clientId: "c",
    clientHost: "h",
    rebalanceTimeoutMs: undefined,
    sessionTimeoutMs,
    subscribedTopicNames: ["t"],
    subscribedTopicRegex: undefined,
    serverAssignor: undefined,
    ownedPartitions: EMPTY_TOPIC_PARTITIONS,
  };
}

const commit = (shard: GroupCoordinatorShard, offset: number, nowMs: number) =>
  shard.commitOffsets(
    GROUP,
    { memberId: "", instanceId: "", generationId: -1 },
    [{ topic: "t", partition: 0, offset, leaderEpoch: -1, metadata: "" }],
    nowMs,
    new Map([["t", { partitionCount: 2, partitionRacks: [] }]]),
  );

async function committedOffset(coordinator: GroupCoordinator): Promise<number | undefined> {
  return coordinator.read(
    GROUP,
    (shard) => shard.fetchOffsets(GROUP, [{ topic: "t", partitions: [0] }])[0]?.committed?.offset,
  );
}

async function errorNameOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (isRillError(error)) return error.errorName;
    throw error;
  }
}

/** Waits until the coordinator serves the group (its load finished). */
async function whenServing(coordinator: GroupCoordinator): Promise<void> {
  await waitFor(async () => (await errorNameOf(coordinator.read(GROUP, () => true))) === undefined, {
    timeoutMs: 10_000,
    intervalMs: 50,
    message: "the coordinator to serve",
  });
}

describe("GroupCoordinator (broker runtime)", () => {
  it("answers COORDINATOR_NOT_AVAILABLE without the offsets topic", async () => {
    const { coordinator } = start(new FakeOffsetsReplica(), MetadataImage.EMPTY);
    expect(await errorNameOf(coordinator.read(GROUP, () => true))).toBe("COORDINATOR_NOT_AVAILABLE");
  });

  it("loads what an earlier coordinator wrote, serving it only once the high watermark covers it", async () => {
    const replica = new FakeOffsetsReplica();
    const first = start(replica).coordinator;
    await whenServing(first);
    // Committed outside membership while the group has no members yet, then a member joins.
    await first.run(GROUP, (shard, nowMs) => commit(shard, 42, nowMs));
    const joined = await first.run(GROUP, (shard, nowMs, topics) =>
      shard.heartbeat(joinRequest(), nowMs, topics),
    );
    await first.close();

    // A new leader whose high watermark has not reached its log end yet.
    replica.highWatermark = 0;
    replica.leaderEpoch = 2;
    const second = start(replica).coordinator;
    expect(await errorNameOf(second.read(GROUP, () => true))).toBe("COORDINATOR_LOAD_IN_PROGRESS");
    replica.commitAll();
    await whenServing(second);
    expect(await committedOffset(second)).toBe(42);
    const member = await second.read(GROUP, (shard) => shard.group(GROUP)?.members.get(joined.memberId));
    expect(member?.memberEpoch).toBe(joined.memberEpoch);
  });

  it("answers NOT_COORDINATOR once leadership is gone, and loads again when it comes back", async () => {
    const replica = new FakeOffsetsReplica();
    const { coordinator, rolesChanged } = start(replica);
    await whenServing(coordinator);
    await coordinator.run(GROUP, (shard, nowMs) => commit(shard, 7, nowMs));
    replica.isLeader = false;
    rolesChanged.notify();
    expect(await errorNameOf(coordinator.read(GROUP, () => true))).toBe("NOT_COORDINATOR");
    replica.isLeader = true;
    replica.leaderEpoch = 3;
    rolesChanged.notify();
    await whenServing(coordinator);
    expect(await committedOffset(coordinator)).toBe(7);
  });

  it("stops serving while the controllers may have fenced its broker, and serves again after", async () => {
    // A leader cut off from the controllers past a session may have been deposed without knowing
    // it: its committed offsets may be stale (read from such a broker, a group's committed offset
    // went backwards in a fault soak).
    let alive = true;
    const { coordinator } = start(new FakeOffsetsReplica(), imageWithOffsetsTopic(), () => alive);
    await whenServing(coordinator);
    await coordinator.run(GROUP, (shard, nowMs) => commit(shard, 9, nowMs));
    alive = false;
    expect(await errorNameOf(coordinator.read(GROUP, () => true))).toBe("COORDINATOR_NOT_AVAILABLE");
    expect(await errorNameOf(coordinator.run(GROUP, (shard, nowMs) => commit(shard, 10, nowMs)))).toBe(
      "COORDINATOR_NOT_AVAILABLE",
    );
    alive = true;
    expect(await committedOffset(coordinator)).toBe(9);
  });

  it("discards the shard after a failed write and reloads it from the log", async () => {
    const replica = new FakeOffsetsReplica();
    const { coordinator } = start(replica);
    await whenServing(coordinator);
    await coordinator.run(GROUP, (shard, nowMs) => commit(shard, 10, nowMs));
    replica.failNextWrite = new RillError("NOT_ENOUGH_REPLICAS", "ISR too small");
    expect(await errorNameOf(coordinator.run(GROUP, (shard, nowMs) => commit(shard, 20, nowMs)))).toBe(
      "COORDINATOR_NOT_AVAILABLE",
    );
    await whenServing(coordinator);
    // The shard had applied 20 before the write failed; the log says 10.
    expect(await committedOffset(coordinator)).toBe(10);
    replica.failNextWrite = new RillError("REQUEST_TIMED_OUT", "no acks in time");
    expect(await errorNameOf(coordinator.run(GROUP, (shard, nowMs) => commit(shard, 30, nowMs)))).toBe(
      "REQUEST_TIMED_OUT",
    );
  });

  it("reloads the shard from the log after an operation failed with a bug midway", async () => {
    const replica = new FakeOffsetsReplica();
    const { coordinator } = start(replica);
    await whenServing(coordinator);
    await coordinator.run(GROUP, (shard, nowMs) => commit(shard, 5, nowMs));
    const buggy = coordinator.run(GROUP, (shard, nowMs) => {
      commit(shard, 99, nowMs);
      throw new Error("a bug after changing the shard");
    });
    await expect(buggy).rejects.toThrow("a bug after changing the shard");
    await whenServing(coordinator);
    expect(await committedOffset(coordinator)).toBe(5);
  });

  it("removes a member whose session ran out and writes it down", async () => {
    const replica = new FakeOffsetsReplica();
    const { coordinator } = start(replica);
    await whenServing(coordinator);
    await coordinator.run(GROUP, (shard, nowMs, topics) => shard.heartbeat(joinRequest(200), nowMs, topics));
    await waitFor(
      async () => (await coordinator.read(GROUP, (shard) => shard.group(GROUP)?.members.size)) === 0,
      { timeoutMs: 10_000, intervalMs: 50, message: "the member to expire" },
    );
    // A new coordinator on the same log agrees.
    await coordinator.close();
    replica.leaderEpoch = 4;
    const next = start(replica).coordinator;
    await whenServing(next);
    expect(await next.read(GROUP, (shard) => shard.group(GROUP)?.members.size)).toBe(0);
  });
});
