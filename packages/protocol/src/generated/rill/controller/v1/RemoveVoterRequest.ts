// Original file: rill/controller/v1/controller_service.proto


/**
 * Asks the active controller to remove one voter from the metadata quorum.
 */
export interface RemoveVoterRequest {
  /**
   * The node id of the voter to remove.
   */
  'voterId'?: (number);
}

/**
 * Asks the active controller to remove one voter from the metadata quorum.
 */
export interface RemoveVoterRequest__Output {
  /**
   * The node id of the voter to remove.
   */
  'voterId': (number);
}
