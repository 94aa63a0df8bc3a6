import type { MetadataImage } from "@rill/metadata";
import type { RillError } from "@rill/protocol";
import type { NodeId } from "@rill/protocol/ids";
import type { Logger } from "@rill/runtime";
import type { CommitPathTrace } from "./commit-path-trace.js";
import type { PartitionReplica } from "./partition-replica.js";
import type { PartitionSignal } from "./partition-signal.js";
import type { ProduceLatencyWindow } from "./produce-latency-window.js";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";
import type { TopicTrafficMetrics } from "./topic-traffic-metrics.js";

/**
 * What the request handlers and follower fetchers need of the replica manager: the hosted
 * replicas, the current image and the shared settings. One interface so the services do not
 * depend on the manager's lifecycle.
 */
export interface ReplicaDirectory {
  readonly brokerId: NodeId;
  readonly config: ReplicaManagerConfig;
  readonly clock: () => number;
  readonly logger: Logger;
  /** Per-topic bytes and records in and out (the services count what they append and answer). */
  readonly traffic: TopicTrafficMetrics;
  /** Where the commit path's milliseconds go (`rill_commit_path_stage_seconds`). */
  readonly trace: CommitPathTrace;
  /** The produce service records each answered produce's latency here (the automatic throttle reads it). */
  readonly produceLatency: ProduceLatencyWindow;
  /** Notified whenever some replica may have changed role (fetchers re-scan their partitions). */
  readonly rolesChanged: PartitionSignal;
  image(): MetadataImage;
  /** The replica of topic-partition here, or UNKNOWN_TOPIC_OR_PARTITION / NOT_LEADER_OR_FOLLOWER. */
  lookup(topic: string, partition: number): PartitionReplica | RillError;
  notLeaderError(topic: string, partition: number): RillError;
  /** The image says this broker is fenced: it serves no produce or fetch as leader. */
  isFenced(): boolean;
  /** The replicas following `leaderId`, ready to fetch (no truncation or role change pending). */
  followersOf(leaderId: number): PartitionReplica[];
  /** This broker's registration epoch (sent with follower fetches). */
  brokerEpoch(): number;
}
