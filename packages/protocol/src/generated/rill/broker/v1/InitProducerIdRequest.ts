// Original file: rill/broker/v1/broker_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Ask for a producer id and epoch.
 */
export interface InitProducerIdRequest {
  /**
   * The transactional id; must be empty (transactions are not supported yet).
   */
  'transactionalId'?: (string);
  /**
   * The producer id the producer had, to bump its epoch; -1 for a new producer id.
   */
  'producerId'?: (number | string | Long);
  /**
   * The epoch of that producer id; -1 for a new producer id.
   */
  'producerEpoch'?: (number);
}

/**
 * Ask for a producer id and epoch.
 */
export interface InitProducerIdRequest__Output {
  /**
   * The transactional id; must be empty (transactions are not supported yet).
   */
  'transactionalId': (string);
  /**
   * The producer id the producer had, to bump its epoch; -1 for a new producer id.
   */
  'producerId': (number);
  /**
   * The epoch of that producer id; -1 for a new producer id.
   */
  'producerEpoch': (number);
}
