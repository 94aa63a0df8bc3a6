// Original file: rill/raft/v1/raft_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Where proposed records were committed.
 */
export interface ProposeResponse {
  /**
   * The log index of the last record.
   */
  'index'?: (number | string | Long);
  /**
   * The term it was committed in.
   */
  'term'?: (number | string | Long);
}

/**
 * Where proposed records were committed.
 */
export interface ProposeResponse__Output {
  /**
   * The log index of the last record.
   */
  'index': (number);
  /**
   * The term it was committed in.
   */
  'term': (number);
}
