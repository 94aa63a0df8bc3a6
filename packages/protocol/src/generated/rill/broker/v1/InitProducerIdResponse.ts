// Original file: rill/broker/v1/broker_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The producer id and epoch to stamp into idempotent batches.
 */
export interface InitProducerIdResponse {
  /**
   * The producer id.
   */
  'producerId'?: (number | string | Long);
  /**
   * The producer epoch.
   */
  'producerEpoch'?: (number);
}

/**
 * The producer id and epoch to stamp into idempotent batches.
 */
export interface InitProducerIdResponse__Output {
  /**
   * The producer id.
   */
  'producerId': (number);
  /**
   * The producer epoch.
   */
  'producerEpoch': (number);
}
