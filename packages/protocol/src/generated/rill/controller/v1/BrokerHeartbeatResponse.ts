// Original file: rill/controller/v1/controller_service.proto


/**
 * The controller's view of the broker after the heartbeat.
 */
export interface BrokerHeartbeatResponse {
  /**
   * True when the broker has applied the metadata log up to the controller's committed offset
   * as of its registration (so it may be unfenced).
   */
  'isCaughtUp'?: (boolean);
  /**
   * True when the broker is fenced: it must not lead partitions or accept produce requests.
   */
  'isFenced'?: (boolean);
  /**
   * True when the broker asked to shut down and the controller has moved its leaderships away.
   */
  'shouldShutDown'?: (boolean);
}

/**
 * The controller's view of the broker after the heartbeat.
 */
export interface BrokerHeartbeatResponse__Output {
  /**
   * True when the broker has applied the metadata log up to the controller's committed offset
   * as of its registration (so it may be unfenced).
   */
  'isCaughtUp': (boolean);
  /**
   * True when the broker is fenced: it must not lead partitions or accept produce requests.
   */
  'isFenced': (boolean);
  /**
   * True when the broker asked to shut down and the controller has moved its leaderships away.
   */
  'shouldShutDown': (boolean);
}
