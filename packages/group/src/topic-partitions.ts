/**
 * A set of topic-partitions (an assignment, an owned set): topic name → partition indexes.
 * Values are immutable: every operation returns a new map; empty topics are never kept, so two
 * equal sets have the same topics.
 */
export type TopicPartitions = ReadonlyMap<string, ReadonlySet<number>>;

export const EMPTY_TOPIC_PARTITIONS: TopicPartitions = new Map();

/** Builds a set from `[topic, partitions]` pairs (duplicates merged, empty topics dropped). */
export function topicPartitionsOf(entries: Iterable<readonly [string, Iterable<number>]>): TopicPartitions {
  const result = new Map<string, Set<number>>();
  for (const [topic, partitions] of entries) {
    for (const partition of partitions) {
      let set = result.get(topic);
      if (set === undefined) {
        set = new Set();
        result.set(topic, set);
      }
      set.add(partition);
    }
  }
  return result;
}

export function countPartitions(set: TopicPartitions): number {
  let count = 0;
  for (const partitions of set.values()) count += partitions.size;
  return count;
}

export function hasPartition(set: TopicPartitions, topic: string, partition: number): boolean {
  return set.get(topic)?.has(partition) === true;
}

export function isEmptyTopicPartitions(set: TopicPartitions): boolean {
  return set.size === 0;
}

/** Every partition of `a` also in `b` (`keep` true) or not in `b` (`keep` false). */
function filter(a: TopicPartitions, b: TopicPartitions, keep: boolean): TopicPartitions {
  const result = new Map<string, Set<number>>();
  for (const [topic, partitions] of a) {
    const other = b.get(topic);
    for (const partition of partitions) {
      if ((other?.has(partition) === true) !== keep) continue;
      let set = result.get(topic);
      if (set === undefined) {
        set = new Set();
        result.set(topic, set);
      }
      set.add(partition);
    }
  }
  return result;
}

export function intersection(a: TopicPartitions, b: TopicPartitions): TopicPartitions {
  return filter(a, b, true);
}

export function difference(a: TopicPartitions, b: TopicPartitions): TopicPartitions {
  return filter(a, b, false);
}

export function union(a: TopicPartitions, b: TopicPartitions): TopicPartitions {
  return topicPartitionsOf([...a, ...b]);
}

export function equalTopicPartitions(a: TopicPartitions, b: TopicPartitions): boolean {
  if (a.size !== b.size) return false;
  for (const [topic, partitions] of a) {
    const other = b.get(topic);
    if (other === undefined || other.size !== partitions.size) return false;
    for (const partition of partitions) if (!other.has(partition)) return false;
  }
  return true;
}

/** True when every partition of `a` is in `b`. */
export function isSubset(a: TopicPartitions, b: TopicPartitions): boolean {
  return difference(a, b).size === 0;
}

/** Topics by name, partitions ascending: the stable order of answers and records. */
export function sortedTopicPartitions(set: TopicPartitions): { topic: string; partitions: number[] }[] {
  return [...set.keys()]
    .sort()
    .map((topic) => ({ topic, partitions: [...(set.get(topic) ?? [])].sort((x, y) => x - y) }));
}

/** "topic\u0000partition": a flat key for maps of single partitions. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
