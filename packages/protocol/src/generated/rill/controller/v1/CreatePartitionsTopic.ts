// Original file: rill/controller/v1/controller_service.proto

import type { ReplicaAssignment as _rill_controller_v1_ReplicaAssignment, ReplicaAssignment__Output as _rill_controller_v1_ReplicaAssignment__Output } from '../../../rill/controller/v1/ReplicaAssignment.js';

/**
 * One topic to grow.
 */
export interface CreatePartitionsTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The new total number of partitions (must be larger than the current count).
   */
  'count'?: (number);
  /**
   * Replica assignments for the new partitions only; empty for automatic placement.
   */
  'assignments'?: (_rill_controller_v1_ReplicaAssignment)[];
}

/**
 * One topic to grow.
 */
export interface CreatePartitionsTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The new total number of partitions (must be larger than the current count).
   */
  'count': (number);
  /**
   * Replica assignments for the new partitions only; empty for automatic placement.
   */
  'assignments': (_rill_controller_v1_ReplicaAssignment__Output)[];
}
