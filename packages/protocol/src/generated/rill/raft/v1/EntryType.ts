// Original file: rill/raft/v1/raft_service.proto

/**
 * The kinds of log entries.
 */
export const EntryType = {
  /**
   * Not set; never sent.
   */
  ENTRY_TYPE_UNSPECIFIED: 'ENTRY_TYPE_UNSPECIFIED',
  /**
   * Application data.
   */
  ENTRY_TYPE_NORMAL: 'ENTRY_TYPE_NORMAL',
  /**
   * A membership change.
   */
  ENTRY_TYPE_CONFIG: 'ENTRY_TYPE_CONFIG',
  /**
   * The empty entry a new leader appends.
   */
  ENTRY_TYPE_NOOP: 'ENTRY_TYPE_NOOP',
} as const;

/**
 * The kinds of log entries.
 */
export type EntryType =
  /**
   * Not set; never sent.
   */
  | 'ENTRY_TYPE_UNSPECIFIED'
  | 0
  /**
   * Application data.
   */
  | 'ENTRY_TYPE_NORMAL'
  | 1
  /**
   * A membership change.
   */
  | 'ENTRY_TYPE_CONFIG'
  | 2
  /**
   * The empty entry a new leader appends.
   */
  | 'ENTRY_TYPE_NOOP'
  | 3

/**
 * The kinds of log entries.
 */
export type EntryType__Output = typeof EntryType[keyof typeof EntryType]
