import { type ControllerV1, errorNameForCode, RillError } from "@rill/protocol";
import type {
  BrokerState,
  ClusterDescription,
  ConfigChange,
  ConfigResourceType,
  ConfigSource,
  ControllerRole,
  PartitionDescription,
} from "./admin-types.js";

/*
 * The controller's wire answers in the admin client's types, and the admin types on the wire:
 * enum mappings, per-item errors, descriptions.
 */

/**
 * The error of one item of an answer (a topic, a partition, a resource), or null for code 0.
 * `uncertain`: an earlier attempt of the call may have taken effect (said in the details).
 */
export function itemError(
  code: number,
  message: string,
  uncertain: boolean,
  context: Record<string, unknown>,
): RillError | null {
  if (code === 0) return null;
  const details = uncertain ? { ...context, earlierAttemptMayHaveTakenEffect: true } : context;
  const name = errorNameForCode(code);
  return new RillError(name, message === "" ? undefined : message, { details });
}

export function partitionDescription(
  partition: ControllerV1.PartitionDescription__Output,
): PartitionDescription {
  return {
    partition: partition.partitionIndex,
    leaderId: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    partitionEpoch: partition.partitionEpoch,
    replicas: partition.replicas,
    isr: partition.isr,
    offlineReplicas: partition.offlineReplicas,
    addingReplicas: partition.addingReplicas,
    removingReplicas: partition.removingReplicas,
    leaderRecoveryState:
      partition.leaderRecoveryState === "LEADER_RECOVERY_STATE_RECOVERING" ? "recovering" : "recovered",
  };
}

export const CONTROLLER_ROLES: Partial<Record<ControllerV1.ControllerRole__Output, ControllerRole>> = {
  CONTROLLER_ROLE_LEADER: "leader",
  CONTROLLER_ROLE_FOLLOWER: "follower",
  CONTROLLER_ROLE_CANDIDATE: "candidate",
  CONTROLLER_ROLE_OBSERVER: "observer",
};

export const BROKER_STATES: Partial<Record<ControllerV1.BrokerState__Output, BrokerState>> = {
  BROKER_STATE_FENCED: "fenced",
  BROKER_STATE_ACTIVE: "active",
  BROKER_STATE_CONTROLLED_SHUTDOWN: "controlled-shutdown",
};

export const RESOURCE_TYPES_WIRE: Record<ConfigResourceType, ControllerV1.ConfigResourceType> = {
  topic: "CONFIG_RESOURCE_TYPE_TOPIC",
  broker: "CONFIG_RESOURCE_TYPE_BROKER",
  group: "CONFIG_RESOURCE_TYPE_GROUP",
};

export function resourceTypeFromWire(type: ControllerV1.ConfigResourceType__Output): ConfigResourceType {
  return type === "CONFIG_RESOURCE_TYPE_BROKER"
    ? "broker"
    : type === "CONFIG_RESOURCE_TYPE_GROUP"
      ? "group"
      : "topic";
}

export const CONFIG_SOURCES: Partial<Record<ControllerV1.ConfigSource__Output, ConfigSource>> = {
  CONFIG_SOURCE_DYNAMIC_RESOURCE: "dynamic-resource",
  CONFIG_SOURCE_DYNAMIC_DEFAULT: "dynamic-default",
  CONFIG_SOURCE_STATIC: "static",
  CONFIG_SOURCE_DEFAULT: "default",
};

export const ALTER_OPERATIONS_WIRE: Record<ConfigChange["operation"], ControllerV1.AlterConfigOp> = {
  set: "ALTER_CONFIG_OP_SET",
  delete: "ALTER_CONFIG_OP_DELETE",
  append: "ALTER_CONFIG_OP_APPEND",
  subtract: "ALTER_CONFIG_OP_SUBTRACT",
};

/** DescribeCluster's answer as the admin type; `answeredBy` is the controller that answered. */
export function clusterDescription(
  value: ControllerV1.DescribeClusterResponse__Output,
  answeredBy: string,
): ClusterDescription {
  return {
    clusterId: value.clusterId,
    activeControllerId: value.activeControllerId,
    raftTerm: value.raftTerm,
    highWatermark: value.highWatermark,
    controllers: value.controllers.map((controller) => ({
      nodeId: controller.nodeId,
      host: controller.host,
      port: controller.port,
      role: CONTROLLER_ROLES[controller.role] ?? "unknown",
      logEndOffset: controller.logEndOffset,
      lag: controller.lag,
      lastFetchTimestampMs: controller.lastFetchTimestampMs,
      lastCaughtUpTimestampMs: controller.lastCaughtUpTimestampMs,
    })),
    brokers: value.brokers.map((broker) => ({
      nodeId: broker.nodeId,
      endpoints: broker.endpoints.map((endpoint) => ({
        listener: endpoint.listenerName,
        host: endpoint.host,
        port: endpoint.port,
      })),
      rack: broker.rack,
      brokerEpoch: broker.brokerEpoch,
      incarnationId: broker.incarnationId,
      state: BROKER_STATES[broker.state] ?? "unknown",
      metadataOffset: broker.metadataOffset,
    })),
    answeredBy,
  };
}
