// Public API of @rill/metadata: records, the image, the controller logic and its driver.

export { type RandomSource, SeededRandom } from "@rill/protocol/random";
export { AssertionError } from "./assert.js";
export {
  BROKER_ENDPOINTS_MAX,
  BROKER_ID_MAX,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  checkBrokerEpoch,
  FENCES_PER_TICK_MAX,
  type RegisterBrokerRequest,
  type RegisterBrokerResponse,
} from "./controller/cluster-control.js";
export type { ControllerResult } from "./controller/controller-result.js";
export {
  describeBrokers,
  describeTopic,
  listPartitionReassignments,
  listTopics,
  type TopicDescription,
} from "./controller/describe.js";
export {
  CONTROLLER_DEFAULTS,
  MetadataController,
  type MetadataControllerOptions,
} from "./controller/metadata-controller.js";
export type { ElectionKind } from "./controller/partition-change-builder.js";
export type {
  AlterPartitionRequest,
  ElectionResult,
  PartitionState,
  ReassignmentRequest,
  TopicPartition,
} from "./controller/partition-control.js";
export type { ProducerIdsBlock } from "./controller/producer-id-control.js";
export {
  type AutoThrottleSettings,
  REASSIGNMENT_THROTTLE_AUTO_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_DEFAULTS,
  REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG,
  REASSIGNMENT_THROTTLE_CONFIG,
  reassignmentAutoThrottleOf,
  reassignmentThrottleOf,
} from "./controller/reassignment-throttle.js";
export {
  type PlacementBroker,
  type PlacementRequest,
  placeReplicas,
} from "./controller/replica-placement.js";
export {
  type ConfigDefinition,
  TOPIC_CONFIGS,
  topicConfigValue,
  validateTopicConfig,
} from "./controller/topic-configs.js";
export type {
  ConfigChange,
  CreatePartitionsRequest,
  CreateTopicRequest,
  CreateTopicResponse,
} from "./controller/topic-control.js";
export { TOPIC_NAME_LENGTH_MAX, validateTopicName } from "./controller/topic-names.js";
export { MetadataInvariantChecker } from "./image/invariants.js";
export { type MetadataChanges, MetadataDelta } from "./image/metadata-delta.js";
export {
  type BrokerRegistration,
  configResourceKey,
  MetadataImage,
  type MetadataImageParts,
  type PartitionRegistration,
  type TopicImage,
} from "./image/metadata-image.js";
export {
  decodeMetadataSnapshot,
  describeImage,
  encodeMetadataSnapshot,
  imageToRecords,
} from "./image/snapshot.js";
export { InMemoryQuorum } from "./log/in-memory-metadata-log.js";
export type {
  CommittedEntry,
  LeaderAndTerm,
  MetadataLog,
  MetadataLogListener,
  MetadataSnapshotData,
} from "./log/metadata-log.js";
export { type LogPosition, RaftMetadataLog, type RaftMetadataLogOptions } from "./log/raft-metadata-log.js";
export {
  QUORUM_CONTROLLER_DEFAULTS,
  QuorumController,
  type QuorumControllerOptions,
  type SnapshotPolicy,
} from "./quorum-controller.js";
export {
  decodeMetadataRecordBatch,
  encodeMetadataRecordBatch,
  METADATA_BATCH_BYTES_MAX,
} from "./records/codec.js";
export * from "./records/metadata-record.js";
