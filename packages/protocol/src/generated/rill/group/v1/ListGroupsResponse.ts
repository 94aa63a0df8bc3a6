// Original file: rill/group/v1/group_service.proto

import type { ListedGroup as _rill_group_v1_ListedGroup, ListedGroup__Output as _rill_group_v1_ListedGroup__Output } from '../../../rill/group/v1/ListedGroup.js';

/**
 * The result of ListGroups.
 */
export interface ListGroupsResponse {
  /**
   * The groups.
   */
  'groups'?: (_rill_group_v1_ListedGroup)[];
}

/**
 * The result of ListGroups.
 */
export interface ListGroupsResponse__Output {
  /**
   * The groups.
   */
  'groups': (_rill_group_v1_ListedGroup__Output)[];
}
