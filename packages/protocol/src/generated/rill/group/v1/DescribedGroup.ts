// Original file: rill/group/v1/group_service.proto

import type { GroupState as _rill_group_v1_GroupState, GroupState__Output as _rill_group_v1_GroupState__Output } from '../../../rill/group/v1/GroupState.js';
import type { DescribedGroupMember as _rill_group_v1_DescribedGroupMember, DescribedGroupMember__Output as _rill_group_v1_DescribedGroupMember__Output } from '../../../rill/group/v1/DescribedGroupMember.js';

/**
 * A described group.
 */
export interface DescribedGroup {
  /**
   * The error code (e.g. NOT_COORDINATOR); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The group's state.
   */
  'groupState'?: (_rill_group_v1_GroupState);
  /**
   * The protocol type.
   */
  'protocolType'?: (string);
  /**
   * The chosen protocol (assignor); empty when not stable.
   */
  'protocolName'?: (string);
  /**
   * The current generation.
   */
  'generationId'?: (number);
  /**
   * The members.
   */
  'members'?: (_rill_group_v1_DescribedGroupMember)[];
  /**
   * (Consumer protocol) the group epoch (bumped by every membership or subscription change).
   */
  'groupEpoch'?: (number);
  /**
   * (Consumer protocol) the epoch of the target assignment.
   */
  'assignmentEpoch'?: (number);
}

/**
 * A described group.
 */
export interface DescribedGroup__Output {
  /**
   * The error code (e.g. NOT_COORDINATOR); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The group's state.
   */
  'groupState': (_rill_group_v1_GroupState__Output);
  /**
   * The protocol type.
   */
  'protocolType': (string);
  /**
   * The chosen protocol (assignor); empty when not stable.
   */
  'protocolName': (string);
  /**
   * The current generation.
   */
  'generationId': (number);
  /**
   * The members.
   */
  'members': (_rill_group_v1_DescribedGroupMember__Output)[];
  /**
   * (Consumer protocol) the group epoch (bumped by every membership or subscription change).
   */
  'groupEpoch': (number);
  /**
   * (Consumer protocol) the epoch of the target assignment.
   */
  'assignmentEpoch': (number);
}
