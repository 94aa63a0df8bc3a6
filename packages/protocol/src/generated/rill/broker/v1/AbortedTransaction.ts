// Original file: rill/broker/v1/fetch.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A transaction aborted within the returned records (READ_COMMITTED only).
 */
export interface AbortedTransaction {
  /**
   * The producer id of the aborted transaction.
   */
  'producerId'?: (number | string | Long);
  /**
   * The first offset of the aborted transaction.
   */
  'firstOffset'?: (number | string | Long);
}

/**
 * A transaction aborted within the returned records (READ_COMMITTED only).
 */
export interface AbortedTransaction__Output {
  /**
   * The producer id of the aborted transaction.
   */
  'producerId': (number);
  /**
   * The first offset of the aborted transaction.
   */
  'firstOffset': (number);
}
