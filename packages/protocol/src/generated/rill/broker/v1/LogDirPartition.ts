// Original file: rill/broker/v1/broker_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition log on the broker.
 */
export interface LogDirPartition {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * Bytes of the log's segment files (record data) on disk.
   */
  'sizeBytes'?: (number | string | Long);
  /**
   * The log start offset.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * The log end offset.
   */
  'logEndOffset'?: (number | string | Long);
  /**
   * True when this broker leads the partition.
   */
  'isLeader'?: (boolean);
  /**
   * Bytes of a sealed segment being copied from the leader (bulk copy) and not yet installed;
   * 0 when no copy runs. Copied bytes so far = size_bytes + bulk_copy_staged_bytes.
   */
  'bulkCopyStagedBytes'?: (number | string | Long);
}

/**
 * One partition log on the broker.
 */
export interface LogDirPartition__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * Bytes of the log's segment files (record data) on disk.
   */
  'sizeBytes': (number);
  /**
   * The log start offset.
   */
  'logStartOffset': (number);
  /**
   * The log end offset.
   */
  'logEndOffset': (number);
  /**
   * True when this broker leads the partition.
   */
  'isLeader': (boolean);
  /**
   * Bytes of a sealed segment being copied from the leader (bulk copy) and not yet installed;
   * 0 when no copy runs. Copied bytes so far = size_bytes + bulk_copy_staged_bytes.
   */
  'bulkCopyStagedBytes': (number);
}
