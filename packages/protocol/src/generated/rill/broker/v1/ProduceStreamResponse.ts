// Original file: rill/broker/v1/broker_service.proto

import type { ProduceResponse as _rill_broker_v1_ProduceResponse, ProduceResponse__Output as _rill_broker_v1_ProduceResponse__Output } from '../../../rill/broker/v1/ProduceResponse.js';
import type { ErrorInfo as _rill_common_v1_ErrorInfo, ErrorInfo__Output as _rill_common_v1_ErrorInfo__Output } from '../../../rill/common/v1/ErrorInfo.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One answer on a produce stream.
 */
export interface ProduceStreamResponse {
  /**
   * The correlation id of the request this answers.
   */
  'correlationId'?: (number | string | Long);
  /**
   * The per-partition results; absent when `error` is set.
   */
  'response'?: (_rill_broker_v1_ProduceResponse | null);
  /**
   * Set when the whole request failed (e.g. INVALID_REQUEST, MESSAGE_TOO_LARGE): nothing of it
   * was appended. A failure of the stream itself ends the stream with a gRPC status instead, and
   * leaves every request in flight indeterminate.
   */
  'error'?: (_rill_common_v1_ErrorInfo | null);
}

/**
 * One answer on a produce stream.
 */
export interface ProduceStreamResponse__Output {
  /**
   * The correlation id of the request this answers.
   */
  'correlationId': (number);
  /**
   * The per-partition results; absent when `error` is set.
   */
  'response': (_rill_broker_v1_ProduceResponse__Output | null);
  /**
   * Set when the whole request failed (e.g. INVALID_REQUEST, MESSAGE_TOO_LARGE): nothing of it
   * was appended. A failure of the stream itself ends the stream with a gRPC status instead, and
   * leaves every request in flight indeterminate.
   */
  'error': (_rill_common_v1_ErrorInfo__Output | null);
}
