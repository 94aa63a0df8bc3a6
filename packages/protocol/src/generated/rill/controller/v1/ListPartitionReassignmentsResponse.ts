// Original file: rill/controller/v1/controller_service.proto

import type { OngoingPartitionReassignment as _rill_controller_v1_OngoingPartitionReassignment, OngoingPartitionReassignment__Output as _rill_controller_v1_OngoingPartitionReassignment__Output } from '../../../rill/controller/v1/OngoingPartitionReassignment.js';

/**
 * The result of ListPartitionReassignments.
 */
export interface ListPartitionReassignmentsResponse {
  /**
   * The ongoing reassignments.
   */
  'reassignments'?: (_rill_controller_v1_OngoingPartitionReassignment)[];
}

/**
 * The result of ListPartitionReassignments.
 */
export interface ListPartitionReassignmentsResponse__Output {
  /**
   * The ongoing reassignments.
   */
  'reassignments': (_rill_controller_v1_OngoingPartitionReassignment__Output)[];
}
