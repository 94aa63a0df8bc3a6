import { RillError } from "@rill/protocol";
import type { ClusterTopics } from "./cluster-topics.js";
import type { ConsumerGroup } from "./consumer-group.js";
import type { GroupCoordinatorConfig } from "./group-config.js";

/** A committed offset as stored. */
export interface OffsetAndMetadata {
  /** The next offset the group will read. */
  readonly offset: number;
  /** The leader epoch of the last consumed record; -1 when unknown. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestampMs: number;
}

/** One partition's commit in a request. */
export interface PartitionCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string;
}

/** Who commits: a member (with its epoch) or, with generation -1, nobody (admin, assign mode). */
export interface CommitIdentity {
  readonly memberId: string;
  readonly instanceId: string;
  /** The member epoch; -1 for a commit outside membership. */
  readonly generationId: number;
}

/**
 * Refuses a commit that the group's membership does not allow (the whole request fails the same
 * way for every partition), per KIP-848:
 * - generation -1 (outside membership) only while the group has no members: UNKNOWN_MEMBER_ID;
 * - an unknown member: UNKNOWN_MEMBER_ID; a static member under another instance id:
 *   FENCED_INSTANCE_ID;
 * - an epoch older than the member's: STALE_MEMBER_EPOCH (retry after the next heartbeat);
 *   a newer one: FENCED_MEMBER_EPOCH (a zombie: rejoin).
 */
export function checkCommitIdentity(group: ConsumerGroup | undefined, identity: CommitIdentity): void {
  if (identity.generationId < 0 && identity.memberId === "") {
    if (group !== undefined && group.members.size > 0) {
      throw new RillError(
        "UNKNOWN_MEMBER_ID",
        `group ${group.groupId} has ${group.members.size} members: a commit outside membership (generation -1) is refused while it has any`,
      );
    }
    return;
  }
  const member = group?.members.get(identity.memberId);
  if (group === undefined || member === undefined) {
    throw new RillError("UNKNOWN_MEMBER_ID", `member ${identity.memberId} is not in the group`);
  }
  if (member.instanceId !== identity.instanceId) {
    throw new RillError(
      "FENCED_INSTANCE_ID",
      `member ${identity.memberId} has instance id "${member.instanceId}", not "${identity.instanceId}"`,
    );
  }
  if (identity.generationId < member.memberEpoch) {
    throw new RillError(
      "STALE_MEMBER_EPOCH",
      `member epoch ${identity.generationId} is older than the member's ${member.memberEpoch}`,
      { details: { memberEpoch: member.memberEpoch } },
    );
  }
  if (identity.generationId > member.memberEpoch) {
    throw new RillError(
      "FENCED_MEMBER_EPOCH",
      `member epoch ${identity.generationId} is newer than the member's ${member.memberEpoch}`,
      { details: { memberEpoch: member.memberEpoch } },
    );
  }
}

/** The error of one partition's commit, or undefined when it may be stored. */
export function checkPartitionCommit(
  commit: PartitionCommit,
  topics: ClusterTopics,
  config: GroupCoordinatorConfig,
): RillError | undefined {
  const partitionCount = topics.get(commit.topic)?.partitionCount;
  if (partitionCount === undefined || commit.partition < 0 || commit.partition >= partitionCount) {
    return new RillError("UNKNOWN_TOPIC_OR_PARTITION", `${commit.topic}-${commit.partition} does not exist`);
  }
  if (!Number.isSafeInteger(commit.offset) || commit.offset < 0) {
    return new RillError("INVALID_COMMIT_OFFSET_SIZE", `offset ${commit.offset} is not a valid offset`);
  }
  const metadataBytes = utf8Length(commit.metadata);
  if (metadataBytes > config.offsetMetadataBytesMax) {
    return new RillError(
      "OFFSET_METADATA_TOO_LARGE",
      `the commit metadata is ${metadataBytes} bytes, more than ${config.offsetMetadataBytesMax}`,
    );
  }
  return undefined;
}

/** UTF-8 byte length without allocating an encoder's output (the core has no Buffer). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}
