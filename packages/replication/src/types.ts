/**
 * Plain data shared by the leader, the follower and the producer-state cores.
 *
 * Offsets, epochs and ids are JS numbers (safe integers) at run time, branded for the compiler:
 * Offset, LeaderEpoch and NodeId are the types of @rill/protocol/ids (declared there, once, and
 * shared with Raft, metadata and storage's callers), so one cannot be passed where another (or a
 * bare number) is expected; callers check wire values with `offset()` / `leaderEpoch()` /
 * `decodeNodeId()` where a request is decoded, and new offsets inside the cores come from
 * `offsetPlus` / `offsetMin` / `offsetMax`. An offset
 * named `...EndOffset` or `...Offset` that bounds a range is exclusive ("the next offset"), as in
 * Kafka: a log end offset of 5 means offsets 0..4 exist.
 */

export type { LeaderEpoch, NodeId, Offset } from "@rill/protocol/ids";

import type { LeaderEpoch, NodeId } from "@rill/protocol/ids";

/** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET: declared once in @rill/protocol/ids. */
export { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from "@rill/storage/leader-epoch-cache";

/**
 * A partition's replication state as the controller committed it (Kafka's PartitionRegistration):
 * the leader acts on it only when it arrives from the metadata log or an AlterPartition response.
 */
export interface PartitionState {
  readonly replicas: readonly NodeId[];
  readonly isr: readonly NodeId[];
  readonly leader: NodeId;
  readonly leaderEpoch: LeaderEpoch;
  /** Bumped by the controller on every change of this partition (ISR, replicas, leader). */
  readonly partitionEpoch: number;
}
