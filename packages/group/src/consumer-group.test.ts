import { isRillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { sequentialIds } from "../test/sequential-ids.js";
import type { ClusterTopics } from "./cluster-topics.js";
import { ConsumerGroup, type HeartbeatRequest } from "./consumer-group.js";
import { DEFAULT_GROUP_COORDINATOR_CONFIG, type GroupCoordinatorConfig } from "./group-config.js";
import {
  countPartitions,
  EMPTY_TOPIC_PARTITIONS,
  type TopicPartitions,
  topicPartitionsOf,
} from "./topic-partitions.js";

function config(): GroupCoordinatorConfig {
  return { ...DEFAULT_GROUP_COORDINATOR_CONFIG, newMemberId: sequentialIds("m") };
}

function topics(entries: Record<string, number>): ClusterTopics {
  return new Map(
    Object.entries(entries).map(([name, partitionCount]) => [name, { partitionCount, partitionRacks: [] }]),
  );
}

function request(overrides: Partial<HeartbeatRequest>): HeartbeatRequest {
  return {
    groupId: "g",
    memberId: "",
    memberEpoch: 0,
    instanceId: "",
    rackId: "",
    clientId: "client",
    clientHost: "host",
    rebalanceTimeoutMs: undefined,
    sessionTimeoutMs: undefined,
    subscribedTopicNames: undefined,
    subscribedTopicRegex: undefined,
    serverAssignor: undefined,
    ownedPartitions: undefined,
    ...overrides,
  };
}

function errorName(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (isRillError(error)) return error.errorName;
    throw error;
  }
}

const T = topics({ t: 6 });

/** Heartbeats every member (confirming revocations) until the group is stable. */
function settle(group: ConsumerGroup, nowMs: number, topicsNow: ClusterTopics = T): void {
  for (let round = 0; round < 10 && group.state !== "stable"; round += 1) {
    for (const member of [...group.members.values()]) {
      if (member.memberEpoch < 0) continue;
      group.heartbeat(
        request({
          memberId: member.memberId,
          memberEpoch: member.memberEpoch,
          instanceId: member.instanceId,
          ownedPartitions: member.assigned,
        }),
        nowMs,
        topicsNow,
      );
    }
  }
}

function join(group: ConsumerGroup, nowMs = 0, extra: Partial<HeartbeatRequest> = {}) {
  return group.heartbeat(
    request({ subscribedTopicNames: ["t"], ownedPartitions: EMPTY_TOPIC_PARTITIONS, ...extra }),
    nowMs,
    T,
  );
}

describe("ConsumerGroup heartbeats", () => {
  it("gives the first member every partition at the first group epoch", () => {
    const group = new ConsumerGroup("g", config(), 0);
    const response = join(group);
    expect(response.memberId).toBe("m1");
    expect(response.memberEpoch).toBe(1);
    expect(response.assignment).toEqual(topicPartitionsOf([["t", [0, 1, 2, 3, 4, 5]]]));
    expect(group.state).toBe("stable");
  });

  it("revokes from the old owner first and gives the partitions only after its confirmation", () => {
    const group = new ConsumerGroup("g", config(), 0);
    const first = join(group);
    const second = join(group);
    // The joiner is at the new epoch with nothing yet: its share is still owned by m1.
    expect(second.memberEpoch).toBe(2);
    expect(countPartitions(second.assignment ?? EMPTY_TOPIC_PARTITIONS)).toBe(0);
    expect(group.state).toBe("reconciling");
    // m1 hears of it: its assignment shrinks, it keeps its epoch until it confirms.
    const revoke = group.heartbeat(
      request({ memberId: first.memberId, memberEpoch: 1, ownedPartitions: first.assignment }),
      1,
      T,
    );
    expect(revoke.memberEpoch).toBe(1);
    const kept = revoke.assignment ?? EMPTY_TOPIC_PARTITIONS;
    expect(countPartitions(kept)).toBe(3);
    // Until m1 confirms, m2 gets nothing.
    const waiting = group.heartbeat(request({ memberId: "m2", memberEpoch: 2 }), 2, T);
    expect(countPartitions(group.members.get("m2")?.assigned ?? EMPTY_TOPIC_PARTITIONS)).toBe(0);
    expect(waiting.memberEpoch).toBe(2);
    // m1 confirms (its owned set no longer lists them) and moves to epoch 2; then m2 gets them.
    const confirmed = group.heartbeat(
      request({ memberId: "m1", memberEpoch: 1, ownedPartitions: kept }),
      3,
      T,
    );
    expect(confirmed.memberEpoch).toBe(2);
    const given = group.heartbeat(request({ memberId: "m2", memberEpoch: 2 }), 4, T);
    expect(countPartitions(given.assignment ?? EMPTY_TOPIC_PARTITIONS)).toBe(3);
    expect(group.state).toBe("stable");
  });

  it("fences unknown members and wrong epochs, and accepts a retry at the previous epoch", () => {
    const group = new ConsumerGroup("g", config(), 0);
    const tu = topics({ t: 6, u: 2 });
    group.heartbeat(request({ subscribedTopicNames: ["t"] }), 0, tu);
    // A member of another topic joins: m1 moves to epoch 2 with nothing to revoke; that answer is lost.
    group.heartbeat(request({ subscribedTopicNames: ["u"] }), 0, tu);
    expect(group.heartbeat(request({ memberId: "m1", memberEpoch: 1 }), 1, tu).memberEpoch).toBe(2);
    // The retry at the previous epoch is fine; an owned partition it was never given is not.
    expect(group.heartbeat(request({ memberId: "m1", memberEpoch: 1 }), 1, tu).memberEpoch).toBe(2);
    expect(
      errorName(() =>
        group.heartbeat(
          request({ memberId: "m1", memberEpoch: 1, ownedPartitions: topicPartitionsOf([["u", [0]]]) }),
          1,
          tu,
        ),
      ),
    ).toBe("FENCED_MEMBER_EPOCH");
    expect(errorName(() => group.heartbeat(request({ memberId: "nope", memberEpoch: 1 }), 1, T))).toBe(
      "UNKNOWN_MEMBER_ID",
    );
    expect(errorName(() => group.heartbeat(request({ memberId: "m1", memberEpoch: 7 }), 1, T))).toBe(
      "FENCED_MEMBER_EPOCH",
    );
  });

  it("refuses malformed heartbeats with INVALID_REQUEST and unknown assignors with UNSUPPORTED_ASSIGNOR", () => {
    const group = new ConsumerGroup("g", config(), 0);
    expect(errorName(() => group.heartbeat(request({}), 0, T))).toBe("INVALID_REQUEST");
    expect(errorName(() => group.heartbeat(request({ memberEpoch: 3 }), 0, T))).toBe("INVALID_REQUEST");
    expect(errorName(() => join(group, 0, { subscribedTopicRegex: "(" }))).toBe("INVALID_REQUEST");
    expect(errorName(() => join(group, 0, { sessionTimeoutMs: 1 }))).toBe("INVALID_REQUEST");
    expect(errorName(() => join(group, 0, { serverAssignor: "sticky" }))).toBe("UNSUPPORTED_ASSIGNOR");
    expect(group.members.size).toBe(0);
  });

  it("refuses a member beyond group.consumer.max.size, changing nothing", () => {
    const group = new ConsumerGroup("g", { ...config(), membersMax: 2 }, 0);
    join(group);
    join(group);
    const before = group.snapshot();
    expect(errorName(() => join(group))).toBe("GROUP_MAX_SIZE_REACHED");
    expect(group.snapshot()).toEqual(before);
    // A member starting over with its own id is not a new member.
    expect(join(group, 1, { memberId: "m1" }).memberId).toBe("m1");
  });

  it("frees a leaving member's partitions at once", () => {
    const group = new ConsumerGroup("g", config(), 0);
    join(group);
    join(group);
    settle(group, 1);
    const left = group.heartbeat(request({ memberId: "m2", memberEpoch: -1 }), 2, T);
    expect(left.memberEpoch).toBe(-1);
    const m1 = group.members.get("m1");
    const back = group.heartbeat(
      request({ memberId: "m1", memberEpoch: m1?.memberEpoch ?? 0, ownedPartitions: m1?.assigned }),
      3,
      T,
    );
    expect(countPartitions(back.assignment ?? EMPTY_TOPIC_PARTITIONS)).toBe(6);
  });

  it("expires members whose session passed and fences those that do not revoke in time", () => {
    const group = new ConsumerGroup("g", config(), 0);
    join(group, 0, { sessionTimeoutMs: 1_000, rebalanceTimeoutMs: 500 });
    join(group, 0, { sessionTimeoutMs: 10_000 });
    group.heartbeat(
      request({
        memberId: "m1",
        memberEpoch: 1,
        ownedPartitions: topicPartitionsOf([["t", [0, 1, 2, 3, 4, 5]]]),
      }),
      100,
      T,
    );
    expect(group.members.get("m1")?.state).toBe("unrevoked-partitions");
    expect(group.expireMembers(599, T)).toBe(false);
    expect(group.expireMembers(600, T)).toBe(true);
    expect([...group.members.keys()]).toEqual(["m2"]);
    expect(group.nextDeadlineMs()).toBe(10_000);
    expect(group.expireMembers(10_000, T)).toBe(true);
    expect(group.state).toBe("empty");
    expect(group.emptySinceMs).toBe(10_000);
  });

  it("keeps a static member's partitions while it restarts, and gives them back without moving others", () => {
    const group = new ConsumerGroup("g", config(), 0);
    join(group, 0, { instanceId: "i1" });
    join(group);
    settle(group, 1);
    const before = group.members.get("m1")?.assigned as TopicPartitions;
    const epochBefore = group.groupEpoch;
    // Another process with the same instance id while m1 is still there: refused.
    expect(errorName(() => join(group, 2, { instanceId: "i1" }))).toBe("UNRELEASED_INSTANCE_ID");
    expect(
      group.heartbeat(request({ memberId: "m1", memberEpoch: -2, instanceId: "i1" }), 2, T).memberEpoch,
    ).toBe(-2);
    // Reserved: m2 does not get them.
    group.heartbeat(request({ memberId: "m2", memberEpoch: 2 }), 3, T);
    expect(countPartitions(group.members.get("m2")?.assigned ?? EMPTY_TOPIC_PARTITIONS)).toBe(3);
    const back = join(group, 4, { instanceId: "i1" });
    expect(back.assignment).toEqual(before);
    expect(group.groupEpoch).toBe(epochBefore);
    expect(group.members.has("m1")).toBe(false);
    expect(group.members.get(back.memberId)?.instanceId).toBe("i1");
  });

  it("picks up new partitions and topics that match a regex subscription", () => {
    const group = new ConsumerGroup("g", config(), 0);
    const first = group.heartbeat(
      request({ subscribedTopicRegex: "orders-.*", ownedPartitions: EMPTY_TOPIC_PARTITIONS }),
      0,
      topics({ "orders-eu": 2, other: 3, __consumer_offsets: 50 }),
    );
    expect(first.assignment).toEqual(topicPartitionsOf([["orders-eu", [0, 1]]]));
    const grown = topics({ "orders-eu": 3, "orders-us": 1, other: 3 });
    const later = group.heartbeat(
      request({ memberId: first.memberId, memberEpoch: first.memberEpoch }),
      1,
      grown,
    );
    expect(later.memberEpoch).toBe(first.memberEpoch + 1);
    expect(later.assignment).toEqual(
      topicPartitionsOf([
        ["orders-eu", [0, 1, 2]],
        ["orders-us", [0]],
      ]),
    );
  });

  it("survives a snapshot and restore with epochs and assignments", () => {
    const group = new ConsumerGroup("g", config(), 0);
    join(group);
    join(group);
    const restored = ConsumerGroup.restore("g", group.snapshot(), config(), 50);
    expect(restored.snapshot()).toEqual(group.snapshot());
    expect(restored.members.get("m1")?.sessionDeadlineMs).toBe(
      50 + DEFAULT_GROUP_COORDINATOR_CONFIG.sessionTimeoutMsDefault,
    );
  });
});
