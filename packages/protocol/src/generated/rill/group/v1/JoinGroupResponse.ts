// Original file: rill/group/v1/group_service.proto

import type { JoinGroupResponseMember as _rill_group_v1_JoinGroupResponseMember, JoinGroupResponseMember__Output as _rill_group_v1_JoinGroupResponseMember__Output } from '../../../rill/group/v1/JoinGroupResponseMember.js';

/**
 * The outcome of a join.
 */
export interface JoinGroupResponse {
  /**
   * The new generation of the group.
   */
  'generationId'?: (number);
  /**
   * The protocol type.
   */
  'protocolType'?: (string);
  /**
   * The chosen protocol (assignor).
   */
  'protocolName'?: (string);
  /**
   * The leader's member id.
   */
  'leader'?: (string);
  /**
   * True when the leader should skip computing an assignment (a static leader rejoining).
   */
  'skipAssignment'?: (boolean);
  /**
   * This member's id.
   */
  'memberId'?: (string);
  /**
   * Every member with its metadata; sent to the leader only.
   */
  'members'?: (_rill_group_v1_JoinGroupResponseMember)[];
}

/**
 * The outcome of a join.
 */
export interface JoinGroupResponse__Output {
  /**
   * The new generation of the group.
   */
  'generationId': (number);
  /**
   * The protocol type.
   */
  'protocolType': (string);
  /**
   * The chosen protocol (assignor).
   */
  'protocolName': (string);
  /**
   * The leader's member id.
   */
  'leader': (string);
  /**
   * True when the leader should skip computing an assignment (a static leader rejoining).
   */
  'skipAssignment': (boolean);
  /**
   * This member's id.
   */
  'memberId': (string);
  /**
   * Every member with its metadata; sent to the leader only.
   */
  'members': (_rill_group_v1_JoinGroupResponseMember__Output)[];
}
