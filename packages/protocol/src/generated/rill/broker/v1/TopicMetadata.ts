// Original file: rill/broker/v1/broker_service.proto

import type { PartitionMetadata as _rill_broker_v1_PartitionMetadata, PartitionMetadata__Output as _rill_broker_v1_PartitionMetadata__Output } from '../../../rill/broker/v1/PartitionMetadata.js';

/**
 * A topic as the broker's metadata image holds it.
 */
export interface TopicMetadata {
  /**
   * The error code (e.g. UNKNOWN_TOPIC_OR_PARTITION); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The topic id (a UUID in text form).
   */
  'topicId'?: (string);
  /**
   * True for internal topics.
   */
  'isInternal'?: (boolean);
  /**
   * The partitions, by index.
   */
  'partitions'?: (_rill_broker_v1_PartitionMetadata)[];
}

/**
 * A topic as the broker's metadata image holds it.
 */
export interface TopicMetadata__Output {
  /**
   * The error code (e.g. UNKNOWN_TOPIC_OR_PARTITION); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The topic id (a UUID in text form).
   */
  'topicId': (string);
  /**
   * True for internal topics.
   */
  'isInternal': (boolean);
  /**
   * The partitions, by index.
   */
  'partitions': (_rill_broker_v1_PartitionMetadata__Output)[];
}
