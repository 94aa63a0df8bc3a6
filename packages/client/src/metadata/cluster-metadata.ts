import { type BrokerV1, RillError } from "@rill/protocol";
import { formatAddress } from "../connection/address.js";

/** A live broker as the Metadata RPC lists it. */
export interface BrokerNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string;
  /** "host:port", ready to dial. */
  readonly address: string;
}

/** One partition: where its leader is, in which leader epoch, and its replicas. */
export interface PartitionInfo {
  readonly partition: number;
  /** -1 when the partition has no leader (offline, or an election is running). */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  /** The partition's error (e.g. LEADER_NOT_AVAILABLE), null when none. */
  readonly error: RillError | null;
}

/** One topic; `error` is set (e.g. UNKNOWN_TOPIC_OR_PARTITION) when the broker does not know it. */
export interface TopicInfo {
  readonly name: string;
  readonly topicId: string;
  readonly isInternal: boolean;
  /** By partition index: partitions[i].partition === i. */
  readonly partitions: readonly PartitionInfo[];
  readonly error: RillError | null;
}

/** An immutable picture of the cluster from one Metadata answer. */
export interface ClusterMetadata {
  readonly clusterId: string;
  readonly controllerId: number;
  /** The metadata log offset the answering broker had applied: larger is newer. */
  readonly metadataOffset: number;
  readonly brokers: ReadonlyMap<number, BrokerNode>;
  readonly topics: ReadonlyMap<string, TopicInfo>;
}

function errorFromCode(code: number, message: string, context: Record<string, unknown>): RillError | null {
  return code === 0 ? null : RillError.fromCode(code, message === "" ? undefined : message, context);
}

/** Builds the picture from a Metadata response, checking what the client will rely on. */
export function clusterMetadataFromResponse(response: BrokerV1.MetadataResponse__Output): ClusterMetadata {
  const brokers = new Map<number, BrokerNode>();
  for (const node of response.brokers) {
    if (node.port < 1 || node.port > 65_535 || node.host === "") continue;
    brokers.set(node.nodeId, {
      nodeId: node.nodeId,
      host: node.host,
      port: node.port,
      rack: node.rack,
      address: formatAddress(node.host, node.port),
    });
  }
  const topics = new Map<string, TopicInfo>();
  for (const topic of response.topics) {
    const partitions = [...topic.partitions]
      .sort((left, right) => left.partitionIndex - right.partitionIndex)
      .map(
        (partition): PartitionInfo => ({
          partition: partition.partitionIndex,
          leaderId: partition.leaderId,
          leaderEpoch: partition.leaderEpoch,
          replicas: partition.replicaNodes,
          isr: partition.isrNodes,
          offlineReplicas: partition.offlineReplicas,
          error: errorFromCode(partition.errorCode, "", {
            topic: topic.name,
            partition: partition.partitionIndex,
          }),
        }),
      );
    // Partition indexes must be 0..n-1: the key partitioner relies on the count.
    const dense = partitions.every((partition, index) => partition.partition === index);
    const error =
      errorFromCode(topic.errorCode, topic.errorMessage, { topic: topic.name }) ??
      (dense
        ? null
        : new RillError(
            "UNKNOWN_SERVER_ERROR",
            `metadata for topic '${topic.name}' has gaps in its partitions`,
          ));
    topics.set(topic.name, {
      name: topic.name,
      topicId: topic.topicId,
      isInternal: topic.isInternal,
      partitions: dense ? partitions : [],
      error,
    });
  }
  return {
    clusterId: response.clusterId,
    controllerId: response.controllerId,
    metadataOffset: response.metadataOffset,
    brokers,
    topics,
  };
}
