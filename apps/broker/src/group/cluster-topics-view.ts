import type { ClusterTopics, TopicDescription } from "@rill/group";
import type { MetadataImage } from "@rill/metadata";

const views = new WeakMap<MetadataImage, ClusterTopics>();

/**
 * The topics of a metadata image as the group core sees them (partition counts and replica
 * racks), built once per image: heartbeats of every group read the same view.
 */
export function clusterTopicsOf(image: MetadataImage): ClusterTopics {
  const cached = views.get(image);
  if (cached !== undefined) return cached;
  const anyRack = [...image.brokers.values()].some((broker) => broker.rack !== null);
  const topics = new Map<string, TopicDescription>();
  for (const topic of image.topicsById.values()) {
    const partitionRacks: string[][] = [];
    if (anyRack) {
      for (let partition = 0; partition < topic.partitions.size; partition += 1) {
        const replicas = topic.partitions.get(partition)?.replicas ?? [];
        partitionRacks.push(
          replicas.flatMap((brokerId) => {
            const rack = image.brokers.get(brokerId)?.rack;
            return rack === null || rack === undefined ? [] : [rack];
          }),
        );
      }
    }
    topics.set(topic.name, { partitionCount: topic.partitions.size, partitionRacks });
  }
  views.set(image, topics);
  return topics;
}
