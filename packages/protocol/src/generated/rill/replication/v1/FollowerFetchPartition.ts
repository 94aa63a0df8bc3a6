// Original file: rill/replication/v1/replication_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition of a follower's fetch round.
 */
export interface FollowerFetchPartition {
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The leader epoch the follower knows; a stale one gets FENCED_LEADER_EPOCH, a newer one
   * UNKNOWN_LEADER_EPOCH.
   */
  'currentLeaderEpoch'?: (number);
  /**
   * The follower's log end offset: the next offset it wants, and proof it holds everything before.
   */
  'fetchOffset'?: (number | string | Long);
  /**
   * The epoch of the last batch in the follower's log; -1 when the log is empty. The leader
   * checks it against its epoch cache to detect divergence (KIP-320).
   */
  'lastFetchedEpoch'?: (number);
  /**
   * The follower's log start offset.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * The most record bytes for this partition; at least one batch even if larger.
   */
  'partitionMaxBytes'?: (number);
  /**
   * The follower's fsynced log end (<= fetch_offset): only durable offsets count toward the
   * leader's high watermark (group commit).
   */
  'durableOffset'?: (number | string | Long);
}

/**
 * One partition of a follower's fetch round.
 */
export interface FollowerFetchPartition__Output {
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The leader epoch the follower knows; a stale one gets FENCED_LEADER_EPOCH, a newer one
   * UNKNOWN_LEADER_EPOCH.
   */
  'currentLeaderEpoch': (number);
  /**
   * The follower's log end offset: the next offset it wants, and proof it holds everything before.
   */
  'fetchOffset': (number);
  /**
   * The epoch of the last batch in the follower's log; -1 when the log is empty. The leader
   * checks it against its epoch cache to detect divergence (KIP-320).
   */
  'lastFetchedEpoch': (number);
  /**
   * The follower's log start offset.
   */
  'logStartOffset': (number);
  /**
   * The most record bytes for this partition; at least one batch even if larger.
   */
  'partitionMaxBytes': (number);
  /**
   * The follower's fsynced log end (<= fetch_offset): only durable offsets count toward the
   * leader's high watermark (group commit).
   */
  'durableOffset': (number);
}
