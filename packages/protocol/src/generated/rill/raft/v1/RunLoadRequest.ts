// Original file: rill/raft/v1/raft_bench_service.proto


/**
 * A load to generate on the leader.
 */
export interface RunLoadRequest {
  /**
   * How many records to propose.
   */
  'count'?: (number);
  /**
   * The size of each record.
   */
  'recordBytes'?: (number);
  /**
   * The most proposals outstanding (proposed, not yet committed) at any time.
   */
  'inFlightMax'?: (number);
}

/**
 * A load to generate on the leader.
 */
export interface RunLoadRequest__Output {
  /**
   * How many records to propose.
   */
  'count': (number);
  /**
   * The size of each record.
   */
  'recordBytes': (number);
  /**
   * The most proposals outstanding (proposed, not yet committed) at any time.
   */
  'inFlightMax': (number);
}
