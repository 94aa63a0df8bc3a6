// Original file: rill/broker/v1/produce.proto


/**
 * The batches for one partition.
 */
export interface ProducePartitionData {
  /**
   * The partition index.
   */
  'index'?: (number);
  /**
   * One or more whole RecordBatch v2 batches, concatenated. Their baseOffset fields are ignored
   * and stamped by the leader.
   */
  'records'?: (Buffer | Uint8Array | string);
}

/**
 * The batches for one partition.
 */
export interface ProducePartitionData__Output {
  /**
   * The partition index.
   */
  'index': (number);
  /**
   * One or more whole RecordBatch v2 batches, concatenated. Their baseOffset fields are ignored
   * and stamped by the leader.
   */
  'records': (Buffer);
}
