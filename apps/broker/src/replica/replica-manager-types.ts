import type { BrokerV1, ControllerV1, ReplicationV1 } from "@rill/protocol";
import type { NodeId } from "@rill/protocol/ids";
import type { ReplicationThrottle } from "@rill/replication";
import type { Logger, RillMetrics } from "@rill/runtime";
import type { StorageFileSystem } from "@rill/storage";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";

/** What the replica manager needs from the controller quorum; the broker process (D2) implements it. */
export interface ControllerChannel {
  /** Sends AlterPartition (proto type from @rill/protocol) to the active controller. */
  alterPartition(
    request: ControllerV1.AlterPartitionRequest,
  ): Promise<ControllerV1.AlterPartitionResponse__Output>;
  /** A block of producer ids from the controller (AllocateProducerIds). */
  allocateProducerIds(): Promise<{ firstProducerId: bigint; count: number }>;
  /** This broker's current epoch from registration (sent in AlterPartition). */
  brokerEpoch(): bigint;
}

export interface ReplicaManagerOptions {
  readonly brokerId: NodeId;
  /** Partition logs live under it; the replica manager owns the LogManager (and its lock). */
  readonly dataDir: string;
  readonly controller: ControllerChannel;
  /** Milliseconds; default Date.now. */
  readonly clock?: () => number;
  readonly logger: Logger;
  readonly metrics: RillMetrics;
  readonly config: ReplicaManagerConfig;
  /**
   * Limits what leaders send to followers outside the ISR (reassignment sets it); default
   * UNTHROTTLED. ISR members are never throttled (that would stall acks=all).
   */
  readonly replicationThrottle?: ReplicationThrottle;
  /**
   * The controller refused an ISR proposal as made from an old picture (FENCED_LEADER_EPOCH,
   * INVALID_UPDATE_VERSION, NOT_LEADER_OR_FOLLOWER): the metadata log moved on without this
   * broker, e.g. it was deposed while cut off from the controllers and the stream it follows has
   * not resumed. Called so that the broker catches up at once (and becomes follower) instead of
   * proposing from that picture until the stream notices its silence.
   */
  readonly onStaleMetadata?: () => void;
  /**
   * The file system under the partition logs; default the real one. Tests pass a fault-injecting
   * layer (server/test-storage-faults.ts). The replica manager watches it for log-dir failures.
   */
  readonly fileSystem?: StorageFileSystem;
}

/** The handlers the broker process mounts on its gRPC server for BrokerService. */
export type ReplicaBrokerHandlers = Pick<
  BrokerV1.BrokerServiceHandlers,
  "Produce" | "ProduceStream" | "Fetch" | "FetchStream" | "ListOffsets" | "InitProducerId"
>;

/** The handlers the broker process mounts on its gRPC server for ReplicationService. */
export type ReplicaReplicationHandlers = Pick<
  ReplicationV1.ReplicationServiceHandlers,
  "FollowerFetch" | "OffsetForLeaderEpoch" | "FetchSegments"
>;

export type PartitionRole = "leader" | "follower" | "offline";

/** One hosted partition replica, for BrokerService.Metadata, describe tools and metrics. */
export interface PartitionSummary {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  readonly role: PartitionRole;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** Bytes of the log's segment files. */
  readonly sizeBytes: number;
  /** Bytes of a sealed segment being bulk-copied here, not yet installed (0 when none). */
  readonly bulkCopyStagedBytes: number;
  readonly highWatermark: number;
  /** Offsets below it are fsynced on this broker. */
  readonly flushedOffset: number;
  /** The ISR as this broker knows it (the leader's committed ISR, or the image's). */
  readonly isr: readonly number[];
  readonly replicas: readonly number[];
  /** The log's bytes on disk (all segments) and its segment count. */
  readonly logSizeBytes: number;
  readonly logSegmentCount: number;
  /**
   * On the leader, its followers' lag: the most records any follower is behind the leader's log
   * end, and the longest time since a follower was last caught up. Undefined elsewhere.
   */
  readonly followerLag: { readonly recordsMax: number; readonly timeMsMax: number } | undefined;
}
