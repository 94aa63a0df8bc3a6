// Original file: rill/common/v1/errors.proto


/**
 * The Rill error behind a failed RPC. Always the first detail of a Rill status.
 */
export interface ErrorInfo {
  /**
   * The stable numeric error code (Kafka's number where Kafka has the error, 1000+ for Rill's own).
   */
  'errorCode'?: (number);
  /**
   * The stable error name, e.g. "NOT_LEADER_OR_FOLLOWER".
   */
  'errorName'?: (string);
  /**
   * True when the same request may succeed if retried later (after a refresh or backoff).
   */
  'retriable'?: (boolean);
  /**
   * A human-readable message; never a stack trace.
   */
  'message'?: (string);
  /**
   * Further structured context of the error (RillError.details) that no typed detail message
   * carries, by key; each value is JSON text.
   */
  'metadata'?: ({[key: string]: string});
}

/**
 * The Rill error behind a failed RPC. Always the first detail of a Rill status.
 */
export interface ErrorInfo__Output {
  /**
   * The stable numeric error code (Kafka's number where Kafka has the error, 1000+ for Rill's own).
   */
  'errorCode': (number);
  /**
   * The stable error name, e.g. "NOT_LEADER_OR_FOLLOWER".
   */
  'errorName': (string);
  /**
   * True when the same request may succeed if retried later (after a refresh or backoff).
   */
  'retriable': (boolean);
  /**
   * A human-readable message; never a stack trace.
   */
  'message': (string);
  /**
   * Further structured context of the error (RillError.details) that no typed detail message
   * carries, by key; each value is JSON text.
   */
  'metadata': ({[key: string]: string});
}
