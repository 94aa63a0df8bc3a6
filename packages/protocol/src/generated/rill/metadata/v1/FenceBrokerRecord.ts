// Original file: rill/metadata/v1/records.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A broker was fenced (missed its session, or finished a controlled shutdown).
 */
export interface FenceBrokerRecord {
  /**
   * The broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The epoch of the registration being fenced.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * A broker was fenced (missed its session, or finished a controlled shutdown).
 */
export interface FenceBrokerRecord__Output {
  /**
   * The broker's node id.
   */
  'brokerId': (number);
  /**
   * The epoch of the registration being fenced.
   */
  'brokerEpoch': (number);
}
