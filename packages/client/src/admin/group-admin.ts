import { errorNameForCode, type GroupV1, RillError } from "@rill/protocol";
import type { TopicPartition } from "../consumer/consumer-types.js";
import type { DataClient } from "../data/data-client.js";
import { COORDINATOR_MOVED, type CoordinatorClient } from "../group/coordinator-client.js";
import { type CommittedOffset, commitGroupOffsets, fetchGroupOffsets } from "../group/group-offsets.js";
import type {
  DeleteGroupResult,
  GroupDescription,
  GroupListing,
  GroupPartitionLag,
  GroupState,
  ListGroupsResult,
  OffsetResetResult,
  OffsetResetSpec,
} from "./group-admin-types.js";
import { type PartitionOffsetsNow, planOffsetReset } from "./offset-reset-plan.js";

/** Options of a group admin call. */
export interface GroupCallOptions {
  /** The call's deadline, retries included; default 30 s. */
  readonly timeoutMs?: number;
}

export const groupAdminDefaults = { timeoutMs: 30_000 } as const;

/**
 * Consumer-group administration (Kafka's Admin group calls and kafka-consumer-groups): each call
 * goes to the group's coordinator (found with FindCoordinator, re-found when it moves), except
 * listGroups, which asks every broker (each lists the groups it coordinates) and merges.
 */
export class GroupAdmin {
  readonly #coordinator: CoordinatorClient;
  readonly #data: DataClient;

  constructor(coordinator: CoordinatorClient, data: DataClient) {
    this.#coordinator = coordinator;
    this.#data = data;
  }

  /** Every group of every broker that answered; brokers that did not are in `errors`. */
  async listGroups(options: GroupCallOptions = {}): Promise<ListGroupsResult> {
    const timeoutMs = options.timeoutMs ?? groupAdminDefaults.timeoutMs;
    const brokers = await this.#coordinator.brokers(timeoutMs);
    const answers = await Promise.all(
      brokers.map(async (broker) => {
        try {
          const response = await this.#coordinator.callBroker(broker, "listGroups", { statesFilter: [] });
          return { broker, groups: response.groups, error: null };
        } catch (error) {
          const typed =
            error instanceof RillError ? error : new RillError("NETWORK_EXCEPTION", String(error));
          return { broker, groups: [], error: typed };
        }
      }),
    );
    const groups = new Map<string, GroupListing>();
    for (const answer of answers) {
      for (const group of answer.groups) {
        groups.set(group.groupId, {
          groupId: group.groupId,
          protocolType: group.protocolType,
          state: stateFromWire(group.groupState),
          coordinator: answer.broker,
        });
      }
    }
    return {
      groups: [...groups.values()].sort((left, right) => left.groupId.localeCompare(right.groupId)),
      errors: answers.flatMap((answer) =>
        answer.error === null ? [] : [{ broker: answer.broker, error: answer.error }],
      ),
    };
  }

  /** Describes groups: state, epochs, members with their assigned and pending partitions. */
  async describeGroups(
    groupIds: readonly string[],
    options: GroupCallOptions = {},
  ): Promise<GroupDescription[]> {
    const timeoutMs = options.timeoutMs ?? groupAdminDefaults.timeoutMs;
    return Promise.all(
      groupIds.map(async (groupId) => {
        const { value } = await this.#coordinator.call(
          groupId,
          "describeGroups",
          () => ({ groupIds: [groupId] }),
          {
            timeoutMs,
            mutating: false,
            check: (response) => throwIfMoved(this.#coordinator, groupId, response.groups),
          },
        );
        const group = value.groups.find((entry) => entry.groupId === groupId) ?? value.groups[0];
        if (group === undefined) {
          return emptyDescription(
            groupId,
            new RillError("GROUP_ID_NOT_FOUND", `no answer for group '${groupId}'`),
          );
        }
        return describedGroup(groupId, group);
      }),
    );
  }

  /** Deletes empty groups and their committed offsets (NON_EMPTY_GROUP while members remain). */
  async deleteGroups(
    groupIds: readonly string[],
    options: GroupCallOptions = {},
  ): Promise<DeleteGroupResult[]> {
    const timeoutMs = options.timeoutMs ?? groupAdminDefaults.timeoutMs;
    return Promise.all(
      groupIds.map(async (groupId) => {
        const { value, uncertain } = await this.#coordinator.call(
          groupId,
          "deleteGroups",
          () => ({ groupIds: [groupId] }),
          {
            timeoutMs,
            mutating: true,
            check: (response) => throwIfMoved(this.#coordinator, groupId, response.results),
          },
        );
        const result = value.results.find((entry) => entry.groupId === groupId);
        const errorCode = result?.errorCode ?? 0;
        return {
          groupId,
          error:
            errorCode === 0
              ? null
              : new RillError(errorNameForCode(errorCode), result?.errorMessage || undefined, {
                  details: { groupId, ...(uncertain ? { earlierAttemptMayHaveTakenEffect: true } : {}) },
                }),
        };
      }),
    );
  }

  /** The group's committed offsets (of the given partitions, or all it has). */
  fetchOffsets(
    groupId: string,
    partitions?: readonly TopicPartition[],
    options: GroupCallOptions = {},
  ): Promise<CommittedOffset[]> {
    return fetchGroupOffsets(
      this.#coordinator,
      groupId,
      partitions,
      options.timeoutMs ?? groupAdminDefaults.timeoutMs,
    );
  }

  /** Per partition: committed offset, log end, lag in records and in time, owning member. */
  async describeGroupOffsets(groupId: string, options: GroupCallOptions = {}): Promise<GroupPartitionLag[]> {
    const timeoutMs = options.timeoutMs ?? groupAdminDefaults.timeoutMs;
    const { value } = await this.#coordinator.call(
      groupId,
      "describeGroupOffsets",
      () => ({ groupIds: [groupId] }),
      {
        timeoutMs,
        mutating: false,
        check: (response) => throwIfMoved(this.#coordinator, groupId, response.groups),
      },
    );
    const group = value.groups.find((entry) => entry.groupId === groupId);
    if (group === undefined) throw new RillError("GROUP_ID_NOT_FOUND", `no answer for group '${groupId}'`);
    if (group.errorCode !== 0) {
      throw new RillError(errorNameForCode(group.errorCode), group.errorMessage || undefined, {
        details: { groupId },
      });
    }
    return group.partitions.map((entry) => ({
      topic: entry.topic,
      partition: entry.partition,
      committedOffset: entry.committedOffset,
      metadata: entry.metadata,
      logEndOffset: entry.logEndOffset,
      lagRecords: entry.lagRecords,
      lagMs: entry.lagMs,
      memberId: entry.memberId,
    }));
  }

  /**
   * Moves a group's committed offsets of one topic (every partition) as `spec` says, clamped into
   * each log. `dryRun` (the default) only computes the before/after table. Executing refuses a
   * group with members: their positions would overwrite the reset (the coordinator refuses such
   * commits too); the error says how many members to stop.
   */
  async resetOffsets(
    groupId: string,
    topic: string,
    spec: OffsetResetSpec,
    options: GroupCallOptions & { readonly dryRun?: boolean } = {},
  ): Promise<OffsetResetResult> {
    const timeoutMs = options.timeoutMs ?? groupAdminDefaults.timeoutMs;
    const dryRun = options.dryRun ?? true;
    validateSpec(spec);
    const info = await this.#data.topicMetadata(topic, timeoutMs);
    const partitions = info.partitions.map(({ partition }) => ({ topic, partition }));
    const committed = await fetchGroupOffsets(this.#coordinator, groupId, partitions, timeoutMs);
    const committedByPartition = new Map(
      committed.filter((entry) => entry.topic === topic).map((entry) => [entry.partition, entry.offset]),
    );
    const now: PartitionOffsetsNow[] = await Promise.all(
      partitions.map(async ({ partition }) => {
        const listed = (lookup: "earliest" | "latest" | { timestampMs: number }) =>
          this.#data.listOffsets({ topic, partition, spec: lookup, timeoutMs });
        const [earliest, latest, atTime] = await Promise.all([
          listed("earliest"),
          listed("latest"),
          spec.kind === "datetime" ? listed({ timestampMs: spec.timestampMs }) : Promise.resolve(undefined),
        ]);
        return {
          partition,
          committed: committedByPartition.get(partition) ?? -1,
          earliest: earliest.offset,
          latest: latest.offset,
          ...(atTime === undefined ? {} : { atTime: atTime.offset }),
        };
      }),
    );
    const rows = planOffsetReset(topic, spec, now);
    if (dryRun) return { groupId, topic, rows, executed: false };
    await this.#refuseActive(groupId, timeoutMs);
    try {
      await commitGroupOffsets(
        this.#coordinator,
        groupId,
        () => ({ memberId: "", memberEpoch: -1, groupInstanceId: "" }),
        rows.map((row) => ({ topic, partition: row.partition, offset: row.after })),
        { timeoutMs },
      );
    } catch (error) {
      // A member joined between the check and the commit: the coordinator refused the commit.
      if (error instanceof RillError && error.errorName === "UNKNOWN_MEMBER_ID") {
        await this.#refuseActive(groupId, timeoutMs);
      }
      throw error;
    }
    return { groupId, topic, rows, executed: true };
  }

  async #refuseActive(groupId: string, timeoutMs: number): Promise<void> {
    const [description] = await this.describeGroups([groupId], { timeoutMs });
    const members = description?.members.length ?? 0;
    if (members > 0) {
      throw new RillError(
        "NON_EMPTY_GROUP",
        `group ${groupId} has ${members} active member${members === 1 ? "" : "s"}; stop them first`,
        { details: { groupId, members } },
      );
    }
  }
}

function validateSpec(spec: OffsetResetSpec): void {
  const bad = (what: string): never => {
    throw new RillError("INVALID_REQUEST", what);
  };
  if (spec.kind === "offset" && !(Number.isSafeInteger(spec.offset) && spec.offset >= 0)) {
    bad(`offset ${spec.offset} is not an integer >= 0`);
  }
  if (spec.kind === "shift-by" && !Number.isSafeInteger(spec.shift))
    bad(`shift ${spec.shift} is not an integer`);
  if (spec.kind === "datetime" && !(Number.isSafeInteger(spec.timestampMs) && spec.timestampMs >= 0)) {
    bad(`time ${spec.timestampMs} is not Unix ms >= 0`);
  }
}

/** A per-group NOT_COORDINATOR (and the like) in an answer: thrown inside the attempt, so it is retried. */
function throwIfMoved(
  coordinator: CoordinatorClient,
  groupId: string,
  entries: readonly { readonly groupId: string; readonly errorCode: number; readonly errorMessage: string }[],
): void {
  for (const entry of entries) {
    if (entry.groupId !== groupId || entry.errorCode === 0) continue;
    const name = errorNameForCode(entry.errorCode);
    if (!COORDINATOR_MOVED.has(name)) continue;
    coordinator.forget(groupId);
    throw new RillError(name, entry.errorMessage || undefined, { details: { groupId } });
  }
}

const STATES: Record<GroupV1.GroupState__Output, GroupState> = {
  GROUP_STATE_UNSPECIFIED: "unknown",
  GROUP_STATE_EMPTY: "empty",
  GROUP_STATE_PREPARING_REBALANCE: "preparing-rebalance",
  GROUP_STATE_COMPLETING_REBALANCE: "completing-rebalance",
  GROUP_STATE_STABLE: "stable",
  GROUP_STATE_DEAD: "dead",
  GROUP_STATE_ASSIGNING: "assigning",
  GROUP_STATE_RECONCILING: "reconciling",
};

function stateFromWire(state: GroupV1.GroupState__Output): GroupState {
  return STATES[state] ?? "unknown";
}

function partitionsOf(entries: readonly GroupV1.TopicPartitions__Output[]): TopicPartition[] {
  return entries.flatMap((entry) => entry.partitions.map((partition) => ({ topic: entry.topic, partition })));
}

function emptyDescription(groupId: string, error: RillError): GroupDescription {
  return {
    groupId,
    state: "unknown",
    protocolType: "",
    assignor: "",
    groupEpoch: -1,
    assignmentEpoch: -1,
    members: [],
    error,
  };
}

function describedGroup(groupId: string, group: GroupV1.DescribedGroup__Output): GroupDescription {
  if (group.errorCode !== 0) {
    return emptyDescription(
      groupId,
      new RillError(errorNameForCode(group.errorCode), group.errorMessage || undefined, {
        details: { groupId },
      }),
    );
  }
  return {
    groupId,
    state: stateFromWire(group.groupState),
    protocolType: group.protocolType,
    assignor: group.protocolName,
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    members: group.members.map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId,
      clientId: member.clientId,
      clientHost: member.clientHost,
      memberEpoch: member.memberEpoch,
      rackId: member.rackId,
      assigned: partitionsOf(member.assignedPartitions),
      pending: partitionsOf(member.pendingPartitions),
      subscribedTopics: member.subscribedTopicNames,
      subscribedTopicRegex: member.subscribedTopicRegex,
    })),
    error: null,
  };
}
