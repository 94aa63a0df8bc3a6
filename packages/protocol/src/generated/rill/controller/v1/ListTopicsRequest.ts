// Original file: rill/controller/v1/controller_service.proto


/**
 * List the cluster's topics.
 */
export interface ListTopicsRequest {
  /**
   * When true, internal topics (e.g. __consumer_offsets) are listed too.
   */
  'includeInternal'?: (boolean);
}

/**
 * List the cluster's topics.
 */
export interface ListTopicsRequest__Output {
  /**
   * When true, internal topics (e.g. __consumer_offsets) are listed too.
   */
  'includeInternal': (boolean);
}
