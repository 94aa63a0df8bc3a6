// Original file: rill/group/v1/group_service.proto

import type { MemberIdentity as _rill_group_v1_MemberIdentity, MemberIdentity__Output as _rill_group_v1_MemberIdentity__Output } from '../../../rill/group/v1/MemberIdentity.js';

/**
 * Leave a group.
 */
export interface LeaveGroupRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The members leaving.
   */
  'members'?: (_rill_group_v1_MemberIdentity)[];
}

/**
 * Leave a group.
 */
export interface LeaveGroupRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The members leaving.
   */
  'members': (_rill_group_v1_MemberIdentity__Output)[];
}
