import { RillError } from "@rill/protocol";
import { leaderEpoch, nodeId, offset as toOffset } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { InMemoryReplicaLog, PartitionLeader } from "../src/index.js";
import { defaultConfig, LAG_MS, LEADER, makeLeader, partitionState } from "./harness.js";

describe("high watermark", () => {
  it("is the minimum over the ISR of durable ends, the leader's flushed offset included", () => {
    const { leader, log, append, fetch } = makeLeader();
    append(10);
    expect(fetch(nodeId(2), 10, 1, 5).output.highWatermark).toBe(0); // leader not flushed yet
    log.flush(8);
    expect(leader.onLogFlushed().highWatermark).toBe(0); // follower 3 unknown
    expect(fetch(nodeId(3), 10, 2, 10).output.highWatermark).toBe(5); // follower 2 durable to 5
    const { output } = fetch(nodeId(2), 10, 3, 10);
    expect(output).toMatchObject({ highWatermark: 8, highWatermarkChanged: true });
    log.flush();
    expect(leader.onLogFlushed()).toMatchObject({ highWatermark: 10, highWatermarkChanged: true });
  });

  it("counts only durable offsets: appended-but-unflushed follower data holds it", () => {
    const { leader, log, append, fetch } = makeLeader();
    append(4);
    log.flush();
    fetch(nodeId(2), 4, 1, 0);
    fetch(nodeId(3), 4, 1, 0);
    expect(leader.highWatermark).toBe(0);
    expect(leader.durability(toOffset(4))).toEqual({ replicasWithRecords: 3, replicasDurable: 1 });
  });

  it("never moves backwards, even when a follower reports a smaller durable end", () => {
    const { leader, log, append, fetch } = makeLeader();
    append(6);
    log.flush();
    fetch(nodeId(2), 6, 1);
    fetch(nodeId(3), 6, 1);
    expect(leader.highWatermark).toBe(6);
    const { output } = fetch(nodeId(2), 3, 2, 3);
    expect(output).toMatchObject({ highWatermark: 6, highWatermarkChanged: false });
  });

  it("does not move for a follower outside the ISR", () => {
    const { leader, log, append, fetch } = makeLeader({ state: { isr: [nodeId(1), nodeId(2)] } });
    append(3);
    log.flush();
    expect(fetch(nodeId(2), 3, 1).output.highWatermark).toBe(3);
    expect(fetch(nodeId(3), 1, 2).output.alterPartition).toBeUndefined(); // below the watermark: not added
    append(2);
    log.flush();
    expect(fetch(nodeId(2), 5, 3).output.highWatermark).toBe(5);
    expect(leader.durability(toOffset(5))).toEqual({ replicasWithRecords: 2, replicasDurable: 2 });
  });

  it("is clamped to the log on start and reports whether it reached the epoch start", () => {
    const log = new InMemoryReplicaLog<string>();
    log.append([
      { epoch: leaderEpoch(1), payload: "a" },
      { epoch: leaderEpoch(1), payload: "b" },
    ]);
    log.flush();
    const leader = new PartitionLeader({
      localReplicaId: LEADER,
      state: partitionState({ isr: [nodeId(1)] }),
      config: defaultConfig,
      log,
      highWatermark: toOffset(99),
      nowMs: 0,
    });
    expect(leader.highWatermark).toBe(2);
    expect(leader.leaderEpochStartOffset).toBe(2);
    expect(leader.isHighWatermarkCurrent()).toBe(true);
    expect(log.epochEntries()).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 5, startOffset: 2 },
    ]);
  });
});

describe("ISR shrink", () => {
  it("proposes removing a follower not caught up within replica.lag.time.max.ms, once", () => {
    const { leader, append, fetch } = makeLeader();
    append(5);
    fetch(nodeId(2), 5, 5_000);
    expect(leader.tick(LAG_MS).alterPartition).toBeUndefined();
    const output = leader.tick(LAG_MS + 1);
    expect(output.alterPartition).toEqual({
      requestId: 1,
      leaderId: LEADER,
      leaderEpoch: 5,
      partitionEpoch: 10,
      newIsr: [1, 2],
    });
    // Still in flight: no second request, and the committed ISR is unchanged until it arrives.
    expect(leader.tick(LAG_MS + 2).alterPartition).toBeUndefined();
    expect(leader.partitionState.isr).toEqual([1, 2, 3]);
    expect([...leader.maximalIsr()]).toEqual([1, 2, 3]);
  });

  it("applies the new ISR only when the controller's state arrives, then the watermark can move", () => {
    const { leader, log, append, fetch } = makeLeader();
    append(5);
    log.flush();
    fetch(nodeId(2), 5, 1);
    const request = leader.tick(LAG_MS + 1).alterPartition!;
    expect(leader.highWatermark).toBe(0);
    const output = leader.onAlterPartitionResponse(
      {
        requestId: request.requestId,
        state: partitionState({ isr: [nodeId(1), nodeId(2)], partitionEpoch: 11 }),
      },
      LAG_MS + 2,
    );
    expect(output).toMatchObject({ highWatermark: 5, highWatermarkChanged: true });
    expect(leader.partitionState.isr).toEqual([1, 2]);
  });

  it("keeps a follower that keeps reaching the leader's end as of its previous fetch", () => {
    const { leader, append, fetch } = makeLeader({
      state: { replicas: [nodeId(1), nodeId(2)], isr: [nodeId(1), nodeId(2)] },
    });
    // The leader keeps appending; the follower always lags one fetch behind but never falls back.
    let leaderEnd = 0;
    for (let nowMs = 0; nowMs <= 5 * LAG_MS; nowMs += 1_000) {
      fetch(nodeId(2), leaderEnd, nowMs);
      leaderEnd = append(3) + 3;
      expect(leader.tick(nowMs).alterPartition).toBeUndefined();
    }
  });

  it("drops a follower that fetches but stays behind", () => {
    const { leader, append, fetch } = makeLeader({
      state: { replicas: [nodeId(1), nodeId(2)], isr: [nodeId(1), nodeId(2)] },
    });
    append(10);
    for (let nowMs = 0; nowMs <= LAG_MS; nowMs += 1_000) {
      fetch(nodeId(2), 2, nowMs); // stuck at offset 2 (e.g. a slow disk)
      append(1);
    }
    expect(leader.tick(LAG_MS).alterPartition).toBeUndefined(); // caught up at t=0 (start grace)
    expect(leader.tick(LAG_MS + 1).alterPartition?.newIsr).toEqual([1]);
  });

  it("retries after an AlterPartition error and ignores stale responses", () => {
    const { leader } = makeLeader();
    const first = leader.tick(LAG_MS + 1).alterPartition!;
    expect(first.newIsr).toEqual([1]);
    const stale = leader.onAlterPartitionResponse(
      { requestId: first.requestId + 7, state: partitionState({ isr: [nodeId(1)], partitionEpoch: 11 }) },
      LAG_MS + 2,
    );
    expect(stale.alterPartition).toBeUndefined();
    expect(leader.partitionState.isr).toEqual([1, 2, 3]);
    leader.onAlterPartitionResponse(
      { requestId: first.requestId, error: new RillError("NOT_CONTROLLER") },
      LAG_MS + 3,
    );
    const second = leader.tick(LAG_MS + 4).alterPartition!;
    expect(second.requestId).toBe(first.requestId + 1);
    expect(second.newIsr).toEqual([1]);
  });

  it("a newer committed state from the metadata log replaces a proposal in flight", () => {
    const { leader } = makeLeader();
    const request = leader.tick(LAG_MS + 1).alterPartition!;
    leader.onPartitionState(partitionState({ isr: [nodeId(1), nodeId(3)], partitionEpoch: 11 }), LAG_MS + 2);
    expect(leader.partitionState.isr).toEqual([1, 3]);
    // The late answer to the replaced request changes nothing.
    leader.onAlterPartitionResponse(
      { requestId: request.requestId, state: partitionState({ isr: [nodeId(1)], partitionEpoch: 12 }) },
      LAG_MS + 3,
    );
    expect(leader.partitionState.isr).toEqual([1, 3]);
  });
});

describe("ISR expand", () => {
  it("proposes adding a follower whose log and durable end reached the watermark", () => {
    const { leader, log, append, fetch } = makeLeader({ state: { isr: [nodeId(1), nodeId(2)] } });
    append(8);
    log.flush();
    fetch(nodeId(2), 8, 1);
    expect(leader.highWatermark).toBe(8);
    expect(fetch(nodeId(3), 8, 2, 4).output.alterPartition).toBeUndefined(); // not durable yet
    const { output } = fetch(nodeId(3), 8, 3, 8);
    expect(output.alterPartition?.newIsr).toEqual([1, 2, 3]);
    // While the expansion is in flight, the new member already counts for the watermark.
    expect([...leader.maximalIsr()].sort()).toEqual([1, 2, 3]);
    append(2);
    log.flush();
    fetch(nodeId(2), 10, 4);
    expect(leader.highWatermark).toBe(8);
    fetch(nodeId(3), 10, 5);
    expect(leader.highWatermark).toBe(10);
  });

  it("does not add a follower that has not reached this epoch's start offset", () => {
    const log = new InMemoryReplicaLog<string>();
    log.append([
      { epoch: leaderEpoch(1), payload: "x" },
      { epoch: leaderEpoch(1), payload: "y" },
    ]);
    const leader = new PartitionLeader({
      localReplicaId: LEADER,
      state: partitionState({ isr: [nodeId(1), nodeId(2)] }),
      config: defaultConfig,
      log,
      highWatermark: toOffset(0),
      nowMs: 0,
    });
    const fetch = (fetchOffset: number) =>
      leader.onFollowerFetch(
        {
          replicaId: nodeId(3),
          currentLeaderEpoch: leaderEpoch(5),
          fetchOffset: toOffset(fetchOffset),
          lastFetchedEpoch: fetchOffset === 0 ? undefined : leaderEpoch(1),
          durableOffset: toOffset(fetchOffset),
          maxBytes: 100,
        },
        1,
      );
    expect(fetch(1).output.alterPartition).toBeUndefined();
    expect(fetch(2).output.alterPartition?.newIsr).toEqual([1, 2, 3]);
  });

  it("does not add an ineligible follower", () => {
    const log = new InMemoryReplicaLog<string>();
    const leader = new PartitionLeader({
      localReplicaId: LEADER,
      state: partitionState({ isr: [nodeId(1), nodeId(2)] }),
      config: defaultConfig,
      log,
      highWatermark: toOffset(0),
      nowMs: 0,
      isEligibleForIsr: (replicaId) => replicaId !== 3,
    });
    const { output } = leader.onFollowerFetch(
      {
        replicaId: nodeId(3),
        currentLeaderEpoch: leaderEpoch(5),
        fetchOffset: toOffset(0),
        lastFetchedEpoch: undefined,
        durableOffset: toOffset(0),
        maxBytes: 1,
      },
      1,
    );
    expect(output.alterPartition).toBeUndefined();
  });
});
