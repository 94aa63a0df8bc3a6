/**
 * Read-only views of the image for admin APIs (describe topics, describe cluster, list
 * reassignments). Reads need no records.
 */
import { RillError } from "@rill/protocol";
import type { BrokerRegistration, MetadataImage, PartitionRegistration } from "../image/metadata-image.js";
import { TOPIC_CONFIGS } from "./topic-configs.js";

export interface TopicDescription {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: readonly ({ readonly partition: number } & PartitionRegistration)[];
  /** Every known topic config: the topic's own value or the default. */
  readonly configs: Readonly<Record<string, { value: string; isDefault: boolean }>>;
}

export function describeTopic(image: MetadataImage, name: string): TopicDescription {
  const topic = image.topicByName(name);
  if (topic === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `Unknown topic ${name}`);
  const own = image.configsOf({ type: "topic", name });
  const configs: Record<string, { value: string; isDefault: boolean }> = {};
  for (const [key, definition] of Object.entries(TOPIC_CONFIGS)) {
    const value = own.get(key);
    configs[key] =
      value === undefined ? { value: definition.defaultValue, isDefault: true } : { value, isDefault: false };
  }
  const partitions = [...topic.partitions.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partition, registration]) => ({ partition, ...registration }));
  return { name, topicId: topic.topicId, partitions, configs };
}

export function listTopics(image: MetadataImage): { name: string; topicId: string; partitions: number }[] {
  return [...image.topicsById.values()]
    .map((topic) => ({ name: topic.name, topicId: topic.topicId, partitions: topic.partitions.size }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function describeBrokers(image: MetadataImage): BrokerRegistration[] {
  return [...image.brokers.values()].sort((a, b) => a.brokerId - b.brokerId);
}

export function listPartitionReassignments(image: MetadataImage): {
  topic: string;
  partition: number;
  replicas: readonly number[];
  addingReplicas: readonly number[];
  removingReplicas: readonly number[];
}[] {
  const result = [];
  for (const topic of image.topicsById.values()) {
    for (const [partition, registration] of topic.partitions) {
      if (registration.addingReplicas.length === 0 && registration.removingReplicas.length === 0) continue;
      result.push({
        topic: topic.name,
        partition,
        replicas: registration.replicas,
        addingReplicas: registration.addingReplicas,
        removingReplicas: registration.removingReplicas,
      });
    }
  }
  return result;
}
