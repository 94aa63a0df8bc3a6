/**
 * BrokerService.Metadata answered from the broker's metadata image (Kafka's Metadata request):
 * the live brokers with their client endpoints, and the requested topics with each partition's
 * leader, leader epoch, replicas, ISR and offline replicas. Pure: image in, response out.
 */
import type { BrokerRegistration, MetadataImage, TopicImage } from "@rill/metadata";
import { type BrokerV1, type CommonV1, ErrorCodes } from "@rill/protocol";

/** The listener name brokers register their one gRPC endpoint under. */
export const CLIENT_LISTENER_NAME = "CLIENT";
/** The most topics one Metadata request may name (the whole cluster can be asked with all_topics). */
export const METADATA_REQUEST_TOPICS_MAX = 10_000;

export interface MetadataResponseContext {
  readonly clusterId: string;
  /** The active controller's node id as last seen; -1 when unknown. */
  readonly controllerId: number;
}

/** Topics whose name starts with "__" are internal (e.g. __consumer_offsets), as in Kafka. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("__");
}

/** The endpoint clients should use, or undefined when the broker registered none. */
export function clientEndpoint(broker: BrokerRegistration): { host: string; port: number } | undefined {
  return broker.endpoints.find((endpoint) => endpoint.name === CLIENT_LISTENER_NAME) ?? broker.endpoints[0];
}

function brokerNodes(image: MetadataImage): CommonV1.Node[] {
  const nodes: CommonV1.Node[] = [];
  for (const broker of [...image.brokers.values()].sort((a, b) => a.brokerId - b.brokerId)) {
    if (broker.fenced) continue;
    const endpoint = clientEndpoint(broker);
    if (endpoint === undefined) continue;
    nodes.push({
      nodeId: broker.brokerId,
      host: endpoint.host,
      port: endpoint.port,
      rack: broker.rack ?? "",
    });
  }
  return nodes;
}

function describeTopic(image: MetadataImage, topic: TopicImage): BrokerV1.TopicMetadata {
  const partitions: BrokerV1.PartitionMetadata[] = [];
  for (const index of [...topic.partitions.keys()].sort((a, b) => a - b)) {
    const partition = topic.partitions.get(index)!;
    const offline = partition.replicas.filter((id) => {
      const broker = image.brokers.get(id);
      return broker === undefined || broker.fenced;
    });
    partitions.push({
      errorCode: partition.leader < 0 ? ErrorCodes.LEADER_NOT_AVAILABLE.code : ErrorCodes.NONE.code,
      partitionIndex: index,
      leaderId: partition.leader,
      leaderEpoch: partition.leaderEpoch,
      replicaNodes: [...partition.replicas],
      isrNodes: [...partition.isr],
      offlineReplicas: offline,
    });
  }
  return {
    errorCode: ErrorCodes.NONE.code,
    errorMessage: "",
    name: topic.name,
    topicId: topic.topicId,
    isInternal: isInternalTopic(topic.name),
    partitions,
  };
}

/** The Metadata response for `request` from `image`. Unknown topics get UNKNOWN_TOPIC_OR_PARTITION. */
export function buildMetadataResponse(
  image: MetadataImage,
  request: BrokerV1.MetadataRequest__Output,
  context: MetadataResponseContext,
): BrokerV1.MetadataResponse {
  const topics: BrokerV1.TopicMetadata[] = [];
  if (request.allTopics) {
    for (const name of [...image.topicIdsByName.keys()].sort()) {
      const topic = image.topicByName(name);
      if (topic !== undefined) topics.push(describeTopic(image, topic));
    }
  } else {
    for (const name of new Set(request.topics)) {
      const topic = image.topicByName(name);
      if (topic !== undefined) {
        topics.push(describeTopic(image, topic));
        continue;
      }
      topics.push({
        errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
        errorMessage: `Topic ${name} does not exist (as of metadata offset ${image.offset})`,
        name,
        topicId: "",
        isInternal: isInternalTopic(name),
        partitions: [],
      });
    }
  }
  return {
    brokers: brokerNodes(image),
    clusterId: context.clusterId,
    controllerId: context.controllerId,
    topics,
    metadataOffset: image.offset,
  };
}
