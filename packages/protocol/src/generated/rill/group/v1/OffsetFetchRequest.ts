// Original file: rill/group/v1/group_service.proto

import type { OffsetFetchRequestTopic as _rill_group_v1_OffsetFetchRequestTopic, OffsetFetchRequestTopic__Output as _rill_group_v1_OffsetFetchRequestTopic__Output } from '../../../rill/group/v1/OffsetFetchRequestTopic.js';

/**
 * Read committed offsets.
 */
export interface OffsetFetchRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The topics; empty means every topic with a committed offset.
   */
  'topics'?: (_rill_group_v1_OffsetFetchRequestTopic)[];
  /**
   * When true, fail partitions with pending transactional commits with UNSTABLE_OFFSET_COMMIT rather than answer stale offsets.
   */
  'requireStable'?: (boolean);
}

/**
 * Read committed offsets.
 */
export interface OffsetFetchRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The topics; empty means every topic with a committed offset.
   */
  'topics': (_rill_group_v1_OffsetFetchRequestTopic__Output)[];
  /**
   * When true, fail partitions with pending transactional commits with UNSTABLE_OFFSET_COMMIT rather than answer stale offsets.
   */
  'requireStable': (boolean);
}
