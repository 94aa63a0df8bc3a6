// Original file: rill/raft/v1/raft_service.proto

import type { MemberEndpoint as _rill_raft_v1_MemberEndpoint, MemberEndpoint__Output as _rill_raft_v1_MemberEndpoint__Output } from '../../../rill/raft/v1/MemberEndpoint.js';
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
  /**
   * Members' addresses carried by the log (KIP-853 endpoints); a member without one is reached
   * at the address its peers configure.
   */
  'endpoints'?: (_rill_raft_v1_MemberEndpoint)[];
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
  /**
   * Members' addresses carried by the log (KIP-853 endpoints); a member without one is reached
   * at the address its peers configure.
   */
  'endpoints': (_rill_raft_v1_MemberEndpoint__Output)[];
}
