// Public API of @rill/client: bootstrap, metadata cache, routing, produce, fetch and admin.

// Kafka's key partitioner, re-exported so SDK users need not depend on @rill/protocol for it.
export { partitionForKey } from "@rill/protocol";
export { AdminClient, type AdminClientOptions, adminClientDefaults } from "./admin/admin-client.js";
export type * from "./admin/admin-types.js";
export { formatAddress, parseAddress, parseBootstrap } from "./connection/address.js";
export {
  ConnectionPool,
  type ConnectionPoolOptions,
  connectionPoolDefaults,
} from "./connection/connection-pool.js";
export * from "./consumer/index.js";
export { DataClient, type DataClientOptions, dataClientDefaults } from "./data/data-client.js";
export type * from "./data/data-types.js";
export type { BrokerNode, ClusterMetadata, PartitionInfo, TopicInfo } from "./metadata/cluster-metadata.js";
export {
  type LeaderHint,
  type LeaderRoute,
  MetadataCache,
  type MetadataCacheOptions,
  metadataCacheDefaults,
} from "./metadata/metadata-cache.js";
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
