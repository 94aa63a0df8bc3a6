// Original file: rill/group/v1/group_service.proto

import type { OffsetFetchResponseTopic as _rill_group_v1_OffsetFetchResponseTopic, OffsetFetchResponseTopic__Output as _rill_group_v1_OffsetFetchResponseTopic__Output } from '../../../rill/group/v1/OffsetFetchResponseTopic.js';

/**
 * The result of OffsetFetch.
 */
export interface OffsetFetchResponse {
  /**
   * The offsets, by topic.
   */
  'topics'?: (_rill_group_v1_OffsetFetchResponseTopic)[];
}

/**
 * The result of OffsetFetch.
 */
export interface OffsetFetchResponse__Output {
  /**
   * The offsets, by topic.
   */
  'topics': (_rill_group_v1_OffsetFetchResponseTopic__Output)[];
}
