import { type LeaderEpoch, leaderEpoch, offset } from "@rill/protocol/ids";
import {
  type FollowerAction,
  InMemoryReplicaLog,
  type NodeId,
  PartitionFollower,
  PartitionLeader,
} from "../src/index.js";

/** Bound on fetch rounds when bringing a follower level with its leader. */
const SYNC_ROUNDS_MAX = 200;

/**
 * Replicas of one partition wired in memory: a PartitionLeader and PartitionFollowers over
 * InMemoryReplicaLogs, records moved by the test (the driver's job). Payloads are unique numbers,
 * so equal payloads mean "the same record".
 */
export class ClusterSim {
  readonly logs = new Map<NodeId, InMemoryReplicaLog<number>>();
  readonly replicaIds: readonly NodeId[];
  leaderEpoch: LeaderEpoch = leaderEpoch(0);
  leaderId: NodeId;
  leader!: PartitionLeader;
  followers = new Map<NodeId, PartitionFollower>();
  nowMs = 0;
  #nextPayload = 1;
  readonly actions: FollowerAction[] = [];

  constructor(replicaIds: readonly NodeId[]) {
    this.replicaIds = replicaIds;
    for (const id of replicaIds) this.logs.set(id, new InMemoryReplicaLog<number>());
    this.leaderId = replicaIds[0]!;
    this.elect(this.leaderId);
  }

  log(id: NodeId): InMemoryReplicaLog<number> {
    return this.logs.get(id)!;
  }

  /** A new leader epoch led by `id` (clean or not: the controller's choice is not modelled). */
  elect(id: NodeId): void {
    this.leaderEpoch = leaderEpoch(this.leaderEpoch + 1);
    this.leaderId = id;
    this.leader = new PartitionLeader({
      localReplicaId: id,
      state: {
        replicas: this.replicaIds,
        isr: this.replicaIds,
        leader: id,
        leaderEpoch: this.leaderEpoch,
        partitionEpoch: this.leaderEpoch,
      },
      config: { minInsyncReplicas: 1, replicaLagTimeMaxMs: 1_000, maxPendingProduces: 10 },
      log: this.log(id),
      highWatermark: offset(0),
      nowMs: this.nowMs,
    });
    this.followers = new Map(
      this.replicaIds
        .filter((other) => other !== id)
        .map((other) => [
          other,
          new PartitionFollower({
            localReplicaId: other,
            leaderId: id,
            leaderEpoch: this.leaderEpoch,
            log: this.log(other),
            highWatermark: offset(0),
          }),
        ]),
    );
  }

  /** The leader appends `count` new records; returns their payloads. */
  append(count: number): number[] {
    const payloads = Array.from({ length: count }, () => this.#nextPayload++);
    this.log(this.leaderId).append(payloads.map((payload) => ({ epoch: this.leaderEpoch, payload })));
    return payloads;
  }

  /** One fetch round trip of follower `id`, reading at most `maxRecords`. */
  fetchOnce(id: NodeId, maxRecords: number): FollowerAction {
    const follower = this.followers.get(id)!;
    this.nowMs++;
    const request = follower.fetchRequest(maxRecords);
    const { decision } = this.leader.onFollowerFetch(request, this.nowMs);
    if (decision.kind === "read") {
      const records = this.log(this.leaderId).read(
        decision.fetchOffset,
        decision.fetchOffset + decision.maxBytes,
      );
      this.log(id).append(records);
    }
    const action = follower.onFetchResponse(decision);
    this.actions.push(action);
    return action;
  }

  /** Fetches until the follower's log ends where the leader's does and the last fetch was a read. */
  sync(id: NodeId): void {
    for (let round = 0; round < SYNC_ROUNDS_MAX; round++) {
      const action = this.fetchOnce(id, 1_000);
      if (action.kind === "backoff") throw action.error;
      if (
        action.kind === "appended" &&
        this.log(id).logEndOffset() === this.log(this.leaderId).logEndOffset()
      ) {
        // One more round proves the leader sees no divergence at the end.
        const check = this.fetchOnce(id, 1_000);
        if (check.kind === "appended") return;
      }
    }
    throw new Error(`follower ${id} did not converge in ${SYNC_ROUNDS_MAX} rounds`);
  }

  /** Power loss on `id`: the unflushed tail is gone. */
  crash(id: NodeId): void {
    const log = this.log(id);
    log.truncateTo(log.flushedOffset());
  }

  payloads(id: NodeId): number[] {
    return this.log(id)
      .read(0)
      .map((record) => record.payload);
  }

  epochsOf(id: NodeId): number[] {
    return this.log(id)
      .read(0)
      .map((record) => record.epoch);
  }
}
