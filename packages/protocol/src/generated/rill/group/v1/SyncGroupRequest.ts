// Original file: rill/group/v1/group_service.proto

import type { SyncGroupRequestAssignment as _rill_group_v1_SyncGroupRequestAssignment, SyncGroupRequestAssignment__Output as _rill_group_v1_SyncGroupRequestAssignment__Output } from '../../../rill/group/v1/SyncGroupRequestAssignment.js';

/**
 * Complete a rebalance.
 */
export interface SyncGroupRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The generation from JoinGroup.
   */
  'generationId'?: (number);
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * The protocol type.
   */
  'protocolType'?: (string);
  /**
   * The chosen protocol.
   */
  'protocolName'?: (string);
  /**
   * The assignments (leader only; empty from other members).
   */
  'assignments'?: (_rill_group_v1_SyncGroupRequestAssignment)[];
}

/**
 * Complete a rebalance.
 */
export interface SyncGroupRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The generation from JoinGroup.
   */
  'generationId': (number);
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * The protocol type.
   */
  'protocolType': (string);
  /**
   * The chosen protocol.
   */
  'protocolName': (string);
  /**
   * The assignments (leader only; empty from other members).
   */
  'assignments': (_rill_group_v1_SyncGroupRequestAssignment__Output)[];
}
