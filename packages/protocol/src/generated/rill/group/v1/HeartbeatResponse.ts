// Original file: rill/group/v1/group_service.proto


/**
 * A successful heartbeat (a needed rejoin is reported as REBALANCE_IN_PROGRESS).
 */
export interface HeartbeatResponse {
  /**
   * How long the client should wait before the next request (quotas); 0 when not throttled.
   */
  'throttleTimeMs'?: (number);
}

/**
 * A successful heartbeat (a needed rejoin is reported as REBALANCE_IN_PROGRESS).
 */
export interface HeartbeatResponse__Output {
  /**
   * How long the client should wait before the next request (quotas); 0 when not throttled.
   */
  'throttleTimeMs': (number);
}
