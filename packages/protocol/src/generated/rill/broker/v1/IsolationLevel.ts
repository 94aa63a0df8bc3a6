// Original file: rill/broker/v1/fetch.proto

/**
 * Which records a reader may see (Kafka isolation.level).
 */
export const IsolationLevel = {
  /**
   * Not set; read as ISOLATION_LEVEL_READ_UNCOMMITTED.
   */
  ISOLATION_LEVEL_UNSPECIFIED: 'ISOLATION_LEVEL_UNSPECIFIED',
  /**
   * Read up to the high watermark, including records of open and aborted transactions.
   */
  ISOLATION_LEVEL_READ_UNCOMMITTED: 'ISOLATION_LEVEL_READ_UNCOMMITTED',
  /**
   * Read up to the last stable offset; aborted transactions are listed for the client to skip.
   */
  ISOLATION_LEVEL_READ_COMMITTED: 'ISOLATION_LEVEL_READ_COMMITTED',
} as const;

/**
 * Which records a reader may see (Kafka isolation.level).
 */
export type IsolationLevel =
  /**
   * Not set; read as ISOLATION_LEVEL_READ_UNCOMMITTED.
   */
  | 'ISOLATION_LEVEL_UNSPECIFIED'
  | 0
  /**
   * Read up to the high watermark, including records of open and aborted transactions.
   */
  | 'ISOLATION_LEVEL_READ_UNCOMMITTED'
  | 1
  /**
   * Read up to the last stable offset; aborted transactions are listed for the client to skip.
   */
  | 'ISOLATION_LEVEL_READ_COMMITTED'
  | 2

/**
 * Which records a reader may see (Kafka isolation.level).
 */
export type IsolationLevel__Output = typeof IsolationLevel[keyof typeof IsolationLevel]
