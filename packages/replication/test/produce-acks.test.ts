import { isDefinitelyNotDone, RillError } from "@rill/protocol";
import { leaderEpoch, type NodeId, nodeId, offset as toOffset } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { parseAcks } from "../src/index.js";
import { LAG_MS, makeLeader, partitionState } from "./harness.js";

describe("acks", () => {
  it("parses 0, 1, -1/all and rejects anything else with INVALID_REQUIRED_ACKS", () => {
    expect([parseAcks(0), parseAcks(1), parseAcks(-1), parseAcks("all")]).toEqual([0, 1, "all", "all"]);
    expect(() => parseAcks(2)).toThrow(expect.objectContaining({ errorName: "INVALID_REQUIRED_ACKS" }));
  });

  it("acks=0 and acks=1 complete as soon as the records are appended", () => {
    const { produce } = makeLeader();
    for (const acks of [0, 1] as const) {
      const { produceId, output } = produce(2, acks, 0);
      expect(output.completions).toEqual([
        { produceId, error: undefined, durability: { replicasWithRecords: 1, replicasDurable: 0 } },
      ]);
    }
  });
});

describe("acks=all", () => {
  it("completes when the high watermark passes the batch's last offset, reporting durability", () => {
    const { log, leader, produce, fetch } = makeLeader();
    const first = produce(3, "all", 0);
    const second = produce(2, "all", 0);
    expect(first.output.completions).toEqual([]);
    log.flush();
    leader.onLogFlushed();
    fetch(nodeId(2), 5, 1);
    expect(fetch(nodeId(3), 3, 2).output.completions).toEqual([
      {
        produceId: first.produceId,
        error: undefined,
        durability: { replicasWithRecords: 3, replicasDurable: 3 },
      },
    ]);
    expect(fetch(nodeId(3), 5, 3).output.completions.map((c) => c.produceId)).toEqual([second.produceId]);
    expect(leader.pendingProduceCount).toBe(0);
  });

  it("is refused before appending with NOT_ENOUGH_REPLICAS when the ISR is below min.insync.replicas", () => {
    const { leader, log } = makeLeader({ state: { isr: [nodeId(1)] } });
    expect(leader.validateProduce({ acks: "all" })?.errorName).toBe("NOT_ENOUGH_REPLICAS");
    expect(leader.validateProduce({ acks: 1 })).toBeUndefined();
    expect(log.logEndOffset()).toBe(0);
  });

  it("fails with NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below the minimum while waiting", () => {
    const { leader, log, produce, fetch } = makeLeader({
      state: { replicas: [nodeId(1), nodeId(2)], isr: [nodeId(1), nodeId(2)] },
    });
    const { produceId } = produce(4, "all", 0);
    log.flush();
    fetch(nodeId(2), 4, 1, 2); // follower 2 has it but not durably, then goes silent
    produce(1, 1, 2); // new data: a silent follower at the old end is no longer caught up
    expect(leader.tick(LAG_MS + 1).alterPartition).toBeUndefined();
    const request = leader.tick(LAG_MS + 2).alterPartition!;
    expect(request.newIsr).toEqual([1]);
    const output = leader.onAlterPartitionResponse(
      {
        requestId: request.requestId,
        state: partitionState({ replicas: [nodeId(1), nodeId(2)], isr: [nodeId(1)], partitionEpoch: 11 }),
      },
      LAG_MS + 2,
    );
    expect(output.highWatermark).toBe(4);
    expect(output.completions).toHaveLength(1);
    expect(output.completions[0]).toMatchObject({
      produceId,
      error: expect.objectContaining({ errorName: "NOT_ENOUGH_REPLICAS_AFTER_APPEND" }),
      durability: { replicasWithRecords: 2, replicasDurable: 1 },
    });
  });

  it("times out with REQUEST_TIMED_OUT (indeterminate) at its deadline", () => {
    const { leader, produce } = makeLeader();
    const { produceId } = produce(1, "all", 1_000, 500);
    expect(leader.tick(1_499).completions).toEqual([]);
    const [completion] = leader.tick(1_500).completions;
    expect(completion?.produceId).toBe(produceId);
    expect(completion?.error?.errorName).toBe("REQUEST_TIMED_OUT");
    expect(completion?.error?.details).toMatchObject({ indeterminate: true });
    expect(leader.pendingProduceCount).toBe(0);
  });

  it("answers appended-but-unacknowledged produces INDETERMINATE, naming the new leader, when leadership moves", () => {
    const { leader, produce } = makeLeader();
    const a = produce(1, "all", 0);
    const b = produce(1, "all", 0);
    const output = leader.onPartitionState(
      partitionState({ leader: nodeId(2), leaderEpoch: leaderEpoch(6), partitionEpoch: 11 }),
      10,
    );
    expect(output.completions.map((c) => [c.produceId, c.error?.errorName, c.error?.details])).toEqual([
      [a.produceId, "INDETERMINATE", { leaderId: 2, leaderEpoch: 6, indeterminate: true }],
      [b.produceId, "INDETERMINATE", { leaderId: 2, leaderEpoch: 6, indeterminate: true }],
    ]);
    expect(leader.isLeader).toBe(false);
    expect(leader.validateProduce({ acks: 1 })?.errorName).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(
      leader.validateConsumerFetch({ fetchOffset: toOffset(0), currentLeaderEpoch: undefined }),
    ).toMatchObject({
      kind: "error",
      error: expect.objectContaining({ errorName: "NOT_LEADER_OR_FOLLOWER" }),
    });
  });

  it("an append that finishes after leadership moved is answered at once, as INDETERMINATE", () => {
    const { leader, log } = makeLeader();
    expect(leader.validateProduce({ acks: "all" })).toBeUndefined();
    leader.resign();
    const first = log.append([{ epoch: leaderEpoch(5), payload: "late" }]);
    const output = leader.onAppended({
      produceId: 9,
      acks: "all",
      lastOffset: first,
      nowMs: 0,
      timeoutMs: 100,
    });
    expect(output.completions[0]?.error?.errorName).toBe("INDETERMINATE");
    expect(isDefinitelyNotDone(output.completions[0]?.error)).toBe(false);
  });

  it("keeps waiting produces across a new leader epoch led by the same replica", () => {
    const { leader, log, produce } = makeLeader();
    const { produceId } = produce(2, "all", 0);
    leader.onPartitionState(partitionState({ leaderEpoch: leaderEpoch(6), partitionEpoch: 11 }), 1);
    expect(leader.leaderEpoch).toBe(6);
    expect(leader.leaderEpochStartOffset).toBe(2);
    expect(leader.pendingProduceCount).toBe(1);
    log.flush();
    leader.onLogFlushed();
    const fetchAt = (replicaId: NodeId) =>
      leader.onFollowerFetch(
        {
          replicaId,
          currentLeaderEpoch: leaderEpoch(6),
          fetchOffset: toOffset(2),
          lastFetchedEpoch: leaderEpoch(5),
          durableOffset: toOffset(2),
          maxBytes: 10,
        },
        2,
      );
    fetchAt(nodeId(2));
    expect(fetchAt(nodeId(3)).output.completions.map((c) => [c.produceId, c.error])).toEqual([
      [produceId, undefined],
    ]);
  });

  it("bounds waiting produces and frees a slot when an append fails", () => {
    const { leader, produce } = makeLeader({ config: { maxPendingProduces: 2 } });
    produce(1, "all", 0);
    expect(leader.validateProduce({ acks: "all" })).toBeUndefined();
    expect(leader.validateProduce({ acks: "all" })?.errorName).toBe("THROTTLING_QUOTA_EXCEEDED");
    expect(leader.validateProduce({ acks: 1 })).toBeUndefined(); // acks=1 does not wait
    leader.onAppendFailed({ acks: "all" });
    expect(leader.validateProduce({ acks: "all" })).toBeUndefined();
  });
});

describe("a stale leader", () => {
  it("acknowledges nothing once its followers follow a newer epoch", () => {
    const { leader, log, produce } = makeLeader({
      state: { replicas: [nodeId(1), nodeId(2)], isr: [nodeId(1), nodeId(2)] },
    });
    const { produceId } = produce(1, "all", 0);
    log.flush();
    leader.onLogFlushed();
    // The follower learned of epoch 6 (another leader) and tells this one so: nothing moves.
    const { decision, output } = leader.onFollowerFetch(
      {
        replicaId: nodeId(2),
        currentLeaderEpoch: leaderEpoch(6),
        fetchOffset: toOffset(1),
        lastFetchedEpoch: leaderEpoch(5),
        durableOffset: toOffset(1),
        maxBytes: 10,
      },
      1,
    );
    expect(decision).toMatchObject({ kind: "error", error: { errorName: "UNKNOWN_LEADER_EPOCH" } });
    expect(output).toMatchObject({ completions: [], highWatermark: 0 });
    // Its lag timer shrinks the ISR only through the controller, which fences the stale epoch.
    const request = leader.tick(LAG_MS + 1).alterPartition!;
    leader.onAlterPartitionResponse(
      { requestId: request.requestId, error: new RillError("FENCED_LEADER_EPOCH") },
      LAG_MS + 2,
    );
    expect(leader.partitionState.isr).toEqual([1, 2]);
    expect(leader.highWatermark).toBe(0);
    const expired = leader.tick(30_000).completions;
    expect(expired.map((completion) => [completion.produceId, completion.error?.errorName])).toEqual([
      [produceId, "REQUEST_TIMED_OUT"],
    ]);
  });
});

describe("config changes", () => {
  it("a raised min.insync.replicas applies to the next produce", () => {
    const { leader } = makeLeader();
    expect(leader.validateProduce({ acks: "all" })).toBeUndefined();
    leader.onAppendFailed({ acks: "all" });
    leader.updateConfig({ minInsyncReplicas: 4, replicaLagTimeMaxMs: LAG_MS });
    expect(leader.validateProduce({ acks: "all" })?.errorName).toBe("NOT_ENOUGH_REPLICAS");
  });
});

describe("the purgatory", () => {
  it("completes produces reported out of offset order by the watermark, not by arrival", () => {
    const { leader, log, fetch } = makeLeader({
      state: { replicas: [nodeId(1), nodeId(2)], isr: [nodeId(1), nodeId(2)] },
    });
    for (let index = 0; index < 2; index++) expect(leader.validateProduce({ acks: "all" })).toBeUndefined();
    log.append([
      { epoch: leaderEpoch(5), payload: "a" },
      { epoch: leaderEpoch(5), payload: "b" },
    ]);
    leader.onAppended({ produceId: 2, acks: "all", lastOffset: toOffset(1), nowMs: 0, timeoutMs: 1_000 });
    leader.onAppended({ produceId: 1, acks: "all", lastOffset: toOffset(0), nowMs: 0, timeoutMs: 1_000 });
    log.flush();
    leader.onLogFlushed();
    expect(fetch(nodeId(2), 1, 1).output.completions.map((completion) => completion.produceId)).toEqual([1]);
    expect(fetch(nodeId(2), 2, 2).output.completions.map((completion) => completion.produceId)).toEqual([2]);
  });
});
