// Original file: rill/controller/v1/controller_service.proto

import type { ElectionType as _rill_controller_v1_ElectionType, ElectionType__Output as _rill_controller_v1_ElectionType__Output } from '../../../rill/controller/v1/ElectionType.js';
import type { TopicPartitions as _rill_controller_v1_TopicPartitions, TopicPartitions__Output as _rill_controller_v1_TopicPartitions__Output } from '../../../rill/controller/v1/TopicPartitions.js';

/**
 * Elect partition leaders.
 */
export interface ElectLeadersRequest {
  /**
   * The kind of election.
   */
  'electionType'?: (_rill_controller_v1_ElectionType);
  /**
   * The partitions; empty means every partition that needs it.
   */
  'topicPartitions'?: (_rill_controller_v1_TopicPartitions)[];
  /**
   * How long to wait for the elections to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
}

/**
 * Elect partition leaders.
 */
export interface ElectLeadersRequest__Output {
  /**
   * The kind of election.
   */
  'electionType': (_rill_controller_v1_ElectionType__Output);
  /**
   * The partitions; empty means every partition that needs it.
   */
  'topicPartitions': (_rill_controller_v1_TopicPartitions__Output)[];
  /**
   * How long to wait for the elections to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
}
