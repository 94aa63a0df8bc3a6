import type { handleUnaryCall } from "@grpc/grpc-js";
import { type GroupV1, RillError } from "@rill/protocol";
import type { FakeGroupCoordinator } from "./fake-group-coordinator.js";
import type { FakePartition } from "./fake-partition-log.js";

/** What the fake's GroupService reads of the cluster (FakeCluster has all of it). */
export interface FakeGroupCluster {
  readonly groupCoordinator: FakeGroupCoordinator;
  /** The broker that coordinates every group; others answer NOT_COORDINATOR. */
  readonly coordinatorId: number;
  readonly brokers: ReadonlyMap<
    number,
    { readonly nodeId: number; readonly host: string; readonly port: number }
  >;
  readonly topics: ReadonlyMap<string, { readonly partitions: readonly FakePartition[] }>;
}

/** Makes one recorded, interceptable unary handler of the fake (FakeCluster's #handler). */
export type FakeUnaryHandler = <Req, Res>(
  method: string,
  answer: (request: Req) => Res,
) => handleUnaryCall<Req, Res>;

/**
 * The GroupService of fake broker `nodeId`: the KIP-848 calls and offsets go to the cluster's
 * one FakeGroupCoordinator when this broker is the coordinator (NOT_COORDINATOR otherwise); the
 * classic protocol's calls are not served.
 */
export function fakeGroupHandlers(cluster: FakeGroupCluster, handler: FakeUnaryHandler, nodeId: number) {
  const coordinator = cluster.groupCoordinator;
  const atCoordinator = <Req, Res>(method: string, answer: (request: Req) => Res) =>
    handler(method, (request: Req) => {
      if (nodeId !== cluster.coordinatorId) {
        throw new RillError("NOT_COORDINATOR", `node ${nodeId} is not the group coordinator`);
      }
      return answer(request);
    });
  const unimplemented = (method: string) =>
    handler(method, () => {
      throw new RillError("UNSUPPORTED_VERSION", `the fake does not serve ${method}`);
    });
  return {
    FindCoordinator: handler(
      "findCoordinator",
      (request: GroupV1.FindCoordinatorRequest__Output): GroupV1.FindCoordinatorResponse => {
        const node = cluster.brokers.get(cluster.coordinatorId);
        return {
          coordinators: request.keys.map((key) =>
            node === undefined
              ? { key, nodeId: -1, errorCode: 15, errorMessage: "no coordinator" }
              : { key, nodeId: node.nodeId, host: node.host, port: node.port },
          ),
        };
      },
    ),
    ConsumerGroupHeartbeat: atCoordinator(
      "consumerGroupHeartbeat",
      (request: GroupV1.ConsumerGroupHeartbeatRequest__Output) => coordinator.heartbeat(request),
    ),
    OffsetCommit: atCoordinator("offsetCommit", (request: GroupV1.OffsetCommitRequest__Output) =>
      coordinator.offsetCommit(request),
    ),
    OffsetFetch: atCoordinator("offsetFetch", (request: GroupV1.OffsetFetchRequest__Output) =>
      coordinator.offsetFetch(request),
    ),
    DescribeGroups: atCoordinator("describeGroups", (request: GroupV1.DescribeGroupsRequest__Output) =>
      coordinator.describeGroups(request),
    ),
    DeleteGroups: atCoordinator("deleteGroups", (request: GroupV1.DeleteGroupsRequest__Output) =>
      coordinator.deleteGroups(request),
    ),
    ListGroups: handler("listGroups", () =>
      nodeId === cluster.coordinatorId ? coordinator.listGroups() : { groups: [] },
    ),
    DescribeGroupOffsets: atCoordinator(
      "describeGroupOffsets",
      (request: GroupV1.DescribeGroupOffsetsRequest__Output): GroupV1.DescribeGroupOffsetsResponse => ({
        groups: request.groupIds.map((groupId) => {
          const group = coordinator.groups.get(groupId);
          if (group === undefined) return { groupId, errorCode: 69, errorMessage: "no such group" };
          return {
            groupId,
            partitions: [...group.offsets].sort().map(([key, committed]) => {
              const [topic = "", partitionText = "0"] = key.split(":");
              const partition = Number(partitionText);
              const logEnd = cluster.topics.get(topic)?.partitions[partition]?.nextOffset ?? -1;
              const owner = [...group.members.values()].find((member) => member.owned.has(key));
              return {
                topic,
                partition,
                committedOffset: committed.offset,
                metadata: committed.metadata,
                logEndOffset: logEnd,
                lagRecords: logEnd < 0 ? -1 : Math.max(0, logEnd - committed.offset),
                // The fake keeps no record times: a fixed age when records wait, as a stand-in.
                lagMs: logEnd > committed.offset ? 3_200 : 0,
                memberId: owner?.memberId ?? "",
              };
            }),
          };
        }),
      }),
    ),
    JoinGroup: unimplemented("joinGroup"),
    SyncGroup: unimplemented("syncGroup"),
    Heartbeat: unimplemented("heartbeat"),
    LeaveGroup: unimplemented("leaveGroup"),
  };
}
