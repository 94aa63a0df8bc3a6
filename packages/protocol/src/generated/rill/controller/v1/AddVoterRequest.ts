// Original file: rill/controller/v1/controller_service.proto


/**
 * Asks the active controller to add one voter to the metadata quorum.
 */
export interface AddVoterRequest {
  /**
   * The node id of the controller to add.
   */
  'voterId'?: (number);
  /**
   * Where its RaftService listens, host:port; replicated to every member with the change.
   */
  'address'?: (string);
}

/**
 * Asks the active controller to add one voter to the metadata quorum.
 */
export interface AddVoterRequest__Output {
  /**
   * The node id of the controller to add.
   */
  'voterId': (number);
  /**
   * Where its RaftService listens, host:port; replicated to every member with the change.
   */
  'address': (string);
}
