// Original file: rill/broker/v1/broker_service.proto

import type { ProduceRequest as _rill_broker_v1_ProduceRequest, ProduceRequest__Output as _rill_broker_v1_ProduceRequest__Output } from '../../../rill/broker/v1/ProduceRequest.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One message from the client on a produce stream.
 */
export interface ProduceStreamRequest {
  /**
   * Chosen by the client, unique among its requests in flight on this stream; echoed in the response.
   */
  'correlationId'?: (number | string | Long);
  /**
   * The produce request.
   */
  'request'?: (_rill_broker_v1_ProduceRequest | null);
}

/**
 * One message from the client on a produce stream.
 */
export interface ProduceStreamRequest__Output {
  /**
   * Chosen by the client, unique among its requests in flight on this stream; echoed in the response.
   */
  'correlationId': (number);
  /**
   * The produce request.
   */
  'request': (_rill_broker_v1_ProduceRequest__Output | null);
}
