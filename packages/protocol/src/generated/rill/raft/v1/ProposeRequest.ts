// Original file: rill/raft/v1/raft_service.proto


/**
 * Records to propose.
 */
export interface ProposeRequest {
  /**
   * Each becomes one log entry.
   */
  'records'?: (Buffer | Uint8Array | string)[];
}

/**
 * Records to propose.
 */
export interface ProposeRequest__Output {
  /**
   * Each becomes one log entry.
   */
  'records': (Buffer)[];
}
