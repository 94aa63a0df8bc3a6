// Original file: rill/controller/v1/controller_types.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A member of a proposed ISR with the broker epoch the leader saw for it (KIP-903).
 */
export interface IsrMember {
  /**
   * The replica's node id.
   */
  'brokerId'?: (number);
  /**
   * The replica's broker epoch as the leader last saw it; -1 when unknown.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * A member of a proposed ISR with the broker epoch the leader saw for it (KIP-903).
 */
export interface IsrMember__Output {
  /**
   * The replica's node id.
   */
  'brokerId': (number);
  /**
   * The replica's broker epoch as the leader last saw it; -1 when unknown.
   */
  'brokerEpoch': (number);
}
