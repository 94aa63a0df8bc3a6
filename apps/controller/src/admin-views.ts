/**
 * Read-only answers built from the committed metadata image, in the ControllerService's message
 * shapes: topic listings and descriptions, brokers, configs, reassignments. Pure functions of the
 * image; the service decides which image (after a read barrier) they read.
 */
import {
  type BrokerRegistration,
  configResourceKey,
  describeBrokers,
  describeTopic,
  listPartitionReassignments,
  type MetadataImage,
  TOPIC_CONFIGS,
} from "@rill/metadata";
import { type ControllerV1, isRillError, RillError } from "@rill/protocol";
import type { NodeId } from "@rill/protocol/ids";

/** Kafka's convention: topics whose name starts with "__" are internal (e.g. __consumer_offsets). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("__");
}

/** The error fields of one item of a batch response. */
export function itemError(error: unknown): { errorCode: number; errorMessage: string } {
  if (!isRillError(error)) throw error;
  return { errorCode: error.code, errorMessage: error.message };
}

export function listTopicsView(image: MetadataImage, includeInternal: boolean): ControllerV1.TopicListing[] {
  const listings: ControllerV1.TopicListing[] = [];
  for (const topic of image.topicsById.values()) {
    const internal = isInternalTopic(topic.name);
    if (internal && !includeInternal) continue;
    listings.push({
      name: topic.name,
      topicId: topic.topicId,
      isInternal: internal,
      partitionCount: topic.partitions.size,
    });
  }
  return listings.sort((a, b) => ((a.name ?? "") < (b.name ?? "") ? -1 : 1));
}

export function describeTopicView(image: MetadataImage, name: string): ControllerV1.TopicDescription {
  try {
    const description = describeTopic(image, name);
    return {
      name,
      topicId: description.topicId,
      errorCode: 0,
      errorMessage: "",
      isInternal: isInternalTopic(name),
      partitions: description.partitions.map((partition) => ({
        partitionIndex: partition.partition,
        leaderId: partition.leader,
        leaderEpoch: partition.leaderEpoch,
        partitionEpoch: partition.partitionEpoch,
        replicas: [...partition.replicas],
        isr: [...partition.isr],
        offlineReplicas: partition.replicas.filter((id) => !image.isBrokerActive(id)),
        addingReplicas: [...partition.addingReplicas],
        removingReplicas: [...partition.removingReplicas],
        leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
      })),
    };
  } catch (error) {
    return { name, topicId: "", ...itemError(error), isInternal: false, partitions: [] };
  }
}

function brokerState(broker: BrokerRegistration): ControllerV1.BrokerState {
  if (broker.inControlledShutdown) return "BROKER_STATE_CONTROLLED_SHUTDOWN";
  return broker.fenced ? "BROKER_STATE_FENCED" : "BROKER_STATE_ACTIVE";
}

/**
 * `metadataOffsetOf` gives the metadata offset each broker last reported in a heartbeat (soft
 * state of the active controller; -1 when unknown, e.g. on a follower controller).
 */
export function brokersView(
  image: MetadataImage,
  includeFenced: boolean,
  metadataOffsetOf: (brokerId: NodeId) => number | undefined = () => undefined,
): ControllerV1.BrokerDescription[] {
  return describeBrokers(image)
    .filter((broker) => includeFenced || !broker.fenced)
    .map((broker) => ({
      nodeId: broker.brokerId,
      endpoints: broker.endpoints.map((endpoint) => ({
        listenerName: endpoint.name,
        host: endpoint.host,
        port: endpoint.port,
      })),
      rack: broker.rack ?? "",
      brokerEpoch: broker.brokerEpoch,
      incarnationId: broker.incarnationId,
      state: brokerState(broker),
      metadataOffset: metadataOffsetOf(broker.brokerId) ?? -1,
    }));
}

export function reassignmentsView(
  image: MetadataImage,
  filter: readonly ControllerV1.TopicPartitions__Output[],
): ControllerV1.OngoingPartitionReassignment[] {
  const wanted = (topic: string, partition: number): boolean =>
    filter.length === 0 ||
    filter.some(
      (entry) =>
        entry.topic === topic && (entry.partitions.length === 0 || entry.partitions.includes(partition)),
    );
  return listPartitionReassignments(image)
    .filter((entry) => wanted(entry.topic, entry.partition))
    .map((entry) => ({
      topic: entry.topic,
      partitionIndex: entry.partition,
      replicas: [...entry.replicas],
      addingReplicas: [...entry.addingReplicas],
      removingReplicas: [...entry.removingReplicas],
    }));
}

/** The metadata layer's config resource for a request's (type, name); throws INVALID_REQUEST. */
export function configResourceOf(
  type: ControllerV1.ConfigResourceType__Output,
  name: string,
): { type: "topic" | "broker" | "cluster"; name: string } {
  switch (type) {
    case "CONFIG_RESOURCE_TYPE_TOPIC":
      return { type: "topic", name };
    case "CONFIG_RESOURCE_TYPE_BROKER":
      // Kafka's convention: the empty broker name is the cluster-wide default.
      return name === "" ? { type: "cluster", name: "" } : { type: "broker", name };
    case "CONFIG_RESOURCE_TYPE_GROUP":
      throw new RillError("INVALID_REQUEST", "Group configs are not kept by the controller");
    default:
      throw new RillError("INVALID_REQUEST", `Unknown config resource type ${String(type)}`);
  }
}

export function describeConfigsView(
  image: MetadataImage,
  resource: ControllerV1.DescribeConfigsResource__Output,
  options: { includeSynonyms: boolean; includeDocumentation: boolean },
): ControllerV1.DescribeConfigsResult {
  const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
  try {
    const target = configResourceOf(resource.resourceType, resource.resourceName);
    const wanted = (name: string): boolean =>
      resource.configNames.length === 0 || resource.configNames.includes(name);
    const configs: ControllerV1.DescribedConfig[] = [];
    if (target.type === "topic") {
      const description = describeTopic(image, target.name);
      for (const [name, entry] of Object.entries(description.configs)) {
        if (!wanted(name)) continue;
        const definition = TOPIC_CONFIGS[name];
        const source = entry.isDefault ? "CONFIG_SOURCE_DEFAULT" : "CONFIG_SOURCE_DYNAMIC_RESOURCE";
        configs.push({
          name,
          value: entry.value,
          readOnly: false,
          source,
          isSensitive: false,
          synonyms:
            options.includeSynonyms && !entry.isDefault && definition !== undefined
              ? [{ name, value: definition.defaultValue, source: "CONFIG_SOURCE_DEFAULT" }]
              : [],
          documentation: options.includeDocumentation ? (definition?.documentation ?? "") : "",
        });
      }
    } else {
      const own = image.configs.get(configResourceKey(target)) ?? new Map<string, string>();
      const clusterDefaults =
        target.type === "broker"
          ? (image.configs.get(configResourceKey({ type: "cluster", name: "" })) ?? new Map<string, string>())
          : new Map<string, string>();
      const names = new Set([...own.keys(), ...clusterDefaults.keys()]);
      for (const name of [...names].sort()) {
        if (!wanted(name)) continue;
        const ownValue = own.get(name);
        const defaultValue = clusterDefaults.get(name);
        const value = ownValue ?? defaultValue ?? "";
        const source =
          target.type === "cluster" || ownValue === undefined
            ? "CONFIG_SOURCE_DYNAMIC_DEFAULT"
            : "CONFIG_SOURCE_DYNAMIC_RESOURCE";
        configs.push({
          name,
          value,
          readOnly: false,
          source,
          isSensitive: false,
          synonyms:
            options.includeSynonyms && ownValue !== undefined && defaultValue !== undefined
              ? [{ name, value: defaultValue, source: "CONFIG_SOURCE_DYNAMIC_DEFAULT" }]
              : [],
          documentation: "",
        });
      }
    }
    return { ...base, errorCode: 0, errorMessage: "", configs };
  } catch (error) {
    return { ...base, ...itemError(error), configs: [] };
  }
}
