// Original file: rill/group/v1/group_service.proto

import type { DeletableGroupResult as _rill_group_v1_DeletableGroupResult, DeletableGroupResult__Output as _rill_group_v1_DeletableGroupResult__Output } from '../../../rill/group/v1/DeletableGroupResult.js';

/**
 * The result of DeleteGroups.
 */
export interface DeleteGroupsResponse {
  /**
   * One outcome per requested group.
   */
  'results'?: (_rill_group_v1_DeletableGroupResult)[];
}

/**
 * The result of DeleteGroups.
 */
export interface DeleteGroupsResponse__Output {
  /**
   * One outcome per requested group.
   */
  'results': (_rill_group_v1_DeletableGroupResult__Output)[];
}
