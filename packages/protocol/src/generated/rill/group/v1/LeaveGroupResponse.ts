// Original file: rill/group/v1/group_service.proto

import type { MemberResponse as _rill_group_v1_MemberResponse, MemberResponse__Output as _rill_group_v1_MemberResponse__Output } from '../../../rill/group/v1/MemberResponse.js';

/**
 * The result of LeaveGroup.
 */
export interface LeaveGroupResponse {
  /**
   * One outcome per leaving member.
   */
  'members'?: (_rill_group_v1_MemberResponse)[];
}

/**
 * The result of LeaveGroup.
 */
export interface LeaveGroupResponse__Output {
  /**
   * One outcome per leaving member.
   */
  'members': (_rill_group_v1_MemberResponse__Output)[];
}
