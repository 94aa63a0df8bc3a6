// Original file: rill/group/v1/group_service.proto

import type { TopicPartitions as _rill_group_v1_TopicPartitions, TopicPartitions__Output as _rill_group_v1_TopicPartitions__Output } from '../../../rill/group/v1/TopicPartitions.js';

/**
 * The coordinator's answer to a heartbeat.
 */
export interface ConsumerGroupHeartbeatResponse {
  /**
   * The member id (assigned on the first heartbeat).
   */
  'memberId'?: (string);
  /**
   * The member's new epoch; -1 after a leave.
   */
  'memberEpoch'?: (number);
  /**
   * When to send the next heartbeat.
   */
  'heartbeatIntervalMs'?: (number);
  /**
   * True when `assignment` carries the member's assignment (it changed, or the member asked by
   * sending owned_partitions).
   */
  'hasAssignment'?: (boolean);
  /**
   * The partitions the member may own now: the ones it keeps plus the ones newly given. A
   * partition missing from it must be revoked (commit, stop fetching, then heartbeat).
   */
  'assignment'?: (_rill_group_v1_TopicPartitions)[];
}

/**
 * The coordinator's answer to a heartbeat.
 */
export interface ConsumerGroupHeartbeatResponse__Output {
  /**
   * The member id (assigned on the first heartbeat).
   */
  'memberId': (string);
  /**
   * The member's new epoch; -1 after a leave.
   */
  'memberEpoch': (number);
  /**
   * When to send the next heartbeat.
   */
  'heartbeatIntervalMs': (number);
  /**
   * True when `assignment` carries the member's assignment (it changed, or the member asked by
   * sending owned_partitions).
   */
  'hasAssignment': (boolean);
  /**
   * The partitions the member may own now: the ones it keeps plus the ones newly given. A
   * partition missing from it must be revoked (commit, stop fetching, then heartbeat).
   */
  'assignment': (_rill_group_v1_TopicPartitions__Output)[];
}
