// Original file: rill/broker/v1/produce.proto

import type { Acks as _rill_broker_v1_Acks, Acks__Output as _rill_broker_v1_Acks__Output } from '../../../rill/broker/v1/Acks.js';
import type { ProduceTopicData as _rill_broker_v1_ProduceTopicData, ProduceTopicData__Output as _rill_broker_v1_ProduceTopicData__Output } from '../../../rill/broker/v1/ProduceTopicData.js';

/**
 * Append record batches.
 */
export interface ProduceRequest {
  /**
   * The transactional id; empty for non-transactional producers.
   */
  'transactionalId'?: (string);
  /**
   * The acknowledgement level.
   */
  'acks'?: (_rill_broker_v1_Acks);
  /**
   * How long the broker may wait for `acks` before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
  /**
   * The batches, by topic and partition.
   */
  'topicData'?: (_rill_broker_v1_ProduceTopicData)[];
}

/**
 * Append record batches.
 */
export interface ProduceRequest__Output {
  /**
   * The transactional id; empty for non-transactional producers.
   */
  'transactionalId': (string);
  /**
   * The acknowledgement level.
   */
  'acks': (_rill_broker_v1_Acks__Output);
  /**
   * How long the broker may wait for `acks` before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
  /**
   * The batches, by topic and partition.
   */
  'topicData': (_rill_broker_v1_ProduceTopicData__Output)[];
}
