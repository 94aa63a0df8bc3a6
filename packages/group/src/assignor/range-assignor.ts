import { type TopicPartitions, topicPartitionsOf } from "../topic-partitions.js";
import type { AssignorInput } from "./assignor-types.js";

/**
 * Kafka's range assignor, per topic: the topic's subscribers sorted by member id take contiguous
 * ranges of partitions, the first `partitions % members` one more than the others. Members with
 * the same subscriptions get the same partition indexes of co-partitioned topics (joins by key).
 */
export function rangeAssignor(input: AssignorInput): Map<string, TopicPartitions> {
  const byMember = new Map<string, [string, number[]][]>();
  for (const member of input.members) byMember.set(member.memberId, []);
  const topicNames = new Set(input.members.flatMap((member) => member.subscribedTopics));
  for (const topic of [...topicNames].sort()) {
    const partitionCount = input.topics.get(topic)?.partitionCount ?? 0;
    const subscribers = input.members.filter((member) => member.subscribedTopics.includes(topic));
    const quota = Math.floor(partitionCount / subscribers.length);
    const extra = partitionCount % subscribers.length;
    let next = 0;
    subscribers.forEach((member, index) => {
      const count = quota + (index < extra ? 1 : 0);
      const partitions = Array.from({ length: count }, (_, offset) => next + offset);
      next += count;
      byMember.get(member.memberId)?.push([topic, partitions]);
    });
  }
  return new Map([...byMember].map(([memberId, entries]) => [memberId, topicPartitionsOf(entries)]));
}
