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
   * The generation; -1 for a commit outside group membership (assign mode).
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
   * The generation; -1 for a commit outside group membership (assign mode).
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
