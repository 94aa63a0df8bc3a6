// Original file: rill/controller/v1/controller_service.proto

import type { PartitionDescription as _rill_controller_v1_PartitionDescription, PartitionDescription__Output as _rill_controller_v1_PartitionDescription__Output } from '../../../rill/controller/v1/PartitionDescription.js';

/**
 * One described topic.
 */
export interface TopicDescription {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The topic id (a UUID in text form); empty on error.
   */
  'topicId'?: (string);
  /**
   * The error code (e.g. UNKNOWN_TOPIC_OR_PARTITION); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * True for internal topics.
   */
  'isInternal'?: (boolean);
  /**
   * The partitions, by index.
   */
  'partitions'?: (_rill_controller_v1_PartitionDescription)[];
}

/**
 * One described topic.
 */
export interface TopicDescription__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The topic id (a UUID in text form); empty on error.
   */
  'topicId': (string);
  /**
   * The error code (e.g. UNKNOWN_TOPIC_OR_PARTITION); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * True for internal topics.
   */
  'isInternal': (boolean);
  /**
   * The partitions, by index.
   */
  'partitions': (_rill_controller_v1_PartitionDescription__Output)[];
}
