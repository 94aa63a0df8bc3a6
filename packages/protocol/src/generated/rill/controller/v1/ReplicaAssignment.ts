// Original file: rill/controller/v1/controller_types.proto


/**
 * The replicas of one partition, in preference order (the first is the preferred leader).
 */
export interface ReplicaAssignment {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The node ids of the replicas.
   */
  'brokerIds'?: (number)[];
}

/**
 * The replicas of one partition, in preference order (the first is the preferred leader).
 */
export interface ReplicaAssignment__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The node ids of the replicas.
   */
  'brokerIds': (number)[];
}
