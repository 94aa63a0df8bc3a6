// Original file: rill/group/v1/group_service.proto

import type { GroupState as _rill_group_v1_GroupState, GroupState__Output as _rill_group_v1_GroupState__Output } from '../../../rill/group/v1/GroupState.js';

/**
 * List groups.
 */
export interface ListGroupsRequest {
  /**
   * Only groups in these states; empty means all.
   */
  'statesFilter'?: (_rill_group_v1_GroupState)[];
}

/**
 * List groups.
 */
export interface ListGroupsRequest__Output {
  /**
   * Only groups in these states; empty means all.
   */
  'statesFilter': (_rill_group_v1_GroupState__Output)[];
}
