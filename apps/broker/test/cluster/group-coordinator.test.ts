/**
 * Real processes (3 controllers + 3 brokers on 127.0.0.1) driving GroupService with the generated
 * gRPC client, as a stock client in any language would: __consumer_offsets created on first use,
 * three members sharing a 12-partition topic (each partition owned by exactly one), a fourth
 * member receiving partitions only after their old owners confirmed the revocation, offsets
 * committed under member epochs, and kill -9 of the coordinator's broker: the new coordinator
 * answers every committed offset and has the group's members and epochs; lag in DescribeGroupOffsets
 * and in the coordinator's Prometheus gauges.
 */

import { DataClient } from "@rill/client";
import {
  callUnary,
  createGroupClient,
  encodeRecordBatch,
  type GroupV1,
  isRillError,
  type UnaryMethodName,
  type UnaryRequest,
  type UnaryResponse,
} from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";

const SESSION_TIMEOUT_MS = 3_000;
const MEMBER_SESSION_TIMEOUT_MS = 30_000;
const WAIT_MS = 60_000;
const TOPIC = "orders";
const PARTITIONS = 12;
const GROUP = "billing";
/** Records produced to each partition before the lag check; commits leave 50 - partition unread. */
const RECORDS_PER_PARTITION = 250;

type GroupClient = GroupV1.GroupServiceClient;

let cluster: LocalCluster;
const clients = new Map<string, GroupClient>();

beforeAll(async () => {
  cluster = await LocalCluster.start({
    controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "replica.lag.time.max.ms": "4000",
      "offsets.topic.num.partitions": "6",
    },
  });
  await cluster.createTopic(TOPIC, { partitions: PARTITIONS, replicationFactor: 3 });
  await cluster.waitForLeaders(TOPIC, PARTITIONS);
}, 180_000);

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await cluster?.close();
});

function clientFor(address: string): GroupClient {
  let client = clients.get(address);
  if (client === undefined) {
    client = createGroupClient(address);
    clients.set(address, client);
  }
  return client;
}

/** The coordinator of GROUP as FindCoordinator on a running broker says (waits while none). */
async function findCoordinator(): Promise<{ nodeId: number; address: string }> {
  return waitFor(
    async () => {
      const broker = cluster.brokers.find((entry) => cluster.isRunning(entry.nodeId));
      if (broker === undefined) return undefined;
      const response = await callUnary(
        clientFor(broker.address),
        "findCoordinator",
        { keyType: "COORDINATOR_TYPE_GROUP", keys: [GROUP] },
        { timeoutMs: 5_000 },
      );
      const found = response.coordinators[0];
      if (found === undefined || found.errorCode !== 0) return undefined;
      if (!cluster.isRunning(found.nodeId)) return undefined;
      return { nodeId: found.nodeId, address: `${found.host}:${found.port}` };
    },
    { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: `a coordinator for ${GROUP}` },
  );
}

/**
 * Calls the coordinator, finding it again and retrying while it moves or loads (the errors a
 * client retries: NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE).
 */
async function callCoordinator<K extends UnaryMethodName<GroupClient>>(
  method: K,
  request: UnaryRequest<GroupClient[K]>,
): Promise<UnaryResponse<GroupClient[K]>> {
  return waitFor(
    async () => {
      const { address } = await findCoordinator();
      try {
        return await callUnary(clientFor(address), method, request, { timeoutMs: 10_000 });
      } catch (error) {
        if (
          isRillError(error) &&
          [
            "NOT_COORDINATOR",
            "COORDINATOR_LOAD_IN_PROGRESS",
            "COORDINATOR_NOT_AVAILABLE",
            "NETWORK_EXCEPTION",
          ].includes(error.errorName)
        ) {
          return undefined;
        }
        throw error;
      }
    },
    { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: `${String(method)} on the coordinator` },
  );
}

/** A member as a client runs it: revokes at once unless told to hold, reports what it owns. */
class TestMember {
  memberId = "";
  epoch = 0;
  owned = new Set<number>();
  /** Partitions the coordinator took away that this member has not given up yet. */
  revoking = new Set<number>();

  constructor(readonly name: string) {}

  /** One heartbeat; with `holdRevocation` the member keeps revoked partitions (slow to revoke). */
  async heartbeat(
    options: { holdRevocation?: boolean } = {},
  ): Promise<GroupV1.ConsumerGroupHeartbeatResponse__Output> {
    if (options.holdRevocation !== true) this.revoking.clear();
    const owned = [...this.owned, ...this.revoking].sort((a, b) => a - b);
    const response = await callCoordinator("consumerGroupHeartbeat", {
      groupId: GROUP,
      memberId: this.memberId,
      memberEpoch: this.epoch,
      instanceId: "",
      rackId: "",
      rebalanceTimeoutMs: 60_000,
      sessionTimeoutMs: this.epoch === 0 ? MEMBER_SESSION_TIMEOUT_MS : 0,
      subscribedTopicNames: this.epoch === 0 ? [TOPIC] : [],
      subscribedTopicNamesSet: this.epoch === 0,
      serverAssignor: "",
      ownedPartitions: owned.length === 0 ? [] : [{ topic: TOPIC, partitions: owned }],
      ownedPartitionsSet: true,
      clientId: this.name,
    });
    this.memberId = response.memberId;
    this.epoch = response.memberEpoch;
    if (response.hasAssignment) {
      const assigned = new Set(response.assignment.find((entry) => entry.topic === TOPIC)?.partitions ?? []);
      for (const partition of this.owned) if (!assigned.has(partition)) this.revoking.add(partition);
      this.owned = assigned;
    }
    return response;
  }

  /** Everything the member holds now: its assignment and what it has not revoked yet. */
  holding(): Set<number> {
    return new Set([...this.owned, ...this.revoking]);
  }
}

/** No partition held by two members at once. */
function expectDisjoint(members: readonly TestMember[]): void {
  const seen = new Map<number, string>();
  for (const member of members) {
    for (const partition of member.holding()) {
      expect(
        seen.get(partition),
        `partition ${partition} held by ${seen.get(partition)} and ${member.name}`,
      ).toBe(undefined);
      seen.set(partition, member.name);
    }
  }
}

/** Heartbeats every member in rounds until each holds `share` partitions and all are owned. */
async function heartbeatUntilBalanced(members: readonly TestMember[]): Promise<void> {
  await waitFor(
    async () => {
      for (const member of members) {
        await member.heartbeat();
        expectDisjoint(members);
      }
      const counts = members.map((member) => member.owned.size);
      const total = counts.reduce((sum, count) => sum + count, 0);
      return total === PARTITIONS && Math.max(...counts) - Math.min(...counts) <= 1;
    },
    { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "a balanced assignment" },
  );
}

function commitRequest(
  member: TestMember,
  offsetOf: (partition: number) => number,
): GroupV1.OffsetCommitRequest {
  return {
    groupId: GROUP,
    generationId: member.epoch,
    memberId: member.memberId,
    groupInstanceId: "",
    topics: [
      {
        name: TOPIC,
        partitions: [...member.owned].map((partition) => ({
          partitionIndex: partition,
          committedOffset: offsetOf(partition),
          committedLeaderEpoch: -1,
          committedMetadata: `by ${member.name}`,
        })),
      },
    ],
  };
}

describe("the group coordinator on real brokers", () => {
  const members = [new TestMember("a"), new TestMember("b"), new TestMember("c")];
  const committed = new Map<number, number>();

  it("creates __consumer_offsets on first use and shares 12 partitions among 3 members", async () => {
    await findCoordinator();
    await heartbeatUntilBalanced(members);
    for (const member of members) expect(member.owned.size).toBe(PARTITIONS / members.length);
  });

  it("gives a joining member partitions only after their old owners confirmed the revocation", async () => {
    const joiner = new TestMember("d");
    const all = [...members, joiner];
    await joiner.heartbeat();
    // The old owners hear of the new target and are told to revoke, but hold on to the partitions.
    for (const member of members) await member.heartbeat({ holdRevocation: true });
    const revoking = members.flatMap((member) => [...member.revoking]);
    expect(revoking.length).toBeGreaterThan(0);
    await joiner.heartbeat();
    expectDisjoint(all);
    for (const partition of revoking) expect(joiner.owned.has(partition)).toBe(false);
    // Once they confirm, the joiner gets them.
    await heartbeatUntilBalanced(all);
    for (const partition of revoking) expect(all.some((member) => member.owned.has(partition))).toBe(true);
    // It leaves again: its partitions are free at once.
    await callCoordinator("consumerGroupHeartbeat", {
      groupId: GROUP,
      memberId: joiner.memberId,
      memberEpoch: -1,
      instanceId: "",
      rackId: "",
      rebalanceTimeoutMs: 0,
      sessionTimeoutMs: 0,
      subscribedTopicNames: [],
      subscribedTopicNamesSet: false,
      serverAssignor: "",
      ownedPartitions: [],
      ownedPartitionsSet: false,
      clientId: "d",
    });
    await heartbeatUntilBalanced(members);
  });

  it("commits offsets under the member epoch and fetches them back", async () => {
    for (const member of members) {
      const response = await callCoordinator(
        "offsetCommit",
        commitRequest(member, (partition) => 100 + partition),
      );
      for (const partition of response.topics.flatMap((topic) => topic.partitions)) {
        expect(partition.errorCode).toBe(0);
        committed.set(partition.partitionIndex, 100 + partition.partitionIndex);
      }
    }
    // An older epoch is stale; a commit outside membership is refused while the group has members.
    const stale = await callCoordinator("offsetCommit", {
      ...commitRequest(members[0] as TestMember, () => 1),
      generationId: (members[0] as TestMember).epoch - 1,
    });
    expect(stale.topics[0]?.partitions[0]?.errorCode).toBe(113); // STALE_MEMBER_EPOCH
    const outside = await callCoordinator("offsetCommit", {
      ...commitRequest(members[0] as TestMember, () => 1),
      generationId: -1,
      memberId: "",
    });
    expect(outside.topics[0]?.partitions[0]?.errorCode).toBe(25); // UNKNOWN_MEMBER_ID
    const fetched = await callCoordinator("offsetFetch", {
      groupId: GROUP,
      topics: [],
      requireStable: false,
    });
    const offsets = new Map(
      (fetched.topics.find((topic) => topic.name === TOPIC)?.partitions ?? []).map((partition) => [
        partition.partitionIndex,
        partition.committedOffset,
      ]),
    );
    expect(offsets).toEqual(committed);
  });

  it("keeps every committed offset and the group when the coordinator's broker is killed with kill -9", async () => {
    const before = await findCoordinator();
    const described = await callCoordinator("describeGroups", { groupIds: [GROUP] });
    const epochs = new Map(
      described.groups[0]?.members.map((member) => [member.memberId, member.memberEpoch]),
    );
    expect(epochs.size).toBe(members.length);

    await cluster.kill(before.nodeId);
    const after = await findCoordinator();
    expect(after.nodeId).not.toBe(before.nodeId);

    const fetched = await callCoordinator("offsetFetch", {
      groupId: GROUP,
      topics: [],
      requireStable: false,
    });
    const offsets = new Map(
      (fetched.topics.find((topic) => topic.name === TOPIC)?.partitions ?? []).map((partition) => [
        partition.partitionIndex,
        partition.committedOffset,
      ]),
    );
    expect(offsets).toEqual(committed);

    const restored = await callCoordinator("describeGroups", { groupIds: [GROUP] });
    expect(restored.groups[0]?.errorCode).toBe(0);
    expect(
      new Map(restored.groups[0]?.members.map((member) => [member.memberId, member.memberEpoch])),
    ).toEqual(epochs);
    // The members carry on with their epochs at the new coordinator (nobody is fenced).
    for (const member of members) {
      const epoch = member.epoch;
      await member.heartbeat();
      expect(member.epoch).toBe(epoch);
    }
    expectDisjoint(members);
    // Commits go on at the new coordinator, and never go backwards.
    for (const member of members) {
      const response = await callCoordinator(
        "offsetCommit",
        commitRequest(member, (partition) => 200 + partition),
      );
      for (const partition of response.topics.flatMap((topic) => topic.partitions)) {
        expect(partition.errorCode).toBe(0);
      }
    }
  });

  it("reports lag in records and time, per partition and as Prometheus gauges", async () => {
    const producer = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 5_000 });
    const producedAtMs = Date.now();
    try {
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        const records = Array.from({ length: RECORDS_PER_PARTITION }, () => ({
          key: null,
          value: new TextEncoder().encode(`record of ${partition}`),
          timestamp: producedAtMs,
        }));
        await producer.produce({
          topic: TOPIC,
          partition,
          batch: encodeRecordBatch({ records }),
          acks: "all",
        });
      }
    } finally {
      producer.close();
    }
    const lag = await callCoordinator("describeGroupOffsets", { groupIds: [GROUP] });
    expect(lag.groups[0]?.errorCode).toBe(0);
    const rows = lag.groups[0]?.partitions ?? [];
    expect(rows.map((row) => [row.partition, row.committedOffset, row.logEndOffset, row.lagRecords])).toEqual(
      Array.from({ length: PARTITIONS }, (_, partition) => [
        partition,
        200 + partition,
        RECORDS_PER_PARTITION,
        RECORDS_PER_PARTITION - 200 - partition,
      ]),
    );
    for (const row of rows) {
      expect(row.lagMs).toBeGreaterThanOrEqual(0);
      expect(row.lagMs).toBeLessThanOrEqual(Date.now() - producedAtMs);
      expect(row.memberId).not.toBe("");
    }
    const { nodeId } = await findCoordinator();
    const broker = cluster.process(nodeId);
    const scraped = await (await fetch(`http://${broker.host}:${broker.metricsPort}/metrics`)).text();
    // Every metric of the process also carries its node_id label.
    expect(scraped).toContain(
      `rill_group_lag_records{group="${GROUP}",topic="${TOPIC}",partition="0",node_id="${nodeId}"} 50`,
    );
    expect(scraped).toMatch(
      new RegExp(
        `rill_group_lag_seconds\\{group="${GROUP}",topic="${TOPIC}",partition="11",node_id="${nodeId}"\\} [0-9.e-]+`,
      ),
    );
  });
});
