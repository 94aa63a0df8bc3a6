// Original file: rill/controller/v1/controller_types.proto

/**
 * The registration state of a broker.
 */
export const BrokerState = {
  /**
   * Not known.
   */
  BROKER_STATE_UNSPECIFIED: 'BROKER_STATE_UNSPECIFIED',
  /**
   * Registered but fenced: not caught up yet, or missed its session timeout. Leads nothing.
   */
  BROKER_STATE_FENCED: 'BROKER_STATE_FENCED',
  /**
   * Registered, caught up and heartbeating: may lead partitions.
   */
  BROKER_STATE_ACTIVE: 'BROKER_STATE_ACTIVE',
  /**
   * Shutting down: its leaderships are being moved away.
   */
  BROKER_STATE_CONTROLLED_SHUTDOWN: 'BROKER_STATE_CONTROLLED_SHUTDOWN',
} as const;

/**
 * The registration state of a broker.
 */
export type BrokerState =
  /**
   * Not known.
   */
  | 'BROKER_STATE_UNSPECIFIED'
  | 0
  /**
   * Registered but fenced: not caught up yet, or missed its session timeout. Leads nothing.
   */
  | 'BROKER_STATE_FENCED'
  | 1
  /**
   * Registered, caught up and heartbeating: may lead partitions.
   */
  | 'BROKER_STATE_ACTIVE'
  | 2
  /**
   * Shutting down: its leaderships are being moved away.
   */
  | 'BROKER_STATE_CONTROLLED_SHUTDOWN'
  | 3

/**
 * The registration state of a broker.
 */
export type BrokerState__Output = typeof BrokerState[keyof typeof BrokerState]
