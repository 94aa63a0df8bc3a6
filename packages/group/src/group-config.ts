/** The coordinator's settings (Kafka's `group.consumer.*` and `offsets.*` names in comments). */
export interface GroupCoordinatorConfig {
  /** group.consumer.session.timeout.ms: a member's session when it asks for none (45 s). */
  readonly sessionTimeoutMsDefault: number;
  /** Bounds of a member's requested session timeout (INVALID_REQUEST outside). */
  readonly sessionTimeoutMsMin: number;
  readonly sessionTimeoutMsMax: number;
  /** group.consumer.heartbeat.interval.ms (5 s); never more than a third of the member's session. */
  readonly heartbeatIntervalMs: number;
  /** A member's rebalance timeout when it gives none (Kafka's max.poll.interval.ms, 5 min). */
  readonly rebalanceTimeoutMsDefault: number;
  /** group.consumer.max.size: members of one group (GROUP_MAX_SIZE_REACHED beyond). */
  readonly membersMax: number;
  /** offset.metadata.max.bytes: UTF-8 bytes of a commit's metadata (4 KiB). */
  readonly offsetMetadataBytesMax: number;
  /** offsets.retention.minutes in ms: offsets of an empty group expire this long after (7 days). */
  readonly offsetsRetentionMs: number;
  /** A fresh member id (injected: the core draws no randomness of its own). */
  readonly newMemberId: () => string;
}

export const DEFAULT_GROUP_COORDINATOR_CONFIG: Omit<GroupCoordinatorConfig, "newMemberId"> = {
  sessionTimeoutMsDefault: 45_000,
  sessionTimeoutMsMin: 100,
  sessionTimeoutMsMax: 30 * 60 * 1000,
  heartbeatIntervalMs: 5_000,
  rebalanceTimeoutMsDefault: 5 * 60 * 1000,
  membersMax: 1_000,
  offsetMetadataBytesMax: 4_096,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
};
