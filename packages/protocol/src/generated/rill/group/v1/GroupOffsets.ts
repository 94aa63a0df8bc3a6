// Original file: rill/group/v1/group_service.proto

import type { GroupPartitionOffset as _rill_group_v1_GroupPartitionOffset, GroupPartitionOffset__Output as _rill_group_v1_GroupPartitionOffset__Output } from '../../../rill/group/v1/GroupPartitionOffset.js';

/**
 * One group's offsets.
 */
export interface GroupOffsets {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The error code (e.g. NOT_COORDINATOR, GROUP_ID_NOT_FOUND); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The partitions (assigned or with a committed offset), ordered by topic and partition.
   */
  'partitions'?: (_rill_group_v1_GroupPartitionOffset)[];
}

/**
 * One group's offsets.
 */
export interface GroupOffsets__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The error code (e.g. NOT_COORDINATOR, GROUP_ID_NOT_FOUND); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The partitions (assigned or with a committed offset), ordered by topic and partition.
   */
  'partitions': (_rill_group_v1_GroupPartitionOffset__Output)[];
}
