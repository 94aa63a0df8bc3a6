// Original file: rill/replication/v1/replication_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A leader epoch's first offset (a leader-epoch checkpoint entry).
 */
export interface SegmentEpochEntry {
  /**
   * The leader epoch.
   */
  'epoch'?: (number);
  /**
   * Its first offset (clamped to the segment's base offset for the epoch in force there).
   */
  'startOffset'?: (number | string | Long);
}

/**
 * A leader epoch's first offset (a leader-epoch checkpoint entry).
 */
export interface SegmentEpochEntry__Output {
  /**
   * The leader epoch.
   */
  'epoch': (number);
  /**
   * Its first offset (clamped to the segment's base offset for the epoch in force there).
   */
  'startOffset': (number);
}
