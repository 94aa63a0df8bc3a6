// Original file: rill/broker/v1/fetch.proto

import type { IsolationLevel as _rill_broker_v1_IsolationLevel, IsolationLevel__Output as _rill_broker_v1_IsolationLevel__Output } from '../../../rill/broker/v1/IsolationLevel.js';
import type { FetchTopic as _rill_broker_v1_FetchTopic, FetchTopic__Output as _rill_broker_v1_FetchTopic__Output } from '../../../rill/broker/v1/FetchTopic.js';

/**
 * Read record batches, with long polling.
 */
export interface FetchRequest {
  /**
   * The longest the broker may wait for min_bytes before answering with what it has.
   */
  'maxWaitMs'?: (number);
  /**
   * The least number of record bytes worth answering with (before max_wait_ms); 0 answers at once.
   */
  'minBytes'?: (number);
  /**
   * The most record bytes in the whole response; at least one batch is returned even if larger.
   */
  'maxBytes'?: (number);
  /**
   * Which records may be read.
   */
  'isolationLevel'?: (_rill_broker_v1_IsolationLevel);
  /**
   * The partitions to read, by topic.
   */
  'topics'?: (_rill_broker_v1_FetchTopic)[];
  /**
   * The client's rack, for reading from the closest replica later; empty when none.
   */
  'rackId'?: (string);
}

/**
 * Read record batches, with long polling.
 */
export interface FetchRequest__Output {
  /**
   * The longest the broker may wait for min_bytes before answering with what it has.
   */
  'maxWaitMs': (number);
  /**
   * The least number of record bytes worth answering with (before max_wait_ms); 0 answers at once.
   */
  'minBytes': (number);
  /**
   * The most record bytes in the whole response; at least one batch is returned even if larger.
   */
  'maxBytes': (number);
  /**
   * Which records may be read.
   */
  'isolationLevel': (_rill_broker_v1_IsolationLevel__Output);
  /**
   * The partitions to read, by topic.
   */
  'topics': (_rill_broker_v1_FetchTopic__Output)[];
  /**
   * The client's rack, for reading from the closest replica later; empty when none.
   */
  'rackId': (string);
}
