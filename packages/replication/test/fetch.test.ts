import { leaderEpoch, type NodeId, nodeId, offset } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import {
  type FollowerFetchRequest,
  InMemoryReplicaLog,
  PartitionLeader,
  TokenBucketThrottle,
} from "../src/index.js";
import { defaultConfig, LEADER, makeLeader, partitionState } from "./harness.js";

describe("consumer fetch validation", () => {
  it("answers FENCED_LEADER_EPOCH for an older epoch and UNKNOWN_LEADER_EPOCH for a newer one", () => {
    const { leader } = makeLeader();
    const errorOf = (currentLeaderEpoch: number | undefined) => {
      const decision = leader.validateConsumerFetch({
        fetchOffset: offset(0),
        currentLeaderEpoch: currentLeaderEpoch === undefined ? undefined : leaderEpoch(currentLeaderEpoch),
      });
      return decision.kind === "error" ? decision.error.errorName : "read";
    };
    expect([errorOf(4), errorOf(5), errorOf(6), errorOf(undefined)]).toEqual([
      "FENCED_LEADER_EPOCH",
      "read",
      "UNKNOWN_LEADER_EPOCH",
      "read",
    ]);
  });

  it("answers OFFSET_OUT_OF_RANGE outside [logStart, logEnd] and caps reads at the watermark", () => {
    const { leader, log, append, fetch } = makeLeader({ state: { isr: [nodeId(1), nodeId(2)] } });
    append(10);
    log.flush();
    fetch(nodeId(2), 6, 1);
    log.advanceLogStartOffset(2);
    const at = (fetchOffset: number) =>
      leader.validateConsumerFetch({ fetchOffset: offset(fetchOffset), currentLeaderEpoch: leaderEpoch(5) });
    expect(at(1)).toMatchObject({ kind: "error", error: { errorName: "OFFSET_OUT_OF_RANGE" } });
    expect(at(11)).toMatchObject({ kind: "error", error: { errorName: "OFFSET_OUT_OF_RANGE" } });
    expect(at(2)).toEqual({
      kind: "read",
      fetchOffset: 2,
      maxOffset: 6,
      highWatermark: 6,
      logStartOffset: 2,
      logEndOffset: 10,
    });
    // Between the watermark and the log end: valid, but nothing to read yet.
    expect(at(10)).toMatchObject({ kind: "read", maxOffset: 6 });
  });

  it("answers OffsetsForLeaderEpoch from the leader-epoch cache", () => {
    const log = new InMemoryReplicaLog<string>();
    log.append([
      { epoch: leaderEpoch(1), payload: "a" },
      { epoch: leaderEpoch(1), payload: "b" },
      { epoch: leaderEpoch(3), payload: "c" },
    ]);
    const leader = new PartitionLeader({
      localReplicaId: LEADER,
      state: partitionState(),
      config: defaultConfig,
      log,
      highWatermark: offset(0),
      nowMs: 0,
    });
    expect(leader.endOffsetForEpoch(leaderEpoch(1), leaderEpoch(5))).toEqual({
      epoch: leaderEpoch(1),
      endOffset: 2,
    });
    expect(leader.endOffsetForEpoch(leaderEpoch(2), leaderEpoch(5))).toEqual({
      epoch: leaderEpoch(1),
      endOffset: 2,
    });
    expect(leader.endOffsetForEpoch(leaderEpoch(3), leaderEpoch(5))).toEqual({
      epoch: leaderEpoch(3),
      endOffset: 3,
    });
    expect(leader.endOffsetForEpoch(leaderEpoch(5), leaderEpoch(5))).toEqual({
      epoch: leaderEpoch(5),
      endOffset: 3,
    });
    expect(leader.endOffsetForEpoch(leaderEpoch(0), undefined)).toEqual({
      epoch: leaderEpoch(0),
      endOffset: 0,
    });
    expect(leader.endOffsetForEpoch(leaderEpoch(6), undefined)).toEqual({ epoch: -1, endOffset: -1 });
    expect(leader.endOffsetForEpoch(leaderEpoch(1), leaderEpoch(4))).toMatchObject({
      errorName: "FENCED_LEADER_EPOCH",
    });
    // The epoch is a LeaderEpoch at this API: an offset (or a bare number) does not compile.
    // @ts-expect-error an Offset is not a LeaderEpoch
    leader.endOffsetForEpoch(offset(3), undefined);
    // @ts-expect-error a plain number must be checked through leaderEpoch() first
    leader.endOffsetForEpoch(3, undefined);
  });
});

describe("follower fetch validation", () => {
  const request: Omit<FollowerFetchRequest, "replicaId"> = {
    currentLeaderEpoch: leaderEpoch(5),
    fetchOffset: offset(0),
    lastFetchedEpoch: undefined,
    durableOffset: offset(0),
    maxBytes: 100,
  };

  it("rejects a replica that is not assigned, a wrong epoch, a durable offset past the fetch offset, and an offset past the end", () => {
    const { leader } = makeLeader();
    const errorOf = (overrides: Partial<typeof request> & { replicaId?: NodeId }) => {
      const { decision } = leader.onFollowerFetch({ replicaId: nodeId(2), ...request, ...overrides }, 0);
      return decision.kind === "error" ? decision.error.errorName : decision.kind;
    };
    expect(errorOf({ replicaId: nodeId(9) })).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(errorOf({ currentLeaderEpoch: leaderEpoch(4) })).toBe("FENCED_LEADER_EPOCH");
    expect(errorOf({ currentLeaderEpoch: leaderEpoch(6) })).toBe("UNKNOWN_LEADER_EPOCH");
    expect(errorOf({ durableOffset: offset(1) })).toBe("INVALID_REQUEST");
    expect(errorOf({ fetchOffset: offset(1), durableOffset: offset(0) })).toBe("OFFSET_OUT_OF_RANGE");
    expect(errorOf({})).toBe("read");
    // The replica id is a NodeId at this API: an offset (or a bare number) does not compile.
    // @ts-expect-error an Offset is not a NodeId
    expect(errorOf({ replicaId: offset(2) })).toBe("read");
    // @ts-expect-error a plain number must be checked through nodeId() (or decodeNodeId()) first
    expect(errorOf({ replicaId: 9 })).toBe("NOT_LEADER_OR_FOLLOWER");
    // @ts-expect-error a NodeId is not a LeaderEpoch
    expect(errorOf({ currentLeaderEpoch: nodeId(5) })).toBe("read");
    // The offsets are Offsets at this API: a node id, an epoch or a bare number does not compile.
    // @ts-expect-error a NodeId is not an Offset
    expect(errorOf({ fetchOffset: nodeId(0) })).toBe("read");
    // @ts-expect-error a LeaderEpoch is not an Offset
    expect(errorOf({ durableOffset: leaderEpoch(0) })).toBe("read");
    // @ts-expect-error a plain number must be checked through offset() first
    expect(errorOf({ fetchOffset: 0 })).toBe("read");
  });

  it("does not record the follower's position on a diverging fetch", () => {
    const log = new InMemoryReplicaLog<string>();
    log.append([{ epoch: leaderEpoch(1), payload: "a" }]);
    const leader = new PartitionLeader({
      localReplicaId: LEADER,
      state: partitionState(),
      config: defaultConfig,
      log,
      highWatermark: offset(0),
      nowMs: 0,
    });
    const { decision } = leader.onFollowerFetch(
      {
        replicaId: nodeId(2),
        currentLeaderEpoch: leaderEpoch(5),
        fetchOffset: offset(3),
        lastFetchedEpoch: leaderEpoch(2),
        durableOffset: offset(3),
        maxBytes: 10,
      },
      1,
    );
    expect(decision).toMatchObject({ kind: "diverging", divergingEpoch: { epoch: 1, endOffset: 1 } });
    expect(leader.followerState(nodeId(2))?.logEndOffset).toBeUndefined();
  });
});

describe("replication throttle", () => {
  it("limits only followers outside the ISR that are in the throttled set", () => {
    const log = new InMemoryReplicaLog<string>();
    const throttle = new TokenBucketThrottle({
      bytesPerSecond: 1_000,
      burstBytes: 500,
      throttledReplicas: [nodeId(2), nodeId(3)],
    });
    const leader = new PartitionLeader({
      localReplicaId: LEADER,
      state: partitionState({ isr: [nodeId(1), nodeId(2)] }),
      config: defaultConfig,
      log,
      highWatermark: offset(0),
      nowMs: 0,
      throttle,
    });
    const fetch = (replicaId: NodeId, nowMs: number) =>
      leader.onFollowerFetch(
        {
          replicaId,
          currentLeaderEpoch: leaderEpoch(5),
          fetchOffset: offset(0),
          lastFetchedEpoch: undefined,
          durableOffset: offset(0),
          maxBytes: 10_000,
        },
        nowMs,
      ).decision;
    expect(fetch(nodeId(2), 0)).toMatchObject({ kind: "read", maxBytes: 10_000, throttled: false }); // in the ISR
    // Follower 3 fetched at offset 0 = HW and joined (in flight) — the committed ISR still excludes it.
    expect(fetch(nodeId(3), 0)).toMatchObject({ kind: "read", maxBytes: 500, throttled: true });
    leader.recordBytesSent(nodeId(3), 2_000, 0); // one batch larger than the allowance: in debt
    expect(fetch(nodeId(3), 1_000)).toMatchObject({ maxBytes: 0, throttled: true });
    expect(fetch(nodeId(3), 1_500)).toMatchObject({ maxBytes: 0 });
    expect(fetch(nodeId(3), 1_800)).toMatchObject({ maxBytes: 300 });
    expect(fetch(nodeId(3), 10_000)).toMatchObject({ maxBytes: 500 }); // capped at the burst
  });

  it("stops limiting replicas removed from the throttled set", () => {
    const throttle = new TokenBucketThrottle({
      bytesPerSecond: 10,
      burstBytes: 10,
      throttledReplicas: [nodeId(4)],
    });
    expect(throttle.fetchBytesAllowed(nodeId(4), 0)).toBe(10);
    expect(throttle.fetchBytesAllowed(nodeId(5), 0)).toBe(Number.POSITIVE_INFINITY);
    throttle.setThrottledReplicas([]);
    expect(throttle.fetchBytesAllowed(nodeId(4), 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
