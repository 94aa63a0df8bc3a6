export {
  type Assignor,
  type AssignorInput,
  type AssignorMember,
  assignorNamed,
  DEFAULT_ASSIGNOR,
} from "./assignor/assignor.js";
export { rangeAssignor } from "./assignor/range-assignor.js";
export { uniformAssignor } from "./assignor/uniform-assignor.js";
export {
  type ClusterTopics,
  compileSubscriptionRegex,
  resolveSubscription,
  type Subscription,
  type TopicDescription,
} from "./cluster-topics.js";
export {
  ConsumerGroup,
  type ConsumerGroupSnapshot,
  type ConsumerGroupState,
  type HeartbeatRequest,
  type HeartbeatResponse,
} from "./consumer-group.js";
export {
  type FetchedOffset,
  GroupCoordinatorShard,
  type ListedGroup,
  type PartitionCommitResult,
  type ShardResult,
} from "./coordinator-shard.js";
export { DEFAULT_GROUP_COORDINATOR_CONFIG, type GroupCoordinatorConfig } from "./group-config.js";
export { groupPartition, javaStringHashCode } from "./group-partition.js";
export {
  type ConsumerGroupMember,
  LEAVE_GROUP_MEMBER_EPOCH,
  LEAVE_GROUP_STATIC_MEMBER_EPOCH,
  type MemberState,
} from "./member.js";
export type { CommitIdentity, OffsetAndMetadata, PartitionCommit } from "./offsets.js";
export { reconcileMember } from "./reconcile.js";
export {
  type CoordinatorRecord,
  decodeCoordinatorRecord,
  type EncodedRecord,
  encodeCoordinatorRecord,
} from "./records.js";
export * from "./topic-partitions.js";
