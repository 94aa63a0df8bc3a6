import type { TopicPartitions } from "./topic-partitions.js";

/**
 * Where a member stands on its way to its target assignment (Kafka's MemberState):
 * - "stable": it has all of its target at the target's epoch;
 * - "unrevoked-partitions": it must first give up `pendingRevocation` (confirmed by a heartbeat
 *   whose owned partitions no longer list them) before anything else changes;
 * - "unreleased-partitions": it is at the target epoch but some of its target partitions are
 *   still owned by others (waiting for them to revoke).
 */
export type MemberState = "stable" | "unrevoked-partitions" | "unreleased-partitions";

/** The member epoch of a static member that left temporarily (its partitions wait for it). */
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;
/** The member epoch of a member leaving the group. */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;

/** One member of a consumer group. Values are immutable: changes make a new member. */
export interface ConsumerGroupMember {
  readonly memberId: string;
  /** The static instance id (group.instance.id); "" for a dynamic member. */
  readonly instanceId: string;
  /** "" when unknown. */
  readonly rackId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: readonly string[];
  /** "" when subscribed by names. */
  readonly subscribedTopicRegex: string;
  /** "" for the default. */
  readonly serverAssignor: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  /** The epoch of the assignment the member has (LEAVE_GROUP_STATIC_MEMBER_EPOCH while away). */
  readonly memberEpoch: number;
  /**
   * The epoch before the last bump: a heartbeat at it is a retry after a lost answer. For a static
   * member away (epoch -2), the epoch it left with and resumes at.
   */
  readonly previousMemberEpoch: number;
  readonly state: MemberState;
  /** The partitions the member may own (given to it; excludes those pending revocation). */
  readonly assigned: TopicPartitions;
  /** The partitions it still owns but must give up; nobody else gets them before it confirms. */
  readonly pendingRevocation: TopicPartitions;
  /** When the member is removed unless it heartbeats (not persisted: restarts on load). */
  readonly sessionDeadlineMs: number;
  /** When the member is fenced unless it has revoked (-1 when nothing is pending). */
  readonly revocationDeadlineMs: number;
}
