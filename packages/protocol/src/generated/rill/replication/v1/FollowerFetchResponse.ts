// Original file: rill/replication/v1/replication_service.proto

import type { FollowerFetchTopicData as _rill_replication_v1_FollowerFetchTopicData, FollowerFetchTopicData__Output as _rill_replication_v1_FollowerFetchTopicData__Output } from '../../../rill/replication/v1/FollowerFetchTopicData.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The leader's answer to one fetch round.
 */
export interface FollowerFetchResponse {
  /**
   * The fetch_id of the round this answers.
   */
  'fetchId'?: (number | string | Long);
  /**
   * The answers, by topic.
   */
  'topics'?: (_rill_replication_v1_FollowerFetchTopicData)[];
}

/**
 * The leader's answer to one fetch round.
 */
export interface FollowerFetchResponse__Output {
  /**
   * The fetch_id of the round this answers.
   */
  'fetchId': (number);
  /**
   * The answers, by topic.
   */
  'topics': (_rill_replication_v1_FollowerFetchTopicData__Output)[];
}
