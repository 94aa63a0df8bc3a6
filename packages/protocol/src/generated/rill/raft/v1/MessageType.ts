// Original file: rill/raft/v1/raft_service.proto

/**
 * The kinds of Raft messages.
 */
export const MessageType = {
  /**
   * Not set; never sent.
   */
  MESSAGE_TYPE_UNSPECIFIED: 'MESSAGE_TYPE_UNSPECIFIED',
  /**
   * Leader to follower: entries to append (possibly none: a heartbeat-like probe).
   */
  MESSAGE_TYPE_APPEND: 'MESSAGE_TYPE_APPEND',
  /**
   * Follower to leader: the answer to an append.
   */
  MESSAGE_TYPE_APPEND_RESPONSE: 'MESSAGE_TYPE_APPEND_RESPONSE',
  /**
   * Candidate to voter: a vote request.
   */
  MESSAGE_TYPE_VOTE: 'MESSAGE_TYPE_VOTE',
  /**
   * Voter to candidate: the answer to a vote request.
   */
  MESSAGE_TYPE_VOTE_RESPONSE: 'MESSAGE_TYPE_VOTE_RESPONSE',
  /**
   * Pre-candidate to voter: a PreVote request (no term change on either side).
   */
  MESSAGE_TYPE_PRE_VOTE: 'MESSAGE_TYPE_PRE_VOTE',
  /**
   * Voter to pre-candidate: the answer to a PreVote request.
   */
  MESSAGE_TYPE_PRE_VOTE_RESPONSE: 'MESSAGE_TYPE_PRE_VOTE_RESPONSE',
  /**
   * Leader to follower: a heartbeat carrying the commit index.
   */
  MESSAGE_TYPE_HEARTBEAT: 'MESSAGE_TYPE_HEARTBEAT',
  /**
   * Follower to leader: the answer to a heartbeat.
   */
  MESSAGE_TYPE_HEARTBEAT_RESPONSE: 'MESSAGE_TYPE_HEARTBEAT_RESPONSE',
  /**
   * Leader to follower: a snapshot to install (its data may follow in chunks).
   */
  MESSAGE_TYPE_SNAPSHOT: 'MESSAGE_TYPE_SNAPSHOT',
  /**
   * Follower to leader: the answer to a snapshot.
   */
  MESSAGE_TYPE_SNAPSHOT_RESPONSE: 'MESSAGE_TYPE_SNAPSHOT_RESPONSE',
  /**
   * Leader to its transfer target: start an election now (leadership transfer).
   */
  MESSAGE_TYPE_TIMEOUT_NOW: 'MESSAGE_TYPE_TIMEOUT_NOW',
  /**
   * Any member to the leader: a ReadIndex request to confirm leadership for a read.
   */
  MESSAGE_TYPE_READ_INDEX: 'MESSAGE_TYPE_READ_INDEX',
  /**
   * Leader to the member that asked: the read index.
   */
  MESSAGE_TYPE_READ_INDEX_RESPONSE: 'MESSAGE_TYPE_READ_INDEX_RESPONSE',
} as const;

/**
 * The kinds of Raft messages.
 */
export type MessageType =
  /**
   * Not set; never sent.
   */
  | 'MESSAGE_TYPE_UNSPECIFIED'
  | 0
  /**
   * Leader to follower: entries to append (possibly none: a heartbeat-like probe).
   */
  | 'MESSAGE_TYPE_APPEND'
  | 1
  /**
   * Follower to leader: the answer to an append.
   */
  | 'MESSAGE_TYPE_APPEND_RESPONSE'
  | 2
  /**
   * Candidate to voter: a vote request.
   */
  | 'MESSAGE_TYPE_VOTE'
  | 3
  /**
   * Voter to candidate: the answer to a vote request.
   */
  | 'MESSAGE_TYPE_VOTE_RESPONSE'
  | 4
  /**
   * Pre-candidate to voter: a PreVote request (no term change on either side).
   */
  | 'MESSAGE_TYPE_PRE_VOTE'
  | 5
  /**
   * Voter to pre-candidate: the answer to a PreVote request.
   */
  | 'MESSAGE_TYPE_PRE_VOTE_RESPONSE'
  | 6
  /**
   * Leader to follower: a heartbeat carrying the commit index.
   */
  | 'MESSAGE_TYPE_HEARTBEAT'
  | 7
  /**
   * Follower to leader: the answer to a heartbeat.
   */
  | 'MESSAGE_TYPE_HEARTBEAT_RESPONSE'
  | 8
  /**
   * Leader to follower: a snapshot to install (its data may follow in chunks).
   */
  | 'MESSAGE_TYPE_SNAPSHOT'
  | 9
  /**
   * Follower to leader: the answer to a snapshot.
   */
  | 'MESSAGE_TYPE_SNAPSHOT_RESPONSE'
  | 10
  /**
   * Leader to its transfer target: start an election now (leadership transfer).
   */
  | 'MESSAGE_TYPE_TIMEOUT_NOW'
  | 11
  /**
   * Any member to the leader: a ReadIndex request to confirm leadership for a read.
   */
  | 'MESSAGE_TYPE_READ_INDEX'
  | 12
  /**
   * Leader to the member that asked: the read index.
   */
  | 'MESSAGE_TYPE_READ_INDEX_RESPONSE'
  | 13

/**
 * The kinds of Raft messages.
 */
export type MessageType__Output = typeof MessageType[keyof typeof MessageType]
