import type { BrokerV1 } from "@rill/protocol";
import type { PartitionSummary } from "../replica/replica-manager-types.js";

/**
 * DescribeLogDirs (Kafka's, reduced to what Rill has: one log dir per broker): the partition
 * logs this broker hosts with their size on disk and offsets, filtered by topic. Reassignment
 * tools read it to count bytes to move and to show a new replica's copy progress.
 */
export function describeLogDirs(
  brokerId: number,
  partitions: readonly PartitionSummary[],
  request: BrokerV1.DescribeLogDirsRequest__Output,
): BrokerV1.DescribeLogDirsResponse {
  const topics = new Set(request.topics);
  return {
    brokerId,
    partitions: partitions
      .filter((partition) => topics.size === 0 || topics.has(partition.topic))
      .map((partition) => ({
        topic: partition.topic,
        partition: partition.partition,
        sizeBytes: partition.sizeBytes,
        logStartOffset: partition.logStartOffset,
        logEndOffset: partition.logEndOffset,
        isLeader: partition.role === "leader",
        bulkCopyStagedBytes: partition.bulkCopyStagedBytes,
      })),
  };
}
