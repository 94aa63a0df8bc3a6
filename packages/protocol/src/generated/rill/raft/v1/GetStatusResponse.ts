// Original file: rill/raft/v1/raft_service.proto

import type { Membership as _rill_raft_v1_Membership, Membership__Output as _rill_raft_v1_Membership__Output } from '../../../rill/raft/v1/Membership.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A member's view of the quorum.
 */
export interface GetStatusResponse {
  /**
   * This member's node id.
   */
  'nodeId'?: (number | string | Long);
  /**
   * The leader this member knows of, 0 for none.
   */
  'leaderId'?: (number | string | Long);
  /**
   * This member's current term.
   */
  'term'?: (number | string | Long);
  /**
   * This member's role: follower, pre-candidate, candidate, leader or learner.
   */
  'role'?: (string);
  /**
   * The highest index known committed.
   */
  'commitIndex'?: (number | string | Long);
  /**
   * The highest index applied to the state machine.
   */
  'appliedIndex'?: (number | string | Long);
  /**
   * The last index in the log.
   */
  'lastIndex'?: (number | string | Long);
  /**
   * The membership in force on this member (the latest config in its log), with endpoints.
   */
  'membership'?: (_rill_raft_v1_Membership | null);
  /**
   * The membership the member's log was formatted with: a controller joining the quorum formats
   * its log with the same one, so that it replays the log's config entries from the same base.
   */
  'bootstrapMembership'?: (_rill_raft_v1_Membership | null);
}

/**
 * A member's view of the quorum.
 */
export interface GetStatusResponse__Output {
  /**
   * This member's node id.
   */
  'nodeId': (number);
  /**
   * The leader this member knows of, 0 for none.
   */
  'leaderId': (number);
  /**
   * This member's current term.
   */
  'term': (number);
  /**
   * This member's role: follower, pre-candidate, candidate, leader or learner.
   */
  'role': (string);
  /**
   * The highest index known committed.
   */
  'commitIndex': (number);
  /**
   * The highest index applied to the state machine.
   */
  'appliedIndex': (number);
  /**
   * The last index in the log.
   */
  'lastIndex': (number);
  /**
   * The membership in force on this member (the latest config in its log), with endpoints.
   */
  'membership': (_rill_raft_v1_Membership__Output | null);
  /**
   * The membership the member's log was formatted with: a controller joining the quorum formats
   * its log with the same one, so that it replays the log's config entries from the same base.
   */
  'bootstrapMembership': (_rill_raft_v1_Membership__Output | null);
}
