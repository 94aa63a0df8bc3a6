// Original file: rill/broker/v1/broker_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Byte credit for a fetch stream (flow control at the record level, above HTTP/2's).
 */
export interface FetchStreamCredit {
  /**
   * Bytes added to the credit; the broker sends record bytes only while the credit is positive,
   * and subtracts the size of every records field it sends. At least one whole batch is sent when
   * the credit is positive, so a batch larger than the credit still makes progress.
   */
  'bytes'?: (number | string | Long);
}

/**
 * Byte credit for a fetch stream (flow control at the record level, above HTTP/2's).
 */
export interface FetchStreamCredit__Output {
  /**
   * Bytes added to the credit; the broker sends record bytes only while the credit is positive,
   * and subtracts the size of every records field it sends. At least one whole batch is sent when
   * the credit is positive, so a batch larger than the credit still makes progress.
   */
  'bytes': (number);
}
