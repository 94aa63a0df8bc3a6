// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The addition committed: the node is a voter.
 */
export interface AddVoterResponse {
  /**
   * The metadata log offset (Raft index) of the committed change that made it a voter.
   */
  'offset'?: (number | string | Long);
}

/**
 * The addition committed: the node is a voter.
 */
export interface AddVoterResponse__Output {
  /**
   * The metadata log offset (Raft index) of the committed change that made it a voter.
   */
  'offset': (number);
}
