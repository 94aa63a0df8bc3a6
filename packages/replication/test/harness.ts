import { leaderEpoch, type NodeId, nodeId, offset, offsetPlus } from "@rill/protocol/ids";
import {
  type Acks,
  InMemoryReplicaLog,
  type LeaderOutput,
  PartitionLeader,
  type PartitionLeaderConfig,
  type PartitionState,
} from "../src/index.js";

export const LEADER = nodeId(1);
export const LAG_MS = 10_000;

export const defaultConfig: PartitionLeaderConfig = {
  minInsyncReplicas: 2,
  replicaLagTimeMaxMs: LAG_MS,
  maxPendingProduces: 100,
};

export function partitionState(overrides: Partial<PartitionState> = {}): PartitionState {
  return {
    replicas: [nodeId(1), nodeId(2), nodeId(3)],
    isr: [nodeId(1), nodeId(2), nodeId(3)],
    leader: LEADER,
    leaderEpoch: leaderEpoch(5),
    partitionEpoch: 10,
    ...overrides,
  };
}

/** A leader over an in-memory log, with helpers that keep the tests short. */
export function makeLeader(
  options: { state?: Partial<PartitionState>; config?: Partial<PartitionLeaderConfig>; nowMs?: number } = {},
) {
  const log = new InMemoryReplicaLog<string>();
  const state = partitionState(options.state);
  const leader = new PartitionLeader({
    localReplicaId: LEADER,
    state,
    config: { ...defaultConfig, ...options.config },
    log,
    highWatermark: offset(0),
    nowMs: options.nowMs ?? 0,
  });
  let nextProduceId = 1;
  return {
    log,
    leader,
    /** Appends `count` records in the leader's epoch (no flush). */
    append(count: number): number {
      return log.append(
        Array.from({ length: count }, (_, index) => ({ epoch: leader.leaderEpoch, payload: `r${index}` })),
      );
    },
    /** validate + append + onAppended, as the broker would. */
    produce(
      count: number,
      acks: Acks,
      nowMs: number,
      timeoutMs = 30_000,
    ): { produceId: number; output: LeaderOutput } {
      const error = leader.validateProduce({ acks });
      if (error !== undefined) throw error;
      const first = log.append(
        Array.from({ length: count }, (_, index) => ({ epoch: leader.leaderEpoch, payload: `p${index}` })),
      );
      const produceId = nextProduceId++;
      const output = leader.onAppended({
        produceId,
        acks,
        lastOffset: offsetPlus(first, count - 1),
        nowMs,
        timeoutMs,
      });
      return { produceId, output };
    },
    fetch(replicaId: NodeId, fetchOffset: number, nowMs: number, durableOffset = fetchOffset) {
      return leader.onFollowerFetch(
        {
          replicaId,
          currentLeaderEpoch: leader.leaderEpoch,
          fetchOffset: offset(fetchOffset),
          lastFetchedEpoch: fetchOffset === 0 ? undefined : leader.leaderEpoch,
          durableOffset: offset(durableOffset),
          maxBytes: 1 << 20,
        },
        nowMs,
      );
    },
  };
}
