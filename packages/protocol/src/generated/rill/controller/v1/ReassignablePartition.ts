// Original file: rill/controller/v1/controller_types.proto


/**
 * One partition's target replicas, or a cancellation.
 */
export interface ReassignablePartition {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The target replicas, in preference order; ignored when cancel is true.
   */
  'replicas'?: (number)[];
  /**
   * When true, cancel the ongoing reassignment of this partition (revert to the original replicas).
   */
  'cancel'?: (boolean);
}

/**
 * One partition's target replicas, or a cancellation.
 */
export interface ReassignablePartition__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The target replicas, in preference order; ignored when cancel is true.
   */
  'replicas': (number)[];
  /**
   * When true, cancel the ongoing reassignment of this partition (revert to the original replicas).
   */
  'cancel': (boolean);
}
