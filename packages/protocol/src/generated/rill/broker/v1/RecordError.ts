// Original file: rill/broker/v1/produce.proto


/**
 * A record that failed validation, inside an otherwise valid batch.
 */
export interface RecordError {
  /**
   * The index of the record in the batch.
   */
  'batchIndex'?: (number);
  /**
   * Why the record was rejected.
   */
  'message'?: (string);
}

/**
 * A record that failed validation, inside an otherwise valid batch.
 */
export interface RecordError__Output {
  /**
   * The index of the record in the batch.
   */
  'batchIndex': (number);
  /**
   * Why the record was rejected.
   */
  'message': (string);
}
