import { type GroupV1, RillError } from "@rill/protocol";

/**
 * The group side of FakeCluster: a tiny in-memory KIP-848 coordinator, enough to test the SDK's
 * member and group admin against the real GroupService contract. Partitions are dealt round-robin
 * over the members sorted by id; a partition moves to its new owner only after the old owner's
 * heartbeat no longer lists it (the incremental rule). Offsets are a map. Not the broker's
 * coordinator: no persistence, no regex, no rack awareness.
 */
export interface FakeGroupMember {
  memberId: string;
  memberEpoch: number;
  instanceId: string;
  subscribed: string[];
  owned: Set<string>;
  lastHeartbeatMs: number;
  sessionTimeoutMs: number;
}

export interface FakeGroup {
  readonly groupId: string;
  epoch: number;
  readonly members: Map<string, FakeGroupMember>;
  /** topic-partition key ("topic:partition") → committed offset and metadata. */
  readonly offsets: Map<string, { offset: number; metadata: string }>;
}

const key = (topic: string, partition: number): string => `${topic}:${partition}`;

export class FakeGroupCoordinator {
  readonly groups = new Map<string, FakeGroup>();
  /** Every heartbeat request, in order (tests look at what the member sent). */
  readonly heartbeats: GroupV1.ConsumerGroupHeartbeatRequest__Output[] = [];
  heartbeatIntervalMs = 50;
  #nextMemberId = 1;
  readonly #partitionCount: (topic: string) => number;
  readonly #now: () => number;

  constructor(partitionCount: (topic: string) => number, now: () => number = Date.now) {
    this.#partitionCount = partitionCount;
    this.#now = now;
  }

  group(groupId: string): FakeGroup {
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = { groupId, epoch: 0, members: new Map(), offsets: new Map() };
      this.groups.set(groupId, group);
    }
    return group;
  }

  /** Removes members whose session ran out (the test calls it, or heartbeats do). */
  expireSessions(group: FakeGroup): void {
    for (const member of [...group.members.values()]) {
      if (this.#now() - member.lastHeartbeatMs > member.sessionTimeoutMs) {
        group.members.delete(member.memberId);
        group.epoch += 1;
      }
    }
  }

  heartbeat(request: GroupV1.ConsumerGroupHeartbeatRequest__Output): GroupV1.ConsumerGroupHeartbeatResponse {
    this.heartbeats.push(request);
    const group = this.group(request.groupId);
    this.expireSessions(group);
    if (request.memberEpoch === -1 || request.memberEpoch === -2) {
      group.members.delete(request.memberId);
      group.epoch += 1;
      return { memberId: request.memberId, memberEpoch: -1, heartbeatIntervalMs: this.heartbeatIntervalMs };
    }
    let member = group.members.get(request.memberId);
    if (request.memberEpoch === 0) {
      if (member === undefined) {
        member = {
          memberId: request.memberId === "" ? `member-${this.#nextMemberId++}` : request.memberId,
          memberEpoch: 0,
          instanceId: request.instanceId,
          subscribed: [],
          owned: new Set(),
          lastHeartbeatMs: this.#now(),
          sessionTimeoutMs: request.sessionTimeoutMs > 0 ? request.sessionTimeoutMs : 45_000,
        };
        group.members.set(member.memberId, member);
      }
      member.owned.clear();
      group.epoch += 1;
    } else if (member === undefined) {
      throw new RillError(
        "UNKNOWN_MEMBER_ID",
        `member ${request.memberId} is not in group ${request.groupId}`,
      );
    } else if (request.memberEpoch !== member.memberEpoch) {
      throw new RillError("FENCED_MEMBER_EPOCH", `epoch ${request.memberEpoch} is not ${member.memberEpoch}`);
    }
    member.lastHeartbeatMs = this.#now();
    if (request.subscribedTopicNamesSet) {
      member.subscribed = [...request.subscribedTopicNames];
      group.epoch += 1;
    }
    if (request.ownedPartitionsSet) {
      member.owned = new Set(
        request.ownedPartitions.flatMap((entry) =>
          entry.partitions.map((partition) => key(entry.topic, partition)),
        ),
      );
    }
    member.memberEpoch = group.epoch;
    const assignment = this.#assignmentOf(group, member);
    return {
      memberId: member.memberId,
      memberEpoch: member.memberEpoch,
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      hasAssignment: true,
      assignment,
    };
  }

  /** The member's target minus partitions still owned by another member (incremental). */
  #assignmentOf(group: FakeGroup, member: FakeGroupMember): GroupV1.TopicPartitions[] {
    const memberIds = [...group.members.keys()].sort();
    const byTopic = new Map<string, number[]>();
    const topics = [...new Set([...group.members.values()].flatMap((entry) => entry.subscribed))].sort();
    let turn = 0;
    for (const topic of topics) {
      for (let partition = 0; partition < this.#partitionCount(topic); partition += 1) {
        const subscribers = memberIds.filter((id) => group.members.get(id)?.subscribed.includes(topic));
        const owner = subscribers[turn++ % Math.max(1, subscribers.length)];
        if (owner !== member.memberId) continue;
        const heldElsewhere = [...group.members.values()].some(
          (other) => other.memberId !== member.memberId && other.owned.has(key(topic, partition)),
        );
        if (heldElsewhere) continue;
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
      }
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }

  offsetCommit(request: GroupV1.OffsetCommitRequest__Output): GroupV1.OffsetCommitResponse {
    const group = this.group(request.groupId);
    const refuse = (): number => {
      if (request.generationId === -1) return group.members.size > 0 ? 25 : 0; // UNKNOWN_MEMBER_ID
      const member = group.members.get(request.memberId);
      if (member === undefined) return 25;
      if (request.generationId !== member.memberEpoch) return 113; // STALE_MEMBER_EPOCH
      return 0;
    };
    const errorCode = refuse();
    return {
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((partition) => {
          if (errorCode === 0) {
            group.offsets.set(key(topic.name, partition.partitionIndex), {
              offset: partition.committedOffset,
              metadata: partition.committedMetadata,
            });
          }
          return { partitionIndex: partition.partitionIndex, errorCode, errorMessage: "" };
        }),
      })),
    };
  }

  offsetFetch(request: GroupV1.OffsetFetchRequest__Output): GroupV1.OffsetFetchResponse {
    const group = this.group(request.groupId);
    return {
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitionIndexes.map((partition) => {
          const found = group.offsets.get(key(topic.name, partition));
          return {
            partitionIndex: partition,
            committedOffset: found?.offset ?? -1,
            committedLeaderEpoch: -1,
            metadata: found?.metadata ?? "",
          };
        }),
      })),
    };
  }

  describeGroups(request: GroupV1.DescribeGroupsRequest__Output): GroupV1.DescribeGroupsResponse {
    return {
      groups: request.groupIds.map((groupId) => {
        const group = this.groups.get(groupId);
        if (group === undefined) return { groupId, errorCode: 69, errorMessage: "no such group" };
        return {
          groupId,
          groupState: group.members.size === 0 ? "GROUP_STATE_EMPTY" : "GROUP_STATE_STABLE",
          protocolType: "consumer",
          protocolName: "uniform",
          groupEpoch: group.epoch,
          assignmentEpoch: group.epoch,
          members: [...group.members.values()].map((member) => ({
            memberId: member.memberId,
            groupInstanceId: member.instanceId,
            memberEpoch: member.memberEpoch,
            assignedPartitions: [...member.owned].map((entry) => {
              const [topic = "", partition = "0"] = entry.split(":");
              return { topic, partitions: [Number(partition)] };
            }),
            subscribedTopicNames: member.subscribed,
          })),
        };
      }),
    };
  }

  listGroups(): GroupV1.ListGroupsResponse {
    return {
      groups: [...this.groups.values()].map((group) => ({
        groupId: group.groupId,
        protocolType: "consumer",
        groupState: group.members.size === 0 ? "GROUP_STATE_EMPTY" : "GROUP_STATE_STABLE",
      })),
    };
  }

  deleteGroups(request: GroupV1.DeleteGroupsRequest__Output): GroupV1.DeleteGroupsResponse {
    return {
      results: request.groupIds.map((groupId) => {
        const group = this.groups.get(groupId);
        if (group === undefined) return { groupId, errorCode: 69, errorMessage: "no such group" };
        if (group.members.size > 0) return { groupId, errorCode: 68, errorMessage: "the group has members" };
        this.groups.delete(groupId);
        return { groupId };
      }),
    };
  }
}
