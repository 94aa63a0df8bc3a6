import type { RillError } from "@rill/protocol";

/** A topic to create (Kafka NewTopic). */
export interface NewTopic {
  readonly name: string;
  /** -1 or absent: the cluster default (num.partitions). */
  readonly partitions?: number;
  /** -1 or absent: the cluster default. */
  readonly replicationFactor?: number;
  /** Explicit replicas per partition (index = partition), instead of partitions/replicationFactor. */
  readonly assignments?: readonly (readonly number[])[];
  /** Topic configs, e.g. { "retention.ms": "86400000", "min.insync.replicas": "2" }. */
  readonly configs?: Readonly<Record<string, string>>;
}

/**
 * Every per-item result of an admin call carries `error`: null on success, else a typed
 * RillError. When an earlier attempt of the same call had an unknown outcome, an item error has
 * `details.earlierAttemptMayHaveTakenEffect = true` (a TOPIC_ALREADY_EXISTS may then be our own).
 */
export interface AdminItemResult {
  readonly error: RillError | null;
}

export interface CreateTopicResult extends AdminItemResult {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

export interface DeleteTopicResult extends AdminItemResult {
  readonly name: string;
  readonly topicId: string;
}

export interface CreatePartitionsResult extends AdminItemResult {
  readonly name: string;
}

export interface TopicListing {
  readonly name: string;
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly partitions: number;
}

export type LeaderRecoveryState = "recovered" | "recovering";

/** A partition's replication state as the controller's metadata holds it. */
export interface PartitionDescription {
  readonly partition: number;
  /** -1 when offline. */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  readonly addingReplicas: readonly number[];
  readonly removingReplicas: readonly number[];
  readonly leaderRecoveryState: LeaderRecoveryState;
}

export interface TopicDescription extends AdminItemResult {
  readonly name: string;
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly partitions: readonly PartitionDescription[];
}

export type ControllerRole = "leader" | "follower" | "candidate" | "observer" | "unknown";

export interface ControllerDescription {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly role: ControllerRole;
  /** -1 when unknown. */
  readonly logEndOffset: number;
  /** Records behind the leader; -1 when unknown. */
  readonly lag: number;
  readonly lastFetchTimestampMs: number;
  readonly lastCaughtUpTimestampMs: number;
}

export type BrokerState = "fenced" | "active" | "controlled-shutdown" | "unknown";

export interface BrokerDescription {
  readonly nodeId: number;
  readonly endpoints: readonly { readonly listener: string; readonly host: string; readonly port: number }[];
  readonly rack: string;
  readonly brokerEpoch: number;
  readonly incarnationId: string;
  readonly state: BrokerState;
  readonly metadataOffset: number;
}

export interface ClusterDescription {
  readonly clusterId: string;
  /** -1 while an election runs. */
  readonly activeControllerId: number;
  readonly raftTerm: number;
  readonly highWatermark: number;
  readonly controllers: readonly ControllerDescription[];
  readonly brokers: readonly BrokerDescription[];
  /** The address that answered. */
  readonly answeredBy: string;
}

export type ConfigResourceType = "topic" | "broker" | "group";

export interface ConfigResource {
  readonly type: ConfigResourceType;
  /** Topic name, broker node id ("" for the cluster default), or group id. */
  readonly name: string;
}

export type ConfigSource = "dynamic-resource" | "dynamic-default" | "static" | "default" | "unknown";

export interface DescribedConfig {
  readonly name: string;
  readonly value: string;
  readonly readOnly: boolean;
  readonly source: ConfigSource;
  readonly isSensitive: boolean;
}

export interface DescribeConfigsResult extends AdminItemResult {
  readonly resource: ConfigResource;
  readonly configs: readonly DescribedConfig[];
}

export type AlterConfigOperation = "set" | "delete" | "append" | "subtract";

export interface ConfigChange {
  readonly name: string;
  readonly operation: AlterConfigOperation;
  /** For set, append and subtract. */
  readonly value?: string;
}

export interface AlterConfigsResult extends AdminItemResult {
  readonly resource: ConfigResource;
}

export type ElectionType = "preferred" | "unclean";

export interface ElectLeadersResult extends AdminItemResult {
  readonly topic: string;
  readonly partition: number;
}

/** A partition's target replicas (in preference order), or `null` to cancel its ongoing move. */
export interface PartitionReassignment {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[] | null;
}

export interface ReassignmentResult extends AdminItemResult {
  readonly topic: string;
  readonly partition: number;
}

/** A move in progress: `replicas` is the union of the original and target sets. */
export interface OngoingReassignment {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[];
  readonly addingReplicas: readonly number[];
  readonly removingReplicas: readonly number[];
}

/** One partition log on a broker (DescribeLogDirs). */
export interface LogDirPartition {
  readonly topic: string;
  readonly partition: number;
  /** Bytes of the log's segment files on that broker. */
  readonly sizeBytes: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly isLeader: boolean;
  /** Bytes of a sealed segment being bulk-copied and not yet installed; 0 when none. */
  readonly bulkCopyStagedBytes: number;
}

/** One broker's answer to DescribeLogDirs, or why it gave none. */
export interface BrokerLogDirs {
  readonly brokerId: number;
  readonly address: string;
  /** null when the broker answered. */
  readonly error: RillError | null;
  readonly partitions: readonly LogDirPartition[];
}

/** Options every admin call takes. */
export interface AdminCallOptions {
  /** The deadline for the whole call, retries included; default the client's. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}
