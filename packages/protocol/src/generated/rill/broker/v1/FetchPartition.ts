// Original file: rill/broker/v1/fetch.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition to read, and from where.
 */
export interface FetchPartition {
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The leader epoch the client knows; -1 to skip the check. A stale one gets FENCED_LEADER_EPOCH,
   * a newer one UNKNOWN_LEADER_EPOCH (KIP-320).
   */
  'currentLeaderEpoch'?: (number);
  /**
   * The offset to read from.
   */
  'fetchOffset'?: (number | string | Long);
  /**
   * The most record bytes for this partition; at least one batch is returned even if larger.
   */
  'partitionMaxBytes'?: (number);
}

/**
 * One partition to read, and from where.
 */
export interface FetchPartition__Output {
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The leader epoch the client knows; -1 to skip the check. A stale one gets FENCED_LEADER_EPOCH,
   * a newer one UNKNOWN_LEADER_EPOCH (KIP-320).
   */
  'currentLeaderEpoch': (number);
  /**
   * The offset to read from.
   */
  'fetchOffset': (number);
  /**
   * The most record bytes for this partition; at least one batch is returned even if larger.
   */
  'partitionMaxBytes': (number);
}
