/**
 * Plain data shared by the leader, the follower and the producer-state cores.
 *
 * Offsets, epochs and ids are JS numbers (safe integers); the byte edge converts them. LeaderEpoch
 * is the branded type of @rill/protocol/ids (declared there, once), so an offset or a bare number
 * does not compile where an epoch is expected; callers check wire values with `leaderEpoch()`
 * where a request is decoded. NodeId and Offset are still plain aliases (issue 16). An offset
 * named `...EndOffset` or `...Offset` that bounds a range is exclusive ("the next offset"), as in
 * Kafka: a log end offset of 5 means offsets 0..4 exist.
 */

export type NodeId = number;
export type Offset = number;
export type { LeaderEpoch } from "@rill/protocol/ids";

import type { LeaderEpoch } from "@rill/protocol/ids";

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
