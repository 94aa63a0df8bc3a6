// Original file: rill/group/v1/group_service.proto

import type { JoinGroupRequestProtocol as _rill_group_v1_JoinGroupRequestProtocol, JoinGroupRequestProtocol__Output as _rill_group_v1_JoinGroupRequestProtocol__Output } from '../../../rill/group/v1/JoinGroupRequestProtocol.js';

/**
 * Join a group.
 */
export interface JoinGroupRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * A member missing heartbeats this long is removed.
   */
  'sessionTimeoutMs'?: (number);
  /**
   * How long the coordinator waits for every member to rejoin during a rebalance.
   */
  'rebalanceTimeoutMs'?: (number);
  /**
   * The member id; empty on the first join (the coordinator answers MEMBER_ID_REQUIRED with one).
   */
  'memberId'?: (string);
  /**
   * The static member's instance id (group.instance.id); empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * The protocol type, e.g. "consumer".
   */
  'protocolType'?: (string);
  /**
   * The protocols the member supports, in preference order.
   */
  'protocols'?: (_rill_group_v1_JoinGroupRequestProtocol)[];
  /**
   * Why the member (re)joins, for logs.
   */
  'reason'?: (string);
  /**
   * The client id, for DescribeGroups.
   */
  'clientId'?: (string);
}

/**
 * Join a group.
 */
export interface JoinGroupRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * A member missing heartbeats this long is removed.
   */
  'sessionTimeoutMs': (number);
  /**
   * How long the coordinator waits for every member to rejoin during a rebalance.
   */
  'rebalanceTimeoutMs': (number);
  /**
   * The member id; empty on the first join (the coordinator answers MEMBER_ID_REQUIRED with one).
   */
  'memberId': (string);
  /**
   * The static member's instance id (group.instance.id); empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * The protocol type, e.g. "consumer".
   */
  'protocolType': (string);
  /**
   * The protocols the member supports, in preference order.
   */
  'protocols': (_rill_group_v1_JoinGroupRequestProtocol__Output)[];
  /**
   * Why the member (re)joins, for logs.
   */
  'reason': (string);
  /**
   * The client id, for DescribeGroups.
   */
  'clientId': (string);
}
