// Original file: rill/controller/v1/controller_service.proto

import type { ReassignableTopic as _rill_controller_v1_ReassignableTopic, ReassignableTopic__Output as _rill_controller_v1_ReassignableTopic__Output } from '../../../rill/controller/v1/ReassignableTopic.js';
import type { Long } from '@grpc/proto-loader';

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
  /**
   * When > 0, the rate (bytes per second) that leaders may send to replicas being added
   * (reassignment traffic only). Stored as the cluster config leader.replication.throttled.rate
   * in the same change that starts a move; the controller removes it once no move is left.
   */
  'throttleBytesPerSecond'?: (number | string | Long);
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
  /**
   * When > 0, the rate (bytes per second) that leaders may send to replicas being added
   * (reassignment traffic only). Stored as the cluster config leader.replication.throttled.rate
   * in the same change that starts a move; the controller removes it once no move is left.
   */
  'throttleBytesPerSecond': (number);
}
