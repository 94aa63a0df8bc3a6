import { describe, expect, it } from "vitest";
import { sequentialIds } from "../test/sequential-ids.js";
import type { ClusterTopics } from "./cluster-topics.js";
import type { HeartbeatRequest } from "./consumer-group.js";
import { GroupCoordinatorShard } from "./coordinator-shard.js";
import { DEFAULT_GROUP_COORDINATOR_CONFIG, type GroupCoordinatorConfig } from "./group-config.js";
import { decodeCoordinatorRecord, encodeCoordinatorRecord } from "./records.js";
import { EMPTY_TOPIC_PARTITIONS } from "./topic-partitions.js";

const DAY_MS = 24 * 60 * 60 * 1000;

function config(): GroupCoordinatorConfig {
  return { ...DEFAULT_GROUP_COORDINATOR_CONFIG, newMemberId: sequentialIds("m") };
}

const T: ClusterTopics = new Map([["t", { partitionCount: 4, partitionRacks: [] }]]);

function join(shard: GroupCoordinatorShard, groupId: string, nowMs = 0) {
  const request: HeartbeatRequest = {
    groupId,
    memberId: "",
    memberEpoch: 0,
    instanceId: "",
    rackId: "",
    clientId: "c",
    clientHost: "h",
    rebalanceTimeoutMs: undefined,
    sessionTimeoutMs: 1_000,
    subscribedTopicNames: ["t"],
    subscribedTopicRegex: undefined,
    serverAssignor: undefined,
    ownedPartitions: EMPTY_TOPIC_PARTITIONS,
  };
  return shard.heartbeat(request, nowMs, T);
}

const commit = (partition: number, offset: number, metadata = "") => ({
  topic: "t",
  partition,
  offset,
  leaderEpoch: 3,
  metadata,
});
const OUTSIDE = { memberId: "", instanceId: "", generationId: -1 };

/** Replays `records` (through the byte format) into a fresh shard: what a new coordinator sees. */
function reload(
  records: readonly Parameters<typeof encodeCoordinatorRecord>[0][],
  nowMs: number,
): GroupCoordinatorShard {
  const shard = new GroupCoordinatorShard(config());
  for (const record of records) {
    const { key, value } = encodeCoordinatorRecord(record);
    shard.replay(decodeCoordinatorRecord(key, value), nowMs);
  }
  return shard;
}

describe("GroupCoordinatorShard", () => {
  it("fences commits by member epoch: stale, fenced, unknown, outside membership", () => {
    const shard = new GroupCoordinatorShard(config());
    const member = join(shard, "g").response;
    const errors = (identity: { memberId: string; instanceId: string; generationId: number }) =>
      shard
        .commitOffsets("g", identity, [commit(0, 5)], 1, T)
        .response.map((result) => result.error?.errorName);
    expect(errors({ memberId: member.memberId, instanceId: "", generationId: member.memberEpoch })).toEqual([
      undefined,
    ]);
    expect(errors({ memberId: member.memberId, instanceId: "", generationId: 0 })).toEqual([
      "STALE_MEMBER_EPOCH",
    ]);
    expect(errors({ memberId: member.memberId, instanceId: "", generationId: 9 })).toEqual([
      "FENCED_MEMBER_EPOCH",
    ]);
    expect(errors({ memberId: "ghost", instanceId: "", generationId: 1 })).toEqual(["UNKNOWN_MEMBER_ID"]);
    expect(errors(OUTSIDE)).toEqual(["UNKNOWN_MEMBER_ID"]);
    // Outside membership is fine for a group without members (assign mode, admin resets).
    expect(shard.commitOffsets("other", OUTSIDE, [commit(1, 7)], 1, T).response[0]?.error).toBe(undefined);
  });

  it("checks each partition: unknown partitions, negative offsets and metadata over 4 KiB fail alone", () => {
    const shard = new GroupCoordinatorShard(config());
    const result = shard.commitOffsets(
      "g",
      OUTSIDE,
      [
        commit(0, 1),
        commit(9, 1),
        commit(1, -5),
        commit(2, 1, "x".repeat(4_097)),
        commit(3, 1, "é".repeat(2_048)),
      ],
      0,
      T,
    );
    expect(result.response.map((entry) => entry.error?.errorName)).toEqual([
      undefined,
      "UNKNOWN_TOPIC_OR_PARTITION",
      "INVALID_COMMIT_OFFSET_SIZE",
      "OFFSET_METADATA_TOO_LARGE",
      undefined,
    ]);
    expect(result.records.length).toBe(2);
    expect(
      shard
        .fetchOffsets("g", [{ topic: "t", partitions: [0, 1, 3] }])
        .map((entry) => entry.committed?.offset),
    ).toEqual([1, undefined, 1]);
  });

  it("restores groups and offsets from its records, and writes nothing for an unchanged group", () => {
    const shard = new GroupCoordinatorShard(config());
    const written = [...join(shard, "g").records];
    const member = shard.group("g")?.members.get("m1");
    written.push(
      ...shard.commitOffsets(
        "g",
        { memberId: "m1", instanceId: "", generationId: member?.memberEpoch ?? 0 },
        [commit(2, 42, "meta")],
        5,
        T,
      ).records,
    );
    const again = shard.heartbeat(
      {
        groupId: "g",
        memberId: "m1",
        memberEpoch: member?.memberEpoch ?? 0,
        instanceId: "",
        rackId: "",
        clientId: "c",
        clientHost: "h",
        rebalanceTimeoutMs: undefined,
        sessionTimeoutMs: undefined,
        subscribedTopicNames: undefined,
        subscribedTopicRegex: undefined,
        serverAssignor: undefined,
        ownedPartitions: undefined,
      },
      6,
      T,
    );
    expect(again.records).toEqual([]);
    const loaded = reload(written, 100);
    expect(loaded.group("g")?.snapshot()).toEqual(shard.group("g")?.snapshot());
    expect(loaded.fetchOffsets("g", undefined)).toEqual(shard.fetchOffsets("g", undefined));
  });

  it("deletes only empty groups, with tombstones for the group and its offsets", () => {
    const shard = new GroupCoordinatorShard(config());
    const records = [...join(shard, "busy").records];
    records.push(...shard.commitOffsets("idle", OUTSIDE, [commit(0, 1), commit(1, 2)], 0, T).records);
    expect(() => shard.deleteGroup("busy")).toThrow(
      expect.objectContaining({ errorName: "NON_EMPTY_GROUP" }),
    );
    expect(() => shard.deleteGroup("nobody")).toThrow(
      expect.objectContaining({ errorName: "GROUP_ID_NOT_FOUND" }),
    );
    const deleted = shard.deleteGroup("idle").records;
    expect(deleted.map((record) => record.value)).toEqual([null, null]);
    expect(shard.hasGroup("idle")).toBe(false);
    expect(reload([...records, ...deleted], 0).hasGroup("idle")).toBe(false);
  });

  it("expires offsets of empty groups after the retention, counted from when the group emptied", () => {
    const shard = new GroupCoordinatorShard(config());
    join(shard, "g", 0);
    shard.commitOffsets("g", { memberId: "m1", instanceId: "", generationId: 1 }, [commit(0, 1)], 0, T);
    shard.commitOffsets("lonely", OUTSIDE, [commit(0, 1)], 0, T);
    // The member's session (1 s) ends at 1 000: the group is empty from then on.
    expect(shard.tick(1_000, T).some((record) => record.kind === "group")).toBe(true);
    const retention = DEFAULT_GROUP_COORDINATOR_CONFIG.offsetsRetentionMs;
    expect(retention).toBe(7 * DAY_MS);
    const first = shard.tick(retention, T);
    expect(first).toEqual([{ kind: "offset", groupId: "lonely", topic: "t", partition: 0, value: null }]);
    const second = shard.tick(1_000 + retention, T);
    expect(second.map((record) => [record.kind, record.groupId, record.value])).toEqual([
      ["offset", "g", null],
      ["group", "g", null],
    ]);
    expect(shard.listGroups()).toEqual([]);
  });

  it("deletes a group that never committed once it has been empty for the retention", () => {
    const shard = new GroupCoordinatorShard(config());
    join(shard, "g", 0);
    shard.tick(1_000, T);
    expect(shard.tick(1_000 + DEFAULT_GROUP_COORDINATOR_CONFIG.offsetsRetentionMs - 1, T)).toEqual([]);
    expect(shard.tick(1_000 + DEFAULT_GROUP_COORDINATOR_CONFIG.offsetsRetentionMs, T)).toEqual([
      { kind: "group", groupId: "g", value: null },
    ]);
  });

  it("lists groups with their state, offsets-only groups with no protocol", () => {
    const shard = new GroupCoordinatorShard(config());
    join(shard, "members");
    shard.commitOffsets("offsets", OUTSIDE, [commit(0, 1)], 0, T);
    expect(shard.listGroups()).toEqual([
      { groupId: "members", protocolType: "consumer", state: "stable" },
      { groupId: "offsets", protocolType: "", state: "empty" },
    ]);
  });
});

describe("coordinator records", () => {
  it("refuses bytes it does not know with CORRUPT_MESSAGE", () => {
    const { key } = encodeCoordinatorRecord({ kind: "group", groupId: "g", value: null });
    expect(() => decodeCoordinatorRecord(null, null)).toThrow(
      expect.objectContaining({ errorName: "CORRUPT_MESSAGE" }),
    );
    expect(() => decodeCoordinatorRecord(Uint8Array.of(9, 0x5b, 0x5d), null)).toThrow(
      expect.objectContaining({ errorName: "CORRUPT_MESSAGE" }),
    );
    expect(() => decodeCoordinatorRecord(key, Uint8Array.of(2, 0x7b, 0x7d))).toThrow(
      expect.objectContaining({ errorName: "CORRUPT_MESSAGE" }),
    );
    expect(() => decodeCoordinatorRecord(key, Uint8Array.of(1, 0x7b, 0x7d))).toThrow(
      expect.objectContaining({ errorName: "CORRUPT_MESSAGE" }),
    );
  });

  it("gives the same key bytes for the same offset, so compaction keeps only the latest", () => {
    const a = encodeCoordinatorRecord({
      kind: "offset",
      groupId: "g",
      topic: "t",
      partition: 1,
      value: null,
    });
    const b = encodeCoordinatorRecord({
      kind: "offset",
      groupId: "g",
      topic: "t",
      partition: 1,
      value: { offset: 5, leaderEpoch: -1, metadata: "", commitTimestampMs: 0 },
    });
    expect(a.key).toEqual(b.key);
    expect(a.value).toBe(null);
  });
});
