// Original file: rill/replication/v1/replication_service.proto

import type { OffsetForLeaderTopicResult as _rill_replication_v1_OffsetForLeaderTopicResult, OffsetForLeaderTopicResult__Output as _rill_replication_v1_OffsetForLeaderTopicResult__Output } from '../../../rill/replication/v1/OffsetForLeaderTopicResult.js';

/**
 * The result of OffsetForLeaderEpoch.
 */
export interface OffsetForLeaderEpochResponse {
  /**
   * The answers, by topic.
   */
  'topics'?: (_rill_replication_v1_OffsetForLeaderTopicResult)[];
}

/**
 * The result of OffsetForLeaderEpoch.
 */
export interface OffsetForLeaderEpochResponse__Output {
  /**
   * The answers, by topic.
   */
  'topics': (_rill_replication_v1_OffsetForLeaderTopicResult__Output)[];
}
