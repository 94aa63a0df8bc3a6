import type { LeaderEpoch, NodeId, Offset } from "./types.js";

/**
 * A follower's fetch (the replication stream's request), built by PartitionFollower.fetchRequest
 * and judged by PartitionLeader.onFollowerFetch. The gRPC message carries the same fields.
 */
export interface FollowerFetchRequest {
  readonly replicaId: NodeId;
  /** The leader epoch the follower follows; mismatches get FENCED_/UNKNOWN_LEADER_EPOCH. */
  readonly currentLeaderEpoch: LeaderEpoch;
  /** The follower's log end offset: it holds everything below and wants what comes next. */
  readonly fetchOffset: Offset;
  /** The epoch of the follower's last entry (its latest epoch), undefined for an empty log. */
  readonly lastFetchedEpoch: LeaderEpoch | undefined;
  /** The follower's fsynced end (<= fetchOffset): what counts toward the high watermark. */
  readonly durableOffset: Offset;
  readonly maxBytes: number;
}

/** The leader's log position, sent with every answer to a fetch. */
export interface LeaderLogPosition {
  readonly highWatermark: Offset;
  readonly logStartOffset: Offset;
  readonly logEndOffset: Offset;
}
