import type { TopicPartition, TopicPartitionOffset } from "../consumer-types.js";

/**
 * A consumer's group settings (Kafka's names in camelCase; times in ms). Setting `groupId` makes
 * the consumer a group member: `subscribe` instead of `assign`, positions from committed offsets,
 * `commitOffsets` to the group's coordinator.
 */
export interface GroupConsumerOptions {
  /** The consumer group (Kafka group.id). Without it the consumer reads explicitly assigned partitions. */
  readonly groupId?: string;
  /**
   * A static member's id (Kafka group.instance.id): a member restarted with the same id within
   * the session timeout gets its partitions back and nobody else moves. It leaves with epoch -2
   * on `disconnect()` (its partitions wait for it) instead of -1.
   */
  readonly groupInstanceId?: string;
  /** A member that misses heartbeats this long is removed (Kafka session.timeout.ms); default 45 s (KIP-848). */
  readonly sessionTimeoutMs?: number;
  /**
   * How long revoking partitions may take (handlers in progress, the commit) before the
   * coordinator fences the member (Kafka max.poll.interval.ms); default 5 min.
   */
  readonly rebalanceTimeoutMs?: number;
  /** Commit positions every `autoCommitIntervalMs`, on revocation and on disconnect (Kafka enable.auto.commit); default true. */
  readonly autoCommit?: boolean;
  /** Kafka auto.commit.interval.ms; default 5 s. */
  readonly autoCommitIntervalMs?: number;
  /** The coordinator's assignor: "uniform" (default) or "range" (Kafka group.remote.assignor). */
  readonly serverAssignor?: string;
  /** This member's rack, for rack-aware assignment (Kafka client.rack). */
  readonly rackId?: string;
}

export const groupConsumerDefaults = {
  sessionTimeoutMs: 45_000,
  rebalanceTimeoutMs: 300_000,
  autoCommit: true,
  autoCommitIntervalMs: 5_000,
  /** Used until the coordinator's first answer names the interval (KIP-848 default). */
  heartbeatIntervalMs: 5_000,
  /** How long `disconnect()` waits for the final commit and the leave heartbeat. */
  leaveTimeoutMs: 5_000,
  /** The most topics one subscription may name. */
  subscribedTopicsMax: 10_000,
} as const;

/**
 * Rebalance callbacks (Kafka's ConsumerRebalanceListener). Each may be async; the member waits
 * for it before telling the coordinator, so work done in `onPartitionsRevoked` (a last commit, a
 * flush) happens while the partitions are still this member's.
 */
export interface RebalanceListener {
  /** Partitions given to this member, with the position each starts at (committed, else autoOffsetReset). */
  readonly onPartitionsAssigned?: (partitions: readonly TopicPartitionOffset[]) => Promise<void> | void;
  /**
   * Partitions taken away in a rebalance, with the positions reached: fetching has stopped, the
   * handlers on them have returned and (with autoCommit) the positions are committed.
   */
  readonly onPartitionsRevoked?: (partitions: readonly TopicPartitionOffset[]) => Promise<void> | void;
  /**
   * Partitions lost without a revocation: the member was fenced or its session expired, so
   * another member may already own them. Nothing is committed for them.
   */
  readonly onPartitionsLost?: (partitions: readonly TopicPartition[]) => Promise<void> | void;
}

/** What `subscribe` takes: topics by name or by pattern, and the rebalance callbacks. */
export interface SubscribeOptions extends RebalanceListener {
  /** Topic names. Exactly one of `topics` or `topicPattern`. */
  readonly topics?: readonly string[];
  /**
   * A pattern over topic names (JavaScript syntax, matched against the whole name on the
   * coordinator); topics created later that match it are picked up.
   */
  readonly topicPattern?: RegExp | string;
  /** Where a partition without a committed offset starts: true = earliest, else `autoOffsetReset`. */
  readonly fromBeginning?: boolean;
}
