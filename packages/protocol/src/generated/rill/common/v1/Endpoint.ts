// Original file: rill/common/v1/cluster.proto


/**
 * A network endpoint a node listens on.
 */
export interface Endpoint {
  /**
   * The listener name (e.g. "CLIENT", "REPLICATION", "CONTROLLER").
   */
  'listenerName'?: (string);
  /**
   * The host name or IP address clients should connect to.
   */
  'host'?: (string);
  /**
   * The TCP port.
   */
  'port'?: (number);
}

/**
 * A network endpoint a node listens on.
 */
export interface Endpoint__Output {
  /**
   * The listener name (e.g. "CLIENT", "REPLICATION", "CONTROLLER").
   */
  'listenerName': (string);
  /**
   * The host name or IP address clients should connect to.
   */
  'host': (string);
  /**
   * The TCP port.
   */
  'port': (number);
}
