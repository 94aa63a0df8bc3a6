// Original file: rill/raft/v1/raft_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A cluster membership.
 */
export interface Membership {
  /**
   * Node ids that vote and count for commit.
   */
  'voters'?: (number | string | Long)[];
  /**
   * Node ids that receive the log but do not vote.
   */
  'learners'?: (number | string | Long)[];
}

/**
 * A cluster membership.
 */
export interface Membership__Output {
  /**
   * Node ids that vote and count for commit.
   */
  'voters': (number)[];
  /**
   * Node ids that receive the log but do not vote.
   */
  'learners': (number)[];
}
