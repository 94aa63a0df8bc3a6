// Original file: rill/metadata/v1/records.proto


/**
 * A network endpoint of a broker.
 */
export interface BrokerEndpoint {
  /**
   * The listener name, e.g. "PLAINTEXT" or "INTERNAL".
   */
  'name'?: (string);
  /**
   * The host name or address clients connect to.
   */
  'host'?: (string);
  /**
   * The TCP port, 1..65535.
   */
  'port'?: (number);
}

/**
 * A network endpoint of a broker.
 */
export interface BrokerEndpoint__Output {
  /**
   * The listener name, e.g. "PLAINTEXT" or "INTERNAL".
   */
  'name': (string);
  /**
   * The host name or address clients connect to.
   */
  'host': (string);
  /**
   * The TCP port, 1..65535.
   */
  'port': (number);
}
