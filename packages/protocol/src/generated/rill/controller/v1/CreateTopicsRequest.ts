// Original file: rill/controller/v1/controller_service.proto

import type { CreatableTopic as _rill_controller_v1_CreatableTopic, CreatableTopic__Output as _rill_controller_v1_CreatableTopic__Output } from '../../../rill/controller/v1/CreatableTopic.js';
import type { InternalTopicCreator as _rill_controller_v1_InternalTopicCreator, InternalTopicCreator__Output as _rill_controller_v1_InternalTopicCreator__Output } from '../../../rill/controller/v1/InternalTopicCreator.js';

/**
 * Create topics.
 */
export interface CreateTopicsRequest {
  /**
   * The topics to create.
   */
  'topics'?: (_rill_controller_v1_CreatableTopic)[];
  /**
   * How long to wait for the topics to be created (committed) before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
  /**
   * When true, only validate the request; create nothing.
   */
  'validateOnly'?: (boolean);
  /**
   * Set only by a broker creating an internal topic the cluster needs (e.g. __consumer_offsets,
   * on a consumer group's first use, as Kafka's broker does); unset for users. Only such a
   * request may use a reserved "__" name; the controller checks that the broker is registered
   * with that epoch (BROKER_ID_NOT_REGISTERED / STALE_BROKER_EPOCH otherwise).
   */
  'internalTopicCreator'?: (_rill_controller_v1_InternalTopicCreator | null);
}

/**
 * Create topics.
 */
export interface CreateTopicsRequest__Output {
  /**
   * The topics to create.
   */
  'topics': (_rill_controller_v1_CreatableTopic__Output)[];
  /**
   * How long to wait for the topics to be created (committed) before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
  /**
   * When true, only validate the request; create nothing.
   */
  'validateOnly': (boolean);
  /**
   * Set only by a broker creating an internal topic the cluster needs (e.g. __consumer_offsets,
   * on a consumer group's first use, as Kafka's broker does); unset for users. Only such a
   * request may use a reserved "__" name; the controller checks that the broker is registered
   * with that epoch (BROKER_ID_NOT_REGISTERED / STALE_BROKER_EPOCH otherwise).
   */
  'internalTopicCreator': (_rill_controller_v1_InternalTopicCreator__Output | null);
}
