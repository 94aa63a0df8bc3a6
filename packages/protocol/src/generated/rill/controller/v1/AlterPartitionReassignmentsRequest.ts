// Original file: rill/controller/v1/controller_service.proto

import type { ReassignableTopic as _rill_controller_v1_ReassignableTopic, ReassignableTopic__Output as _rill_controller_v1_ReassignableTopic__Output } from '../../../rill/controller/v1/ReassignableTopic.js';

/**
 * Start or cancel reassignments.
 */
export interface AlterPartitionReassignmentsRequest {
  /**
   * How long to wait for the change to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
  /**
   * The reassignments, by topic.
   */
  'topics'?: (_rill_controller_v1_ReassignableTopic)[];
}

/**
 * Start or cancel reassignments.
 */
export interface AlterPartitionReassignmentsRequest__Output {
  /**
   * How long to wait for the change to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
  /**
   * The reassignments, by topic.
   */
  'topics': (_rill_controller_v1_ReassignableTopic__Output)[];
}
