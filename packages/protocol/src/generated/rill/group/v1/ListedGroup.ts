// Original file: rill/group/v1/group_service.proto

import type { GroupState as _rill_group_v1_GroupState, GroupState__Output as _rill_group_v1_GroupState__Output } from '../../../rill/group/v1/GroupState.js';

/**
 * One listed group.
 */
export interface ListedGroup {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The protocol type ("consumer" for consumer groups); empty for a group with only offsets.
   */
  'protocolType'?: (string);
  /**
   * The group's state.
   */
  'groupState'?: (_rill_group_v1_GroupState);
}

/**
 * One listed group.
 */
export interface ListedGroup__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The protocol type ("consumer" for consumer groups); empty for a group with only offsets.
   */
  'protocolType': (string);
  /**
   * The group's state.
   */
  'groupState': (_rill_group_v1_GroupState__Output);
}
