// Original file: rill/group/v1/group_service.proto

import type { OffsetCommitResponseTopic as _rill_group_v1_OffsetCommitResponseTopic, OffsetCommitResponseTopic__Output as _rill_group_v1_OffsetCommitResponseTopic__Output } from '../../../rill/group/v1/OffsetCommitResponseTopic.js';

/**
 * The result of OffsetCommit.
 */
export interface OffsetCommitResponse {
  /**
   * The outcomes, by topic.
   */
  'topics'?: (_rill_group_v1_OffsetCommitResponseTopic)[];
}

/**
 * The result of OffsetCommit.
 */
export interface OffsetCommitResponse__Output {
  /**
   * The outcomes, by topic.
   */
  'topics': (_rill_group_v1_OffsetCommitResponseTopic__Output)[];
}
