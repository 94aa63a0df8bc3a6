// Original file: rill/common/v1/cluster.proto


/**
 * A broker or controller as clients see it: where to reach it and where it lives.
 */
export interface Node {
  /**
   * The node id (broker.id / node.id); unique across the cluster.
   */
  'nodeId'?: (number);
  /**
   * The host name or IP address of the node's client endpoint.
   */
  'host'?: (string);
  /**
   * The TCP port of the node's client endpoint.
   */
  'port'?: (number);
  /**
   * The rack (failure domain) of the node; empty when none is configured.
   */
  'rack'?: (string);
}

/**
 * A broker or controller as clients see it: where to reach it and where it lives.
 */
export interface Node__Output {
  /**
   * The node id (broker.id / node.id); unique across the cluster.
   */
  'nodeId': (number);
  /**
   * The host name or IP address of the node's client endpoint.
   */
  'host': (string);
  /**
   * The TCP port of the node's client endpoint.
   */
  'port': (number);
  /**
   * The rack (failure domain) of the node; empty when none is configured.
   */
  'rack': (string);
}
