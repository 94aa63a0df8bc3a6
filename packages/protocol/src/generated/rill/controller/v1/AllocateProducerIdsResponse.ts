// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A block of producer ids, owned by the asking broker from now on.
 */
export interface AllocateProducerIdsResponse {
  /**
   * The first producer id of the block.
   */
  'producerIdStart'?: (number | string | Long);
  /**
   * The number of ids in the block.
   */
  'producerIdLen'?: (number);
}

/**
 * A block of producer ids, owned by the asking broker from now on.
 */
export interface AllocateProducerIdsResponse__Output {
  /**
   * The first producer id of the block.
   */
  'producerIdStart': (number);
  /**
   * The number of ids in the block.
   */
  'producerIdLen': (number);
}
