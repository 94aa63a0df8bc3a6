// Original file: rill/broker/v1/produce.proto

/**
 * How many replicas must hold the records before the broker answers (Kafka `acks`).
 */
export const Acks = {
  /**
   * Not set; rejected with INVALID_REQUIRED_ACKS.
   */
  ACKS_UNSPECIFIED: 'ACKS_UNSPECIFIED',
  /**
   * acks=0: the broker answers once it has read the request, before appending; the response
   * carries no offsets and a failure to append is not reported.
   */
  ACKS_NONE: 'ACKS_NONE',
  /**
   * acks=1: the broker answers once the leader has appended (and fsynced, per its flush policy).
   */
  ACKS_LEADER: 'ACKS_LEADER',
  /**
   * acks=all (-1): the broker answers once every in-sync replica has the records, and at least
   * min.insync.replicas of them.
   */
  ACKS_ALL: 'ACKS_ALL',
} as const;

/**
 * How many replicas must hold the records before the broker answers (Kafka `acks`).
 */
export type Acks =
  /**
   * Not set; rejected with INVALID_REQUIRED_ACKS.
   */
  | 'ACKS_UNSPECIFIED'
  | 0
  /**
   * acks=0: the broker answers once it has read the request, before appending; the response
   * carries no offsets and a failure to append is not reported.
   */
  | 'ACKS_NONE'
  | 1
  /**
   * acks=1: the broker answers once the leader has appended (and fsynced, per its flush policy).
   */
  | 'ACKS_LEADER'
  | 2
  /**
   * acks=all (-1): the broker answers once every in-sync replica has the records, and at least
   * min.insync.replicas of them.
   */
  | 'ACKS_ALL'
  | 3

/**
 * How many replicas must hold the records before the broker answers (Kafka `acks`).
 */
export type Acks__Output = typeof Acks[keyof typeof Acks]
