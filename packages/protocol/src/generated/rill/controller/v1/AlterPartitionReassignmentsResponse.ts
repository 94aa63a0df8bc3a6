// Original file: rill/controller/v1/controller_service.proto

import type { ReassignablePartitionResult as _rill_controller_v1_ReassignablePartitionResult, ReassignablePartitionResult__Output as _rill_controller_v1_ReassignablePartitionResult__Output } from '../../../rill/controller/v1/ReassignablePartitionResult.js';

/**
 * The result of AlterPartitionReassignments.
 */
export interface AlterPartitionReassignmentsResponse {
  /**
   * One result per requested partition.
   */
  'results'?: (_rill_controller_v1_ReassignablePartitionResult)[];
}

/**
 * The result of AlterPartitionReassignments.
 */
export interface AlterPartitionReassignmentsResponse__Output {
  /**
   * One result per requested partition.
   */
  'results': (_rill_controller_v1_ReassignablePartitionResult__Output)[];
}
