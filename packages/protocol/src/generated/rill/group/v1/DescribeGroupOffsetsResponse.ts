// Original file: rill/group/v1/group_service.proto

import type { GroupOffsets as _rill_group_v1_GroupOffsets, GroupOffsets__Output as _rill_group_v1_GroupOffsets__Output } from '../../../rill/group/v1/GroupOffsets.js';

/**
 * The result of DescribeGroupOffsets.
 */
export interface DescribeGroupOffsetsResponse {
  /**
   * One entry per requested group.
   */
  'groups'?: (_rill_group_v1_GroupOffsets)[];
}

/**
 * The result of DescribeGroupOffsets.
 */
export interface DescribeGroupOffsetsResponse__Output {
  /**
   * One entry per requested group.
   */
  'groups': (_rill_group_v1_GroupOffsets__Output)[];
}
