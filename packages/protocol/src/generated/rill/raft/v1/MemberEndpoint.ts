// Original file: rill/raft/v1/raft_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Where a member's RaftService listens.
 */
export interface MemberEndpoint {
  /**
   * The member's node id.
   */
  'nodeId'?: (number | string | Long);
  /**
   * host:port.
   */
  'address'?: (string);
}

/**
 * Where a member's RaftService listens.
 */
export interface MemberEndpoint__Output {
  /**
   * The member's node id.
   */
  'nodeId': (number);
  /**
   * host:port.
   */
  'address': (string);
}
