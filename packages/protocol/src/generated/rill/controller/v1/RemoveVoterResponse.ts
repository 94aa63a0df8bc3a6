// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The removal committed.
 */
export interface RemoveVoterResponse {
  /**
   * The metadata log offset (Raft index) of the committed membership change.
   */
  'offset'?: (number | string | Long);
}

/**
 * The removal committed.
 */
export interface RemoveVoterResponse__Output {
  /**
   * The metadata log offset (Raft index) of the committed membership change.
   */
  'offset': (number);
}
