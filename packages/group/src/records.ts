/**
 * The records of `__consumer_offsets` (a compacted topic: the latest value per key wins, a null
 * value is a tombstone that deletes the key).
 *
 * Key bytes: one type byte, then a UTF-8 JSON array (the same input always gives the same bytes,
 * which compaction relies on):
 *   1 = offset commit  ["<group>", "<topic>", <partition>]
 *   2 = group metadata ["<group>"]
 * Value bytes: one format-version byte (1), then a UTF-8 JSON object:
 *   offset commit: {"offset", "leaderEpoch", "metadata", "commitTimestampMs"}
 *   group metadata: {"groupEpoch", "assignmentEpoch", "members": [member...],
 *     "targetAssignment": [["<member>", [["<topic>", [partitions]]...]]...],
 *     "subscribedTopicPartitions": [["<topic>", <count>]...]}
 *   where a member is its persisted fields (see ConsumerGroupMember), with `assigned` and
 *   `pendingRevocation` as [["<topic>", [partitions]]...].
 * A key or value with another type or version byte is refused (CORRUPT_MESSAGE): a newer format
 * must come with a reader for it.
 */
import { RillError } from "@rill/protocol";
import type { ConsumerGroupSnapshot } from "./consumer-group.js";
import type { MemberState } from "./member.js";
import type { OffsetAndMetadata } from "./offsets.js";
import { sortedTopicPartitions, type TopicPartitions, topicPartitionsOf } from "./topic-partitions.js";

export type CoordinatorRecord =
  | {
      readonly kind: "offset";
      readonly groupId: string;
      readonly topic: string;
      readonly partition: number;
      /** null: a tombstone (the offset was deleted or expired). */
      readonly value: OffsetAndMetadata | null;
    }
  | {
      readonly kind: "group";
      readonly groupId: string;
      /** null: a tombstone (the group was deleted). */
      readonly value: ConsumerGroupSnapshot | null;
    };

const OFFSET_KEY_TYPE = 1;
const GROUP_KEY_TYPE = 2;
const VALUE_VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A record as key and value bytes (value null for a tombstone). */
export interface EncodedRecord {
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

export function encodeCoordinatorRecord(record: CoordinatorRecord): EncodedRecord {
  if (record.kind === "offset") {
    return {
      key: tagged(OFFSET_KEY_TYPE, [record.groupId, record.topic, record.partition]),
      value:
        record.value === null
          ? null
          : tagged(VALUE_VERSION, {
              offset: record.value.offset,
              leaderEpoch: record.value.leaderEpoch,
              metadata: record.value.metadata,
              commitTimestampMs: record.value.commitTimestampMs,
            }),
    };
  }
  return {
    key: tagged(GROUP_KEY_TYPE, [record.groupId]),
    value: record.value === null ? null : tagged(VALUE_VERSION, groupSnapshotJson(record.value)),
  };
}

export function decodeCoordinatorRecord(key: Uint8Array | null, value: Uint8Array | null): CoordinatorRecord {
  if (key === null || key.length < 1) throw corrupt("a record without a key");
  const keyJson = parseJson(key);
  if (key[0] === OFFSET_KEY_TYPE) {
    if (
      !Array.isArray(keyJson) ||
      typeof keyJson[0] !== "string" ||
      typeof keyJson[1] !== "string" ||
      !Number.isInteger(keyJson[2])
    ) {
      throw corrupt("an offset-commit key that is not [group, topic, partition]");
    }
    return {
      kind: "offset",
      groupId: keyJson[0],
      topic: keyJson[1],
      partition: keyJson[2] as number,
      value: value === null ? null : offsetValue(parseValue(value)),
    };
  }
  if (key[0] === GROUP_KEY_TYPE) {
    if (!Array.isArray(keyJson) || typeof keyJson[0] !== "string") {
      throw corrupt("a group key that is not [group]");
    }
    return {
      kind: "group",
      groupId: keyJson[0],
      value: value === null ? null : groupSnapshot(parseValue(value)),
    };
  }
  throw corrupt(`key type ${key[0]} is not known`);
}

/** A stable JSON form of a group snapshot (also used to tell whether a group changed). */
export function groupSnapshotJson(snapshot: ConsumerGroupSnapshot): unknown {
  return {
    groupEpoch: snapshot.groupEpoch,
    assignmentEpoch: snapshot.assignmentEpoch,
    members: snapshot.members.map((member) => ({
      memberId: member.memberId,
      instanceId: member.instanceId,
      rackId: member.rackId,
      clientId: member.clientId,
      clientHost: member.clientHost,
      subscribedTopicNames: member.subscribedTopicNames,
      subscribedTopicRegex: member.subscribedTopicRegex,
      serverAssignor: member.serverAssignor,
      rebalanceTimeoutMs: member.rebalanceTimeoutMs,
      sessionTimeoutMs: member.sessionTimeoutMs,
      memberEpoch: member.memberEpoch,
      previousMemberEpoch: member.previousMemberEpoch,
      state: member.state,
      assigned: partitionsJson(member.assigned),
      pendingRevocation: partitionsJson(member.pendingRevocation),
    })),
    targetAssignment: [...snapshot.targetAssignment.keys()]
      .sort()
      .map((memberId) => [memberId, partitionsJson(snapshot.targetAssignment.get(memberId) ?? new Map())]),
    subscribedTopicPartitions: [...snapshot.subscribedTopicPartitions].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    ),
  };
}

function partitionsJson(set: TopicPartitions): [string, number[]][] {
  return sortedTopicPartitions(set).map(({ topic, partitions }) => [topic, partitions]);
}

function tagged(tag: number, json: unknown): Uint8Array {
  const body = encoder.encode(JSON.stringify(json));
  const bytes = new Uint8Array(body.length + 1);
  bytes[0] = tag;
  bytes.set(body, 1);
  return bytes;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes.subarray(1)));
  } catch (error) {
    throw corrupt(
      `bytes that are not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function parseValue(value: Uint8Array): Record<string, unknown> {
  if (value.length < 1 || value[0] !== VALUE_VERSION) {
    throw corrupt(`value format version ${value[0]} is not known`);
  }
  const json = parseJson(value);
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw corrupt("a value that is not an object");
  return json as Record<string, unknown>;
}

function offsetValue(json: Record<string, unknown>): OffsetAndMetadata {
  return {
    offset: integer(json, "offset"),
    leaderEpoch: integer(json, "leaderEpoch"),
    metadata: text(json, "metadata"),
    commitTimestampMs: integer(json, "commitTimestampMs"),
  };
}

const MEMBER_STATES: readonly MemberState[] = ["stable", "unrevoked-partitions", "unreleased-partitions"];

function groupSnapshot(json: Record<string, unknown>): ConsumerGroupSnapshot {
  const members = json.members;
  const target = json.targetAssignment;
  const subscribed = json.subscribedTopicPartitions;
  if (!Array.isArray(members) || !Array.isArray(target) || !Array.isArray(subscribed)) {
    throw corrupt("a group value without members, targetAssignment or subscribedTopicPartitions");
  }
  return {
    groupEpoch: integer(json, "groupEpoch"),
    assignmentEpoch: integer(json, "assignmentEpoch"),
    members: members.map((entry: unknown) => {
      if (typeof entry !== "object" || entry === null) throw corrupt("a member that is not an object");
      const member = entry as Record<string, unknown>;
      const state = member.state;
      if (!MEMBER_STATES.includes(state as MemberState)) throw corrupt(`member state ${String(state)}`);
      const names = member.subscribedTopicNames;
      if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) {
        throw corrupt("subscribedTopicNames that are not strings");
      }
      return {
        memberId: text(member, "memberId"),
        instanceId: text(member, "instanceId"),
        rackId: text(member, "rackId"),
        clientId: text(member, "clientId"),
        clientHost: text(member, "clientHost"),
        subscribedTopicNames: names as string[],
        subscribedTopicRegex: text(member, "subscribedTopicRegex"),
        serverAssignor: text(member, "serverAssignor"),
        rebalanceTimeoutMs: integer(member, "rebalanceTimeoutMs"),
        sessionTimeoutMs: integer(member, "sessionTimeoutMs"),
        memberEpoch: integer(member, "memberEpoch"),
        previousMemberEpoch: integer(member, "previousMemberEpoch"),
        state: state as MemberState,
        assigned: partitionsOf(member.assigned),
        pendingRevocation: partitionsOf(member.pendingRevocation),
      };
    }),
    targetAssignment: new Map(
      target.map((entry: unknown) => {
        if (!Array.isArray(entry) || typeof entry[0] !== "string") throw corrupt("a target entry");
        return [entry[0], partitionsOf(entry[1])] as const;
      }),
    ),
    subscribedTopicPartitions: new Map(
      subscribed.map((entry: unknown) => {
        if (!Array.isArray(entry) || typeof entry[0] !== "string" || !Number.isInteger(entry[1])) {
          throw corrupt("a subscribed topic entry");
        }
        return [entry[0], entry[1] as number] as const;
      }),
    ),
  };
}

function partitionsOf(json: unknown): TopicPartitions {
  if (!Array.isArray(json)) throw corrupt("partitions that are not [[topic, [partitions]]...]");
  return topicPartitionsOf(
    json.map((entry: unknown) => {
      if (
        !Array.isArray(entry) ||
        typeof entry[0] !== "string" ||
        !Array.isArray(entry[1]) ||
        !entry[1].every((partition: unknown) => Number.isInteger(partition))
      ) {
        throw corrupt("a topic's partitions");
      }
      return [entry[0], entry[1] as number[]] as const;
    }),
  );
}

function integer(json: Record<string, unknown>, field: string): number {
  const value = json[field];
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw corrupt(`field ${field} is not an integer`);
  return value;
}

function text(json: Record<string, unknown>, field: string): string {
  const value = json[field];
  if (typeof value !== "string") throw corrupt(`field ${field} is not a string`);
  return value;
}

function corrupt(what: string): RillError {
  return new RillError("CORRUPT_MESSAGE", `__consumer_offsets record: ${what}`);
}
