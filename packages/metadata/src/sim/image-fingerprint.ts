/**
 * A canonical text of a metadata image's state (not its offset), equal for two images exactly
 * when they hold the same state, whatever order their maps were built in (an image loaded from a
 * snapshot iterates in sorted order, a replayed one in creation order). Parts are cached per
 * immutable object, so fingerprinting successive images costs about what changed.
 */
import type { MetadataImage, PartitionRegistration, TopicImage } from "../image/metadata-image.js";

const topicTexts = new WeakMap<TopicImage, string>();

export function partitionText(partition: PartitionRegistration): string {
  return [
    partition.leader,
    partition.leaderEpoch,
    partition.partitionEpoch,
    partition.replicas.join(","),
    partition.isr.join(","),
    partition.addingReplicas.join(","),
    partition.removingReplicas.join(","),
  ].join("/");
}

function topicText(topic: TopicImage): string {
  let text = topicTexts.get(topic);
  if (text === undefined) {
    const partitions = [...topic.partitions.keys()]
      .sort((a, b) => a - b)
      .map((index) => `${index}=${partitionText(topic.partitions.get(index)!)}`);
    text = `${topic.topicId}:${topic.name}[${partitions.join(" ")}]`;
    topicTexts.set(topic, text);
  }
  return text;
}

function sortedKeys<K extends string | number>(map: ReadonlyMap<K, unknown>): K[] {
  return [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function imageFingerprint(image: MetadataImage): string {
  const parts: string[] = [];
  for (const brokerId of sortedKeys(image.brokers)) {
    const broker = image.brokers.get(brokerId)!;
    const endpoints = broker.endpoints.map(
      (endpoint) => `${endpoint.name}@${endpoint.host}:${endpoint.port}`,
    );
    parts.push(
      `broker ${brokerId} ${broker.incarnationId} e${broker.brokerEpoch} fenced=${broker.fenced} ` +
        `shutdown=${broker.inControlledShutdown} at=${broker.registeredOffset} rack=${broker.rack} ${endpoints.join(",")}`,
    );
  }
  for (const topicId of sortedKeys(image.topicsById)) parts.push(topicText(image.topicsById.get(topicId)!));
  for (const name of sortedKeys(image.topicIdsByName))
    parts.push(`name ${name}=${image.topicIdsByName.get(name)}`);
  for (const key of sortedKeys(image.topicNamesByCollisionKey)) {
    parts.push(`collision ${key}=${image.topicNamesByCollisionKey.get(key)}`);
  }
  for (const resource of sortedKeys(image.configs)) {
    const entries = image.configs.get(resource)!;
    for (const key of sortedKeys(entries)) parts.push(`config ${resource} ${key}=${entries.get(key)}`);
  }
  const block = image.lastProducerIdsBlock;
  if (block !== null) parts.push(`producer ids ${block.brokerId}:${block.firstProducerId}+${block.size}`);
  return parts.join("\n");
}
