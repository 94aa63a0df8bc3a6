// Original file: rill/raft/v1/raft_service.proto


/**
 * Asks for a member's status.
 */
export interface GetStatusRequest {
}

/**
 * Asks for a member's status.
 */
export interface GetStatusRequest__Output {
}
