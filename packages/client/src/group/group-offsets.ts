import { errorNameForCode, RillError } from "@rill/protocol";
import type { TopicPartition, TopicPartitionOffset } from "../consumer/consumer-types.js";
import { COORDINATOR_MOVED, type CoordinatorClient } from "./coordinator-client.js";

/** Who commits: a member (its id and epoch fence zombies) or nobody (-1: an admin reset, assign mode). */
export interface CommitIdentity {
  readonly memberId: string;
  /** The member epoch; -1 for a commit outside membership (refused while the group has members). */
  readonly memberEpoch: number;
  readonly groupInstanceId: string;
}

/** An offset to commit, with optional metadata (Kafka OffsetAndMetadata). */
export interface OffsetToCommit extends TopicPartitionOffset {
  /** Free-form text stored with the offset (size-limited by the coordinator). */
  readonly metadata?: string;
}

/** A committed offset as the coordinator holds it. */
export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group reads; -1 when the group has no offset for the partition. */
  readonly offset: number;
  readonly metadata: string;
}

/** The longest metadata string a commit sends (Kafka offset.metadata.max.bytes is 4 KiB). */
export const offsetMetadataCharsMax = 4096;

/**
 * Commits offsets for a group, retried at the coordinator until `timeoutMs` (repeating a commit
 * stores the same offsets). Throws the first partition's error as a typed RillError (details:
 * topic, partition); a commit that may have been stored but was not confirmed is INDETERMINATE.
 * `identity` is read on every attempt, so a retry after STALE_MEMBER_EPOCH sends the member's
 * newest epoch.
 */
export async function commitGroupOffsets(
  coordinator: CoordinatorClient,
  groupId: string,
  identity: () => CommitIdentity,
  offsets: readonly OffsetToCommit[],
  options: { readonly timeoutMs: number; readonly retryOn?: ReadonlySet<string> },
): Promise<void> {
  if (offsets.length === 0) return;
  for (const entry of offsets) {
    if (!(Number.isSafeInteger(entry.offset) && entry.offset >= 0)) {
      throw new RillError(
        "INVALID_COMMIT_OFFSET_SIZE",
        `offset ${entry.offset} for ${entry.topic}-${entry.partition} is not an integer >= 0`,
        { details: { topic: entry.topic, partition: entry.partition } },
      );
    }
    if ((entry.metadata ?? "").length > offsetMetadataCharsMax) {
      throw new RillError(
        "OFFSET_METADATA_TOO_LARGE",
        `the metadata for ${entry.topic}-${entry.partition} is longer than ${offsetMetadataCharsMax} characters`,
        { details: { topic: entry.topic, partition: entry.partition } },
      );
    }
  }
  const byTopic = new Map<string, OffsetToCommit[]>();
  for (const entry of offsets) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);
  await coordinator.call(
    groupId,
    "offsetCommit",
    () => {
      const who = identity();
      return {
        groupId,
        generationId: who.memberEpoch,
        memberId: who.memberId,
        groupInstanceId: who.groupInstanceId,
        topics: [...byTopic].map(([name, entries]) => ({
          name,
          partitions: entries.map((entry) => ({
            partitionIndex: entry.partition,
            committedOffset: entry.offset,
            committedLeaderEpoch: -1,
            committedMetadata: entry.metadata ?? "",
          })),
        })),
      };
    },
    {
      timeoutMs: options.timeoutMs,
      mutating: true,
      ...(options.retryOn === undefined ? {} : { retryOn: options.retryOn }),
      check: (response) => {
        for (const topic of response.topics) {
          for (const partition of topic.partitions) {
            if (partition.errorCode !== 0) {
              throw partitionError(coordinator, groupId, topic.name, partition);
            }
          }
        }
      },
    },
  );
}

/** A per-partition error as a typed RillError; a coordinator move also forgets the coordinator. */
function partitionError(
  coordinator: CoordinatorClient,
  groupId: string,
  topic: string,
  partition: { partitionIndex: number; errorCode: number; errorMessage: string },
): RillError {
  const name = errorNameForCode(partition.errorCode);
  if (COORDINATOR_MOVED.has(name)) coordinator.forget(groupId);
  return new RillError(name, partition.errorMessage === "" ? undefined : partition.errorMessage, {
    details: { groupId, topic, partition: partition.partitionIndex },
  });
}

/**
 * The group's committed offsets: of the given partitions (one entry each, offset -1 when none),
 * or, without partitions, every partition the group has an offset for.
 */
export async function fetchGroupOffsets(
  coordinator: CoordinatorClient,
  groupId: string,
  partitions: readonly TopicPartition[] | undefined,
  timeoutMs: number,
): Promise<CommittedOffset[]> {
  const byTopic = new Map<string, number[]>();
  for (const entry of partitions ?? []) {
    byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry.partition]);
  }
  const { value } = await coordinator.call(
    groupId,
    "offsetFetch",
    () => ({
      groupId,
      topics: [...byTopic].map(([name, indexes]) => ({ name, partitionIndexes: indexes })),
      requireStable: false,
    }),
    {
      timeoutMs,
      mutating: false,
      check: (response) => {
        for (const topic of response.topics) {
          for (const partition of topic.partitions) {
            if (partition.errorCode !== 0) {
              throw partitionError(coordinator, groupId, topic.name, partition);
            }
          }
        }
      },
    },
  );
  const found: CommittedOffset[] = [];
  for (const topic of value.topics) {
    for (const partition of topic.partitions) {
      found.push({
        topic: topic.name,
        partition: partition.partitionIndex,
        offset: partition.committedOffset,
        metadata: partition.metadata,
      });
    }
  }
  return found;
}
