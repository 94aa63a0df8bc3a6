// Original file: rill/group/v1/group_service.proto

import type { DescribedGroup as _rill_group_v1_DescribedGroup, DescribedGroup__Output as _rill_group_v1_DescribedGroup__Output } from '../../../rill/group/v1/DescribedGroup.js';

/**
 * The result of DescribeGroups.
 */
export interface DescribeGroupsResponse {
  /**
   * One description per requested group.
   */
  'groups'?: (_rill_group_v1_DescribedGroup)[];
}

/**
 * The result of DescribeGroups.
 */
export interface DescribeGroupsResponse__Output {
  /**
   * One description per requested group.
   */
  'groups': (_rill_group_v1_DescribedGroup__Output)[];
}
