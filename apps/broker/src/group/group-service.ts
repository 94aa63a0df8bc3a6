/**
 * GroupService on the broker: the KIP-848 consumer-group protocol (ConsumerGroupHeartbeat),
 * committed offsets, group admin and coordinator discovery, over the GroupCoordinator.
 *
 * Error contract (what a client does with each):
 * - whole-request failures are a gRPC status with ErrorInfo (thrown): NOT_COORDINATOR (find the
 *   coordinator again), COORDINATOR_LOAD_IN_PROGRESS / COORDINATOR_NOT_AVAILABLE (retry after a
 *   backoff), REQUEST_TIMED_OUT (the write's outcome is unknown), INVALID_REQUEST (fix the
 *   request), and for heartbeats the membership errors of ConsumerGroup.heartbeat;
 * - per-item failures go in the item's error_code: OffsetCommit's membership errors
 *   (UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH, FENCED_MEMBER_EPOCH, FENCED_INSTANCE_ID) on every
 *   partition alike, and per partition UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE,
 *   INVALID_COMMIT_OFFSET_SIZE; per group in DescribeGroups, DescribeGroupOffsets and
 *   DeleteGroups; per key in FindCoordinator.
 * The classic protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) is not served:
 * UNSUPPORTED_VERSION.
 */
import type { ServerUnaryCall } from "@grpc/grpc-js";
import {
  type ConsumerGroup,
  type ConsumerGroupState,
  difference,
  type HeartbeatRequest,
  sortedTopicPartitions,
  type TopicPartitions,
  topicPartitionsOf,
} from "@rill/group";
import type { MetadataImage } from "@rill/metadata";
import { type GroupV1, type HandlerOptions, isRillError, RillError, unaryHandler } from "@rill/protocol";
import { NO_NODE } from "@rill/protocol/ids";
import { clientEndpoint } from "../server/metadata-response.js";
import type { GroupCoordinator } from "./group-coordinator.js";
import type { GroupLagReader } from "./group-lag.js";
import { OFFSETS_TOPIC, type OffsetsTopicCreator } from "./offsets-topic.js";

/** Groups (or keys) in one admin request; a named limit on the work one call may ask for. */
const GROUPS_PER_REQUEST_MAX = 1_000;

export interface GroupServiceContext {
  readonly coordinator: GroupCoordinator;
  readonly offsetsTopic: OffsetsTopicCreator;
  readonly lag: GroupLagReader;
  readonly image: () => MetadataImage;
  /**
   * The listener these handlers serve: FindCoordinator answers with the coordinator's endpoint of
   * the same listener, as Metadata does (a host client gets its EXTERNAL address).
   */
  readonly listenerName?: string;
}

export function groupServiceHandlers(
  context: GroupServiceContext,
  handlerOptions: HandlerOptions,
): GroupV1.GroupServiceHandlers {
  const unary = <Req, Res>(handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>) =>
    unaryHandler(handler, handlerOptions);
  const classic = (name: string) =>
    unary(async () => {
      throw new RillError(
        "UNSUPPORTED_VERSION",
        `${name} (the classic group protocol) is not served; use ConsumerGroupHeartbeat (KIP-848)`,
      );
    });
  const { coordinator } = context;
  return {
    FindCoordinator: unary(async (request: GroupV1.FindCoordinatorRequest__Output) =>
      findCoordinator(context, request),
    ),
    ConsumerGroupHeartbeat: unary(
      async (
        request: GroupV1.ConsumerGroupHeartbeatRequest__Output,
        call: ServerUnaryCall<
          GroupV1.ConsumerGroupHeartbeatRequest__Output,
          GroupV1.ConsumerGroupHeartbeatResponse
        >,
      ) => {
        const input = heartbeatInput(request, peerHost(call));
        const response = await coordinator.run(request.groupId, (shard, nowMs, topics) =>
          shard.heartbeat(input, nowMs, topics),
        );
        return {
          memberId: response.memberId,
          memberEpoch: response.memberEpoch,
          heartbeatIntervalMs: response.heartbeatIntervalMs,
          hasAssignment: response.assignment !== undefined,
          assignment: toWire(response.assignment ?? new Map()),
        };
      },
    ),
    OffsetCommit: unary(async (request: GroupV1.OffsetCommitRequest__Output) => {
      checkGroupId(request.groupId);
      const commits = request.topics.flatMap((topic) =>
        topic.partitions.map((partition) => ({
          topic: topic.name,
          partition: partition.partitionIndex,
          offset: partition.committedOffset,
          leaderEpoch: partition.committedLeaderEpoch,
          metadata: partition.committedMetadata,
        })),
      );
      const results = await coordinator.run(request.groupId, (shard, nowMs, topics) =>
        shard.commitOffsets(
          request.groupId,
          {
            memberId: request.memberId,
            instanceId: request.groupInstanceId,
            generationId: request.generationId,
          },
          commits,
          nowMs,
          topics,
        ),
      );
      const byTopic = new Map<string, GroupV1.OffsetCommitResponsePartition[]>();
      for (const result of results) {
        let list = byTopic.get(result.topic);
        if (list === undefined) {
          list = [];
          byTopic.set(result.topic, list);
        }
        list.push({
          partitionIndex: result.partition,
          errorCode: result.error?.code ?? 0,
          errorMessage: result.error?.message ?? "",
        });
      }
      return { topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
    }),
    OffsetFetch: unary(async (request: GroupV1.OffsetFetchRequest__Output) => {
      checkGroupId(request.groupId);
      const wanted =
        request.topics.length === 0
          ? undefined
          : request.topics.map((topic) => ({ topic: topic.name, partitions: topic.partitionIndexes }));
      const fetched = await coordinator.read(request.groupId, (shard) =>
        shard.fetchOffsets(request.groupId, wanted),
      );
      const byTopic = new Map<string, GroupV1.OffsetFetchResponsePartition[]>();
      for (const entry of fetched) {
        let list = byTopic.get(entry.topic);
        if (list === undefined) {
          list = [];
          byTopic.set(entry.topic, list);
        }
        list.push({
          partitionIndex: entry.partition,
          committedOffset: entry.committed?.offset ?? -1,
          committedLeaderEpoch: entry.committed?.leaderEpoch ?? -1,
          metadata: entry.committed?.metadata ?? "",
          errorCode: 0,
          errorMessage: "",
        });
      }
      return { topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
    }),
    ListGroups: unary(async (request: GroupV1.ListGroupsRequest__Output) => {
      const filter = new Set(request.statesFilter.map((state) => String(state)));
      const groups = await coordinator.readAll((shard) => shard.listGroups());
      return {
        groups: groups
          .map((group) => ({
            groupId: group.groupId,
            protocolType: group.protocolType,
            groupState: wireState(group.state),
          }))
          .filter((group) => filter.size === 0 || filter.has(group.groupState)),
      };
    }),
    DescribeGroups: unary(async (request: GroupV1.DescribeGroupsRequest__Output) => {
      checkGroupCount(request.groupIds.length);
      return {
        groups: await Promise.all(request.groupIds.map((groupId) => describeGroup(coordinator, groupId))),
      };
    }),
    DeleteGroups: unary(async (request: GroupV1.DeleteGroupsRequest__Output) => {
      checkGroupCount(request.groupIds.length);
      return {
        results: await Promise.all(
          request.groupIds.map(async (groupId) => {
            try {
              checkGroupId(groupId);
              await coordinator.run(groupId, (shard) => shard.deleteGroup(groupId));
              return { groupId, errorCode: 0, errorMessage: "" };
            } catch (error) {
              return { groupId, ...itemError(error) };
            }
          }),
        ),
      };
    }),
    DescribeGroupOffsets: unary(async (request: GroupV1.DescribeGroupOffsetsRequest__Output) => {
      checkGroupCount(request.groupIds.length);
      return {
        groups: await Promise.all(
          request.groupIds.map((groupId) => context.lag.describeGroupOffsets(groupId)),
        ),
      };
    }),
    JoinGroup: classic("JoinGroup"),
    SyncGroup: classic("SyncGroup"),
    Heartbeat: classic("Heartbeat"),
    LeaveGroup: classic("LeaveGroup"),
  };
}

function findCoordinator(
  context: GroupServiceContext,
  request: GroupV1.FindCoordinatorRequest__Output,
): GroupV1.FindCoordinatorResponse {
  checkGroupCount(request.keys.length);
  if (request.keyType === "COORDINATOR_TYPE_TRANSACTION") {
    throw new RillError("UNSUPPORTED_VERSION", "transaction coordinators do not exist yet");
  }
  const image = context.image();
  const topic = image.topicByName(OFFSETS_TOPIC);
  if (topic === undefined) context.offsetsTopic.ensure(image);
  return {
    coordinators: request.keys.map((key): GroupV1.Coordinator => {
      const failed = (error: RillError): GroupV1.Coordinator => ({
        key,
        nodeId: -1,
        host: "",
        port: 0,
        errorCode: error.code,
        errorMessage: error.message,
      });
      if (key === "") return failed(new RillError("INVALID_GROUP_ID", "the group id is empty"));
      let partition: number;
      try {
        partition = context.coordinator.partitionOf(key);
      } catch (error) {
        if (isRillError(error)) return failed(error);
        throw error;
      }
      const leader = topic?.partitions.get(partition)?.leader ?? NO_NODE;
      const broker = leader >= 0 && image.isBrokerActive(leader) ? image.brokers.get(leader) : undefined;
      const address = broker === undefined ? undefined : clientEndpoint(broker, context.listenerName);
      if (address === undefined) {
        return failed(
          new RillError(
            "COORDINATOR_NOT_AVAILABLE",
            `${OFFSETS_TOPIC}-${partition} has no leader now; retry`,
          ),
        );
      }
      return { key, nodeId: leader, host: address.host, port: address.port, errorCode: 0, errorMessage: "" };
    }),
  };
}

async function describeGroup(
  coordinator: GroupCoordinator,
  groupId: string,
): Promise<GroupV1.DescribedGroup> {
  try {
    checkGroupId(groupId);
    return await coordinator.read(groupId, (shard) => {
      if (!shard.hasGroup(groupId))
        throw new RillError("GROUP_ID_NOT_FOUND", `group ${groupId} does not exist`);
      const group = shard.group(groupId);
      return describedGroup(groupId, group);
    });
  } catch (error) {
    return {
      groupId,
      ...itemError(error),
      groupState: "GROUP_STATE_UNSPECIFIED",
      protocolType: "",
      protocolName: "",
      generationId: -1,
      members: [],
      groupEpoch: -1,
      assignmentEpoch: -1,
    };
  }
}

function describedGroup(groupId: string, group: ConsumerGroup | undefined): GroupV1.DescribedGroup {
  if (group === undefined) {
    // Only committed offsets: no membership history on this coordinator.
    return {
      groupId,
      errorCode: 0,
      errorMessage: "",
      groupState: "GROUP_STATE_EMPTY",
      protocolType: "",
      protocolName: "",
      generationId: 0,
      members: [],
      groupEpoch: 0,
      assignmentEpoch: 0,
    };
  }
  return {
    groupId,
    errorCode: 0,
    errorMessage: "",
    groupState: wireState(group.state),
    protocolType: "consumer",
    protocolName: group.assignorName,
    generationId: group.groupEpoch,
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    members: [...group.members.values()].map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.instanceId,
      clientId: member.clientId,
      clientHost: member.clientHost,
      memberMetadata: Buffer.alloc(0),
      memberAssignment: Buffer.alloc(0),
      memberEpoch: member.memberEpoch,
      assignedPartitions: toWire(member.assigned),
      pendingPartitions: toWire(
        difference(group.targetAssignment.get(member.memberId) ?? new Map(), member.assigned),
      ),
      subscribedTopicNames:
        member.subscribedTopicRegex === "" ? [...member.subscribedTopicNames] : [member.subscribedTopicRegex],
      subscribedTopicRegex: member.subscribedTopicRegex,
      rackId: member.rackId,
    })),
  };
}

/** The proto heartbeat as the core's request: unset "when changed" fields become undefined. */
function heartbeatInput(
  request: GroupV1.ConsumerGroupHeartbeatRequest__Output,
  clientHost: string,
): HeartbeatRequest {
  checkGroupId(request.groupId);
  const joining = request.memberEpoch === 0;
  return {
    groupId: request.groupId,
    memberId: request.memberId,
    memberEpoch: request.memberEpoch,
    instanceId: request.instanceId,
    rackId: request.rackId,
    clientId: request.clientId,
    clientHost,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs === 0 ? undefined : request.rebalanceTimeoutMs,
    sessionTimeoutMs: request.sessionTimeoutMs === 0 ? undefined : request.sessionTimeoutMs,
    subscribedTopicNames: request.subscribedTopicNamesSet ? request.subscribedTopicNames : undefined,
    subscribedTopicRegex: request.subscribedTopicRegex === "" ? undefined : request.subscribedTopicRegex,
    serverAssignor: request.serverAssignor === "" ? undefined : request.serverAssignor,
    ownedPartitions:
      request.ownedPartitionsSet || joining
        ? topicPartitionsOf(request.ownedPartitions.map((entry) => [entry.topic, entry.partitions] as const))
        : undefined,
  };
}

function toWire(set: TopicPartitions): GroupV1.TopicPartitions[] {
  return sortedTopicPartitions(set);
}

const WIRE_STATES: Record<ConsumerGroupState, GroupV1.GroupState> = {
  empty: "GROUP_STATE_EMPTY",
  assigning: "GROUP_STATE_ASSIGNING",
  reconciling: "GROUP_STATE_RECONCILING",
  stable: "GROUP_STATE_STABLE",
};

function wireState(state: ConsumerGroupState): GroupV1.GroupState & string {
  return WIRE_STATES[state] as GroupV1.GroupState & string;
}

function checkGroupId(groupId: string): void {
  if (groupId === "") throw new RillError("INVALID_GROUP_ID", "the group id is empty");
}

function checkGroupCount(count: number): void {
  if (count > GROUPS_PER_REQUEST_MAX) {
    throw new RillError("INVALID_REQUEST", `${count} groups in one request exceed ${GROUPS_PER_REQUEST_MAX}`);
  }
}

/** A per-item error: a RillError as itself; anything else is a bug and is thrown on. */
export function itemError(error: unknown): { errorCode: number; errorMessage: string } {
  if (!isRillError(error)) throw error;
  return { errorCode: error.code, errorMessage: error.message };
}

function peerHost(call: { getPeer(): string }): string {
  try {
    return call.getPeer();
  } catch {
    return "";
  }
}
