// Original file: rill/controller/v1/controller_service.proto

import type { ReplicaAssignment as _rill_controller_v1_ReplicaAssignment, ReplicaAssignment__Output as _rill_controller_v1_ReplicaAssignment__Output } from '../../../rill/controller/v1/ReplicaAssignment.js';
import type { ConfigEntry as _rill_controller_v1_ConfigEntry, ConfigEntry__Output as _rill_controller_v1_ConfigEntry__Output } from '../../../rill/controller/v1/ConfigEntry.js';

/**
 * One topic to create.
 */
export interface CreatableTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The number of partitions; -1 for the cluster default (num.partitions). Must be -1 when
   * assignments are given.
   */
  'numPartitions'?: (number);
  /**
   * The replication factor; -1 for the cluster default. Must be -1 when assignments are given.
   */
  'replicationFactor'?: (number);
  /**
   * An explicit replica assignment, one entry per partition; empty for automatic placement.
   */
  'assignments'?: (_rill_controller_v1_ReplicaAssignment)[];
  /**
   * Topic configs (e.g. retention.ms, cleanup.policy, min.insync.replicas).
   */
  'configs'?: (_rill_controller_v1_ConfigEntry)[];
}

/**
 * One topic to create.
 */
export interface CreatableTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The number of partitions; -1 for the cluster default (num.partitions). Must be -1 when
   * assignments are given.
   */
  'numPartitions': (number);
  /**
   * The replication factor; -1 for the cluster default. Must be -1 when assignments are given.
   */
  'replicationFactor': (number);
  /**
   * An explicit replica assignment, one entry per partition; empty for automatic placement.
   */
  'assignments': (_rill_controller_v1_ReplicaAssignment__Output)[];
  /**
   * Topic configs (e.g. retention.ms, cleanup.policy, min.insync.replicas).
   */
  'configs': (_rill_controller_v1_ConfigEntry__Output)[];
}
