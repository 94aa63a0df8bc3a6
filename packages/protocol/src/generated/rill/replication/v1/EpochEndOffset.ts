// Original file: rill/replication/v1/replication_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The end of a leader epoch: where a diverging follower must truncate to.
 */
export interface EpochEndOffset {
  /**
   * The largest epoch on the leader not greater than the follower's last fetched epoch.
   */
  'epoch'?: (number);
  /**
   * The end offset of that epoch on the leader (the first offset of the next epoch); the
   * follower truncates to min(this, its own end offset for the epoch) and fetches again.
   */
  'endOffset'?: (number | string | Long);
}

/**
 * The end of a leader epoch: where a diverging follower must truncate to.
 */
export interface EpochEndOffset__Output {
  /**
   * The largest epoch on the leader not greater than the follower's last fetched epoch.
   */
  'epoch': (number);
  /**
   * The end offset of that epoch on the leader (the first offset of the next epoch); the
   * follower truncates to min(this, its own end offset for the epoch) and fetches again.
   */
  'endOffset': (number);
}
