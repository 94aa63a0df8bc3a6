// Original file: rill/controller/v1/controller_types.proto

import type { ReassignablePartition as _rill_controller_v1_ReassignablePartition, ReassignablePartition__Output as _rill_controller_v1_ReassignablePartition__Output } from '../../../rill/controller/v1/ReassignablePartition.js';

/**
 * Reassignments for one topic.
 */
export interface ReassignableTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The partitions to reassign.
   */
  'partitions'?: (_rill_controller_v1_ReassignablePartition)[];
}

/**
 * Reassignments for one topic.
 */
export interface ReassignableTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The partitions to reassign.
   */
  'partitions': (_rill_controller_v1_ReassignablePartition__Output)[];
}
