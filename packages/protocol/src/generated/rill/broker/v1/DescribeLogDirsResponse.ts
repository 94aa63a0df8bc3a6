// Original file: rill/broker/v1/broker_service.proto

import type { LogDirPartition as _rill_broker_v1_LogDirPartition, LogDirPartition__Output as _rill_broker_v1_LogDirPartition__Output } from '../../../rill/broker/v1/LogDirPartition.js';

/**
 * The result of DescribeLogDirs.
 */
export interface DescribeLogDirsResponse {
  /**
   * The answering broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The partition logs, by topic and partition.
   */
  'partitions'?: (_rill_broker_v1_LogDirPartition)[];
}

/**
 * The result of DescribeLogDirs.
 */
export interface DescribeLogDirsResponse__Output {
  /**
   * The answering broker's node id.
   */
  'brokerId': (number);
  /**
   * The partition logs, by topic and partition.
   */
  'partitions': (_rill_broker_v1_LogDirPartition__Output)[];
}
