// Original file: rill/group/v1/group_service.proto

import type { OffsetCommitRequestTopic as _rill_group_v1_OffsetCommitRequestTopic, OffsetCommitRequestTopic__Output as _rill_group_v1_OffsetCommitRequestTopic__Output } from '../../../rill/group/v1/OffsetCommitRequestTopic.js';

/**
 * Commit offsets.
 */
export interface OffsetCommitRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The generation; -1 for a commit outside group membership (assign mode, admin offset
   * reset: refused with UNKNOWN_MEMBER_ID while the group has members). For a consumer-protocol
   * (KIP-848) group this is the member epoch (STALE_MEMBER_EPOCH / FENCED_MEMBER_EPOCH).
   */
  'generationId'?: (number);
  /**
   * The member id; empty outside group membership.
   */
  'memberId'?: (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * The offsets, by topic.
   */
  'topics'?: (_rill_group_v1_OffsetCommitRequestTopic)[];
}

/**
 * Commit offsets.
 */
export interface OffsetCommitRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The generation; -1 for a commit outside group membership (assign mode, admin offset
   * reset: refused with UNKNOWN_MEMBER_ID while the group has members). For a consumer-protocol
   * (KIP-848) group this is the member epoch (STALE_MEMBER_EPOCH / FENCED_MEMBER_EPOCH).
   */
  'generationId': (number);
  /**
   * The member id; empty outside group membership.
   */
  'memberId': (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * The offsets, by topic.
   */
  'topics': (_rill_group_v1_OffsetCommitRequestTopic__Output)[];
}
