/**
 * Who leaves and who joins the ISR, as the leader judges it before proposing a change to the
 * controller (Kafka's Partition.maybeShrinkIsr / maybeExpandIsr). Pure functions of the leader's
 * view; the leader proposes (at most one AlterPartition in flight) and the ISR changes only when
 * the controller's state arrives.
 */
import type { NodeId, Offset } from "../types.js";
import type { RemoteReplicaState } from "./remote-replica-state.js";

/**
 * The ISR members, other than the leader, that are not caught up (replica.lag.time.max.ms), or
 * that the leader does not track at all: the leader proposes removing them.
 */
export function outOfSyncReplicas(input: {
  readonly isr: ReadonlySet<NodeId>;
  readonly localReplicaId: NodeId;
  readonly remoteOf: (replicaId: NodeId) => RemoteReplicaState | undefined;
  readonly leaderLogEndOffset: Offset;
  readonly nowMs: number;
  readonly replicaLagTimeMaxMs: number;
}): NodeId[] {
  return [...input.isr].filter((replicaId) => {
    if (replicaId === input.localReplicaId) return false;
    const remote = input.remoteOf(replicaId);
    return (
      remote === undefined ||
      !remote.isCaughtUp(input.leaderLogEndOffset, input.nowMs, input.replicaLagTimeMaxMs)
    );
  });
}

/**
 * Kafka's rule (the follower reached the high watermark and this epoch's start offset), made
 * stricter: its DURABLE end must reach the watermark too, so that a new ISR member — a candidate
 * for clean election — holds every committed record on disk. `isEligible` (its broker is active)
 * is asked last.
 */
export function mayJoinIsr(input: {
  readonly remote: RemoteReplicaState;
  readonly highWatermark: Offset;
  readonly leaderEpochStartOffset: Offset;
  readonly isEligible: (replicaId: NodeId) => boolean;
}): boolean {
  const logEndOffset = input.remote.logEndOffset ?? -1;
  const durableOffset = input.remote.durableOffset ?? -1;
  return (
    logEndOffset >= input.highWatermark &&
    durableOffset >= input.highWatermark &&
    logEndOffset >= input.leaderEpochStartOffset &&
    input.isEligible(input.remote.replicaId)
  );
}
