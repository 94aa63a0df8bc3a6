// Original file: rill/group/v1/group_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition of a group, with its lag.
 */
export interface GroupPartitionOffset {
  /**
   * The topic.
   */
  'topic'?: (string);
  /**
   * The partition.
   */
  'partition'?: (number);
  /**
   * The committed offset; -1 when none.
   */
  'committedOffset'?: (number | string | Long);
  /**
   * The committed metadata.
   */
  'metadata'?: (string);
  /**
   * The partition's log end offset (high watermark); -1 when unknown.
   */
  'logEndOffset'?: (number | string | Long);
  /**
   * Records between the committed offset and the log end; -1 when unknown.
   */
  'lagRecords'?: (number | string | Long);
  /**
   * Age in milliseconds of the oldest record not yet consumed (now minus its timestamp); 0 when
   * nothing is waiting; -1 when unknown.
   */
  'lagMs'?: (number | string | Long);
  /**
   * The member owning the partition; empty when none.
   */
  'memberId'?: (string);
}

/**
 * One partition of a group, with its lag.
 */
export interface GroupPartitionOffset__Output {
  /**
   * The topic.
   */
  'topic': (string);
  /**
   * The partition.
   */
  'partition': (number);
  /**
   * The committed offset; -1 when none.
   */
  'committedOffset': (number);
  /**
   * The committed metadata.
   */
  'metadata': (string);
  /**
   * The partition's log end offset (high watermark); -1 when unknown.
   */
  'logEndOffset': (number);
  /**
   * Records between the committed offset and the log end; -1 when unknown.
   */
  'lagRecords': (number);
  /**
   * Age in milliseconds of the oldest record not yet consumed (now minus its timestamp); 0 when
   * nothing is waiting; -1 when unknown.
   */
  'lagMs': (number);
  /**
   * The member owning the partition; empty when none.
   */
  'memberId': (string);
}
