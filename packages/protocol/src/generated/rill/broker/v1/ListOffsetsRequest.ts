// Original file: rill/broker/v1/broker_service.proto

import type { IsolationLevel as _rill_broker_v1_IsolationLevel, IsolationLevel__Output as _rill_broker_v1_IsolationLevel__Output } from '../../../rill/broker/v1/IsolationLevel.js';
import type { ListOffsetsTopic as _rill_broker_v1_ListOffsetsTopic, ListOffsetsTopic__Output as _rill_broker_v1_ListOffsetsTopic__Output } from '../../../rill/broker/v1/ListOffsetsTopic.js';

/**
 * Find offsets.
 */
export interface ListOffsetsRequest {
  /**
   * READ_COMMITTED caps LATEST at the last stable offset instead of the high watermark.
   */
  'isolationLevel'?: (_rill_broker_v1_IsolationLevel);
  /**
   * The partitions, by topic.
   */
  'topics'?: (_rill_broker_v1_ListOffsetsTopic)[];
}

/**
 * Find offsets.
 */
export interface ListOffsetsRequest__Output {
  /**
   * READ_COMMITTED caps LATEST at the last stable offset instead of the high watermark.
   */
  'isolationLevel': (_rill_broker_v1_IsolationLevel__Output);
  /**
   * The partitions, by topic.
   */
  'topics': (_rill_broker_v1_ListOffsetsTopic__Output)[];
}
