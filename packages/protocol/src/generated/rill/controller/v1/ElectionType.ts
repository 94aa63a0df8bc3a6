// Original file: rill/controller/v1/controller_types.proto

/**
 * The kind of leader election.
 */
export const ElectionType = {
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  ELECTION_TYPE_UNSPECIFIED: 'ELECTION_TYPE_UNSPECIFIED',
  /**
   * Make the preferred (first) replica the leader when it is in the ISR.
   */
  ELECTION_TYPE_PREFERRED: 'ELECTION_TYPE_PREFERRED',
  /**
   * Elect a leader from outside the ISR when no ISR replica is alive; may lose acknowledged records.
   */
  ELECTION_TYPE_UNCLEAN: 'ELECTION_TYPE_UNCLEAN',
} as const;

/**
 * The kind of leader election.
 */
export type ElectionType =
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  | 'ELECTION_TYPE_UNSPECIFIED'
  | 0
  /**
   * Make the preferred (first) replica the leader when it is in the ISR.
   */
  | 'ELECTION_TYPE_PREFERRED'
  | 1
  /**
   * Elect a leader from outside the ISR when no ISR replica is alive; may lose acknowledged records.
   */
  | 'ELECTION_TYPE_UNCLEAN'
  | 2

/**
 * The kind of leader election.
 */
export type ElectionType__Output = typeof ElectionType[keyof typeof ElectionType]
