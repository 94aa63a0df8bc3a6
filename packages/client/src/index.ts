// Public API of @rill/client: the Rill entry point (producer, admin), and the low-level layer
// under it (bootstrap, metadata cache, routing, produce, fetch and admin clients).

// Kafka's key partitioner, re-exported so SDK users need not depend on @rill/protocol for it.
export { partitionForKey } from "@rill/protocol";
export { AdminClient, type AdminClientOptions, adminClientDefaults } from "./admin/admin-client.js";
export type * from "./admin/admin-types.js";
export { GroupAdmin, type GroupCallOptions, groupAdminDefaults } from "./admin/group-admin.js";
export type * from "./admin/group-admin-types.js";
export { type PartitionOffsetsNow, planOffsetReset } from "./admin/offset-reset-plan.js";
export { type PartitionOffset, RillAdmin } from "./admin/rill-admin.js";
export { formatAddress, parseAddress, parseBootstrap } from "./connection/address.js";
export {
  ConnectionPool,
  type ConnectionPoolOptions,
  connectionPoolDefaults,
} from "./connection/connection-pool.js";
export * from "./consumer/index.js";
export { DataClient, type DataClientOptions, dataClientDefaults } from "./data/data-client.js";
export type * from "./data/data-types.js";
export {
  COORDINATOR_MOVED,
  type CoordinatorCallOptions,
  CoordinatorClient,
  type CoordinatorClientDeps,
} from "./group/coordinator-client.js";
export {
  type CommitIdentity,
  type CommittedOffset,
  commitGroupOffsets,
  fetchGroupOffsets,
  type OffsetToCommit,
  offsetMetadataCharsMax,
} from "./group/group-offsets.js";
export {
  type BatchEvent,
  channelNames,
  Instrumentation,
  type MetadataEvent,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
} from "./instrumentation/channels.js";
export type { BrokerNode, ClusterMetadata, PartitionInfo, TopicInfo } from "./metadata/cluster-metadata.js";
export {
  type LeaderHint,
  type LeaderRoute,
  MetadataCache,
  type MetadataCacheOptions,
  metadataCacheDefaults,
} from "./metadata/metadata-cache.js";
export { PartitionChooser, type Partitioner, type PartitionerInput } from "./producer/partitioners.js";
export {
  type Message,
  type MessageBytes,
  Producer,
  type ProducerDeps,
  type SendRequest,
} from "./producer/producer.js";
export type { RecordMetadata, RecordOutcome } from "./producer/producer-batch.js";
export {
  compressionCodecs,
  type ProducerOptions,
  type ProducerSettings,
  producerDefaults,
} from "./producer/producer-options.js";
export { type BatchSummary, summarizeBatches } from "./records/batch-summary.js";
export {
  decodedBatchesMax,
  decodeFetchedBatches,
  nextFetchOffset,
  recordsFrom,
} from "./records/decode-batches.js";
export { Backoff, type BackoffOptions, backoffDefaults } from "./retry/backoff.js";
export { type Clock, systemClock } from "./retry/clock.js";
export { Deadline } from "./retry/deadline.js";
export { type FailureOutcome, failureOutcome } from "./retry/outcome.js";
export {
  type AttemptContext,
  type RetryDecision,
  type RetryLoopOptions,
  type RetryOutcome,
  retryUntilDeadline,
} from "./retry/retry-loop.js";
export { type LogEntry, type LogLevel, Rill, type RillOptions } from "./rill.js";
