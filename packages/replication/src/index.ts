// Public API of @rill/replication: the pure decision logic of partition replication.

export { type EpochEntry, LeaderEpochCache } from "@rill/storage/leader-epoch-cache";
export type { FollowerFetchRequest, LeaderLogPosition } from "./fetch-protocol.js";
export {
  type FollowerAction,
  type FollowerFetchResponse,
  PartitionFollower,
  type PartitionFollowerOptions,
} from "./follower/partition-follower.js";
export { planTruncation, type TruncationPlan } from "./follower/truncation.js";
export { InvariantViolation } from "./invariant.js";
export { type Acks, parseAcks } from "./leader/acks.js";
export { checkFetchOffset, checkLeaderEpoch, findDivergingEpoch } from "./leader/fetch-validation.js";
export { computeHighWatermark } from "./leader/high-watermark.js";
export {
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  type ConsumerFetchDecision,
  type Durability,
  type FollowerFetchDecision,
  type LeaderOutput,
  PartitionLeader,
  type PartitionLeaderConfig,
  type PartitionLeaderOptions,
  type ProduceCompletion,
} from "./leader/partition-leader.js";
export {
  type ReplicationThrottle,
  TokenBucketThrottle,
  UNTHROTTLED,
} from "./leader/replication-throttle.js";
export { type InMemoryRecord, InMemoryReplicaLog } from "./log/in-memory-replica-log.js";
export { type EpochEndOffset, epochEndOffsetFrom, type ReplicaLog } from "./log/replica-log.js";
export type {
  BatchMetadata,
  ProducerBatchHeader,
  ProducerBatchInfo,
  ProducerStateEntry,
} from "./producer-state/producer-batch.js";
export {
  PRODUCER_BATCH_CACHE_SIZE,
  type ProducerBatchCheck,
  ProducerStateManager,
} from "./producer-state/producer-state-manager.js";
export { rebuildProducerState } from "./producer-state/rebuild.js";
export {
  incrementSequence,
  isNextSequence,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  PRODUCER_EPOCH_MAX,
  SEQUENCE_MAX,
} from "./producer-state/sequence.js";
export {
  decodeProducerSnapshot,
  encodeProducerSnapshot,
  PRODUCER_SNAPSHOT_PRODUCERS_MAX,
  PRODUCER_SNAPSHOT_VERSION,
} from "./producer-state/snapshot.js";
export * from "./types.js";
