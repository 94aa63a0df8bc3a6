// Original file: rill/raft/v1/raft_service.proto

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
}
