// Original file: rill/raft/v1/raft_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The answer when a peer's stream ends.
 */
export interface StreamResponse {
  /**
   * How many Raft messages this member received on the stream.
   */
  'messagesReceived'?: (number | string | Long);
}

/**
 * The answer when a peer's stream ends.
 */
export interface StreamResponse__Output {
  /**
   * How many Raft messages this member received on the stream.
   */
  'messagesReceived': (number);
}
