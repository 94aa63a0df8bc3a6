// Original file: rill/metadata/v1/records.proto


/**
 * A list of broker ids whose presence means "this list changed".
 */
export interface BrokerIdList {
  /**
   * The broker ids, in order.
   */
  'brokerIds'?: (number)[];
}

/**
 * A list of broker ids whose presence means "this list changed".
 */
export interface BrokerIdList__Output {
  /**
   * The broker ids, in order.
   */
  'brokerIds': (number)[];
}
