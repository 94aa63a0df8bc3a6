/**
 * BrokerService.Metadata answered from the broker's metadata image (Kafka's Metadata request):
 * the live brokers with their client endpoints, and the requested topics with each partition's
 * leader, leader epoch, replicas, ISR and offline replicas. Pure: image in, response out.
 */
import type { BrokerRegistration, MetadataImage, TopicImage } from "@rill/metadata";
import { type BrokerV1, type CommonV1, ErrorCodes } from "@rill/protocol";
import { DEFAULT_LISTENER_NAME } from "./listeners.js";

/** The listener name of a broker configured with one bare host:port (see listeners.ts). */
export const CLIENT_LISTENER_NAME = DEFAULT_LISTENER_NAME;
/** The most topics one Metadata request may name (the whole cluster can be asked with all_topics). */
export const METADATA_REQUEST_TOPICS_MAX = 10_000;

export interface MetadataResponseContext {
  readonly clusterId: string;
  /** The active controller's node id as last seen; -1 when unknown. */
  readonly controllerId: number;
  /** The listener the request arrived on: brokers are described by their endpoint of that name. Default CLIENT. */
  readonly listenerName?: string;
}

/** Topics whose name starts with "__" are internal (e.g. __consumer_offsets), as in Kafka. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("__");
}

/**
 * The endpoint a client that connected through `listenerName` should use: the broker's endpoint
 * of that name; a broker with a single endpoint (registered before listeners had names, or
 * configured with one) is described by it whatever its name. Undefined: the broker has no such
 * listener and is left out of the answer, as Kafka does.
 */
export function clientEndpoint(
  broker: BrokerRegistration,
  listenerName: string = CLIENT_LISTENER_NAME,
): { host: string; port: number } | undefined {
  const named = broker.endpoints.find((endpoint) => endpoint.name === listenerName);
  if (named !== undefined) return named;
  return broker.endpoints.length === 1 ? broker.endpoints[0] : undefined;
}

function brokerNodes(image: MetadataImage, listenerName: string | undefined): CommonV1.Node[] {
  const nodes: CommonV1.Node[] = [];
  for (const broker of [...image.brokers.values()].sort((a, b) => a.brokerId - b.brokerId)) {
    if (broker.fenced) continue;
    const endpoint = clientEndpoint(broker, listenerName);
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
    brokers: brokerNodes(image, context.listenerName),
    clusterId: context.clusterId,
    controllerId: context.controllerId,
    topics,
    metadataOffset: image.offset,
  };
}
