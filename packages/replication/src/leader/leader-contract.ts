/**
 * The PartitionLeader's contract with its driver: its configuration and construction options,
 * the AlterPartition exchange with the controller, the produce completions with the durability
 * they report, the effects of each input (`LeaderOutput`), and the decisions on follower and
 * consumer fetches. Types only; the state machine is partition-leader.ts.
 */
import type { RillError } from "@rill/protocol";
import type { LeaderLogPosition } from "../fetch-protocol.js";
import type { EpochEndOffset, ReplicaLog } from "../log/replica-log.js";
import type { LeaderEpoch, NodeId, Offset, PartitionState } from "../types.js";
import type { ReplicationThrottle } from "./replication-throttle.js";

export interface PartitionLeaderConfig {
  /** min.insync.replicas: acks=all needs at least this many ISR members. */
  readonly minInsyncReplicas: number;
  /** replica.lag.time.max.ms: an ISR follower not caught up for longer is proposed for removal. */
  readonly replicaLagTimeMaxMs: number;
  /** Bound on acks=all appends waiting for the high watermark (the delayed-produce purgatory). */
  readonly maxPendingProduces: number;
}

export interface PartitionLeaderOptions {
  readonly localReplicaId: NodeId;
  /** The controller's state that made this replica leader; `state.leader === localReplicaId`. */
  readonly state: PartitionState;
  readonly config: PartitionLeaderConfig;
  readonly log: ReplicaLog;
  /** The high watermark this replica had (checkpoint or as a follower); clamped to the log. */
  readonly highWatermark: Offset;
  readonly nowMs: number;
  readonly throttle?: ReplicationThrottle;
  /** Whether a follower may join the ISR (e.g. its broker is not fenced or shutting down). */
  readonly isEligibleForIsr?: (replicaId: NodeId) => boolean;
}

/** Sent to the controller; `requestId` matches the response to the (single) request in flight. */
export interface AlterPartitionRequest {
  readonly requestId: number;
  readonly leaderId: NodeId;
  readonly leaderEpoch: LeaderEpoch;
  /** The partition epoch the proposal is based on; the controller rejects a stale one. */
  readonly partitionEpoch: number;
  readonly newIsr: readonly NodeId[];
}

export type AlterPartitionResponse =
  | { readonly requestId: number; readonly state: PartitionState }
  | { readonly requestId: number; readonly error: RillError };

/** How far an append got, reported with its outcome (SPEC: the response states the durability). */
export interface Durability {
  /** Replicas (leader included) whose log holds the records, as far as the leader knows. */
  readonly replicasWithRecords: number;
  /** Of those, how many have them fsynced. */
  readonly replicasDurable: number;
}

export interface ProduceCompletion {
  readonly produceId: number;
  /** undefined: acknowledged. Otherwise the error for the client; see `onAppended`. */
  readonly error: RillError | undefined;
  readonly durability: Durability;
}

/**
 * Effects of an input, for the driver to carry out: answer the completed produces, send the
 * AlterPartition request to the controller (at most one is in flight), publish the watermark.
 */
export interface LeaderOutput {
  readonly completions: readonly ProduceCompletion[];
  readonly alterPartition: AlterPartitionRequest | undefined;
  readonly highWatermark: Offset;
  readonly highWatermarkChanged: boolean;
}

/**
 * The leader's answer to a follower fetch. For "read", the driver reads records from `fetchOffset`
 * (up to the log end, at most `maxBytes` but at least one batch unless `maxBytes` is 0) and sends
 * them with the watermark; for "diverging" it sends no records and the follower truncates.
 */
export type FollowerFetchDecision = LeaderLogPosition &
  (
    | {
        readonly kind: "read";
        readonly fetchOffset: Offset;
        readonly maxBytes: number;
        readonly throttled: boolean;
      }
    | { readonly kind: "diverging"; readonly divergingEpoch: EpochEndOffset }
    | { readonly kind: "error"; readonly error: RillError }
  );

export type ConsumerFetchDecision =
  | (LeaderLogPosition & { readonly kind: "read"; readonly fetchOffset: Offset; readonly maxOffset: Offset })
  | { readonly kind: "error"; readonly error: RillError };
