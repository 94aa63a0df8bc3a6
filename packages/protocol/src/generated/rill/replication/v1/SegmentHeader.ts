// Original file: rill/replication/v1/replication_service.proto

import type { SegmentEpochEntry as _rill_replication_v1_SegmentEpochEntry, SegmentEpochEntry__Output as _rill_replication_v1_SegmentEpochEntry__Output } from '../../../rill/replication/v1/SegmentEpochEntry.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Starts a segment: its chunks follow.
 */
export interface SegmentHeader {
  /**
   * The segment's base offset.
   */
  'baseOffset'?: (number | string | Long);
  /**
   * The offset after its last record (the next segment's base offset).
   */
  'nextOffset'?: (number | string | Long);
  /**
   * Size of its `.log` file.
   */
  'logBytes'?: (number | string | Long);
  /**
   * Size of its offset index.
   */
  'offsetIndexBytes'?: (number | string | Long);
  /**
   * Size of its time index.
   */
  'timeIndexBytes'?: (number | string | Long);
  /**
   * The leader epochs whose records are in the segment, oldest first.
   */
  'epochs'?: (_rill_replication_v1_SegmentEpochEntry)[];
  /**
   * The leader's log start offset.
   */
  'logStartOffset'?: (number | string | Long);
}

/**
 * Starts a segment: its chunks follow.
 */
export interface SegmentHeader__Output {
  /**
   * The segment's base offset.
   */
  'baseOffset': (number);
  /**
   * The offset after its last record (the next segment's base offset).
   */
  'nextOffset': (number);
  /**
   * Size of its `.log` file.
   */
  'logBytes': (number);
  /**
   * Size of its offset index.
   */
  'offsetIndexBytes': (number);
  /**
   * Size of its time index.
   */
  'timeIndexBytes': (number);
  /**
   * The leader epochs whose records are in the segment, oldest first.
   */
  'epochs': (_rill_replication_v1_SegmentEpochEntry__Output)[];
  /**
   * The leader's log start offset.
   */
  'logStartOffset': (number);
}
