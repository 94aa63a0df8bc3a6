import {
  leaderEpoch,
  type NodeId,
  nodeId,
  offset as toOffset,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
} from "@rill/protocol/ids";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InMemoryReplicaLog, PartitionFollower, PartitionLeader, planTruncation } from "../src/index.js";
import { ClusterSim } from "./cluster-sim.js";

const A = nodeId(1);
const B = nodeId(2);
const C = nodeId(3);

describe("KIP-101 divergence scenarios", () => {
  it("a leader change with an uncommitted tail: the old leader truncates it and takes the new leader's records", () => {
    const sim = new ClusterSim([A, B]);
    const [m1, m2] = sim.append(2);
    sim.fetchOnce(B, 1); // B copies m1 only
    sim.elect(B);
    const [m3] = sim.append(1);
    sim.sync(A);
    expect(sim.payloads(A)).toEqual([m1, m3]);
    expect(sim.payloads(A)).not.toContain(m2);
    expect(sim.epochsOf(A)).toEqual([1, 2]);
    expect(sim.actions).toContainEqual({
      kind: "truncated",
      truncatedTo: 1,
      complete: true,
      belowHighWatermark: false,
    });
  });

  it("no truncation to a stale high watermark: a record both replicas hold survives a restart and leader change", () => {
    const sim = new ClusterSim([A, B]);
    const written = sim.append(2);
    sim.sync(B); // B holds both records; its watermark may lag
    sim.elect(B); // (old Kafka truncated B to its HW here and lost the second record)
    sim.sync(A);
    expect(sim.payloads(A)).toEqual(written);
    expect(sim.payloads(B)).toEqual(written);
    expect(sim.actions.filter((action) => action.kind === "truncated")).toEqual([]);
  });

  it("two consecutive leader changes: the first leader's divergent tail goes, the survivors' records stay", () => {
    const sim = new ClusterSim([A, B, C]);
    const [m1, m2] = sim.append(2);
    sim.sync(B);
    sim.sync(C);
    sim.append(2); // m3, m4 on A only
    sim.elect(B); // A is away
    const [m5] = sim.append(1);
    sim.sync(C);
    sim.elect(C); // B is away
    const [m6] = sim.append(1);
    sim.sync(A);
    sim.sync(B);
    for (const id of [A, B, C]) expect(sim.payloads(id)).toEqual([m1, m2, m5, m6]);
    expect(sim.epochsOf(A)).toEqual([1, 1, 2, 3]);
  });

  it("an epoch the leader never had: intermediate truncation, then a second check", () => {
    // A led epoch 3 and wrote offset 2; the leader has epochs 1, 2, 4.
    const follower = new InMemoryReplicaLog<string>();
    follower.append([
      { epoch: leaderEpoch(1), payload: "a" },
      { epoch: leaderEpoch(1), payload: "b" },
      { epoch: leaderEpoch(3), payload: "x" },
    ]);
    const leaderLog = new InMemoryReplicaLog<string>();
    leaderLog.append([
      { epoch: leaderEpoch(1), payload: "a" },
      { epoch: leaderEpoch(1), payload: "b" },
      { epoch: leaderEpoch(2), payload: "c" },
      { epoch: leaderEpoch(4), payload: "d" },
    ]);
    const leader = new PartitionLeader({
      localReplicaId: B,
      state: { replicas: [A, B], isr: [A, B], leader: B, leaderEpoch: leaderEpoch(4), partitionEpoch: 1 },
      config: { minInsyncReplicas: 1, replicaLagTimeMaxMs: 1_000, maxPendingProduces: 1 },
      log: leaderLog,
      highWatermark: toOffset(0),
      nowMs: 0,
    });
    const replica = new PartitionFollower({
      localReplicaId: A,
      leaderId: B,
      leaderEpoch: leaderEpoch(4),
      log: follower,
      highWatermark: toOffset(0),
    });
    const round = () => {
      const { decision } = leader.onFollowerFetch(replica.fetchRequest(100), 0);
      if (decision.kind === "read") follower.append(leaderLog.read(decision.fetchOffset));
      return { decision, action: replica.onFetchResponse(decision) };
    };
    expect(round()).toMatchObject({
      decision: { kind: "diverging", divergingEpoch: { epoch: 2, endOffset: 3 } },
      action: { kind: "truncated", truncatedTo: 2, complete: false },
    });
    expect(round()).toMatchObject({
      decision: { kind: "read", fetchOffset: 2 },
      action: { kind: "appended" },
    });
    expect(follower.read(0).map((record) => record.payload)).toEqual(["a", "b", "c", "d"]);
  });

  it("an epoch a replica assigned as leader but never wrote to is dropped by the check", () => {
    const sim = new ClusterSim([A, B]);
    sim.append(2);
    sim.sync(B);
    sim.elect(A); // epoch 2: A assigns it but writes nothing
    sim.elect(B); // epoch 3
    const [m3] = sim.append(1);
    sim.sync(A);
    expect(sim.log(A).epochEntries()).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 2 },
    ]);
    expect(sim.payloads(A).at(-1)).toBe(m3);
  });

  it("a follower whose log ends before the leader's log start restarts at the leader's log start", () => {
    const sim = new ClusterSim([A, B]);
    sim.append(10);
    sim.log(A).advanceLogStartOffset(6);
    expect(sim.fetchOnce(B, 100)).toEqual({ kind: "restarted", startOffset: 6 });
    sim.sync(B);
    expect(sim.log(B).logStartOffset()).toBe(6);
    expect(sim.payloads(B)).toEqual(sim.payloads(A));
  });

  it("planTruncation falls back to the high watermark when the leader has no end for the epoch", () => {
    const log = new InMemoryReplicaLog<string>();
    log.append([
      { epoch: leaderEpoch(1), payload: "a" },
      { epoch: leaderEpoch(1), payload: "b" },
    ]);
    expect(
      planTruncation(log, { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET }, toOffset(1)),
    ).toEqual({ truncateTo: 1, complete: true });
    expect(planTruncation(log, { epoch: 1, endOffset: toOffset(5) }, toOffset(0))).toEqual({
      truncateTo: 2,
      complete: true,
    });
  });
});

type Step =
  | { type: "elect"; replica: NodeId }
  | { type: "append"; count: number }
  | { type: "fetch"; replica: NodeId; maxRecords: number }
  | { type: "flush"; replica: NodeId }
  | { type: "crash"; replica: NodeId };

const replicaArb = fc.constantFrom(A, B, C);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant("elect" as const), replica: replicaArb }), weight: 2 },
  {
    arbitrary: fc.record({ type: fc.constant("append" as const), count: fc.integer({ min: 1, max: 3 }) }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("fetch" as const),
      replica: replicaArb,
      maxRecords: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ type: fc.constant("flush" as const), replica: replicaArb }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant("crash" as const), replica: replicaArb }), weight: 1 },
);

/** Log matching: two logs with the same epoch at an offset hold the same records up to it. */
function assertLogMatching(sim: ClusterSim): void {
  for (const x of sim.replicaIds) {
    for (const y of sim.replicaIds) {
      if (x >= y) continue;
      const left = sim.log(x).read(0);
      const right = sim.log(y).read(0);
      const common = Math.min(left.length, right.length);
      for (let offset = common - 1; offset >= 0; offset--) {
        if (left[offset]!.epoch === right[offset]!.epoch) {
          expect(left.slice(0, offset + 1)).toEqual(right.slice(0, offset + 1));
          break;
        }
      }
    }
  }
}

/**
 * Records below a high watermark are committed: every replica already holds them durably (the HW
 * counts durable offsets of the whole ISR, here every replica), so no crash, election or
 * truncation may remove or change them. Returns the committed prefix, grown by the leader's HW.
 */
function assertCommittedKept(sim: ClusterSim, committed: readonly number[]): number[] {
  const leaderPayloads = sim.payloads(sim.leaderId);
  expect(leaderPayloads.slice(0, committed.length)).toEqual(committed);
  const highWatermark = sim.leader.highWatermark;
  return highWatermark > committed.length ? leaderPayloads.slice(0, highWatermark) : [...committed];
}

/** A follower's log, once the leader accepted its position (a read), is a prefix of the leader's. */
function assertPrefixOfLeader(sim: ClusterSim, id: NodeId): void {
  const follower = sim.payloads(id);
  expect(follower).toEqual(sim.payloads(sim.leaderId).slice(0, follower.length));
}

describe("divergence truncation, as a property", () => {
  it("a follower truncating by the leader's answers keeps a prefix of the leader's log and never loses a committed record", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80, size: "max" }), (steps) => {
        const sim = new ClusterSim([A, B, C]);
        let committed: number[] = [];
        for (const step of steps) {
          switch (step.type) {
            case "elect":
              sim.elect(step.replica);
              break;
            case "append":
              sim.append(step.count);
              break;
            case "fetch":
              if (step.replica !== sim.leaderId) {
                const action = sim.fetchOnce(step.replica, step.maxRecords);
                if (action.kind === "appended") assertPrefixOfLeader(sim, step.replica);
              }
              break;
            case "flush":
              sim.log(step.replica).flush();
              break;
            case "crash":
              sim.crash(step.replica);
              sim.elect(step.replica === sim.leaderId ? step.replica : sim.leaderId);
              break;
          }
          committed = assertCommittedKept(sim, committed);
        }
        for (const id of sim.replicaIds) {
          if (id === sim.leaderId) continue;
          sim.sync(id);
          assertPrefixOfLeader(sim, id);
          expect(sim.payloads(id).slice(0, committed.length)).toEqual(committed);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("any history of elections, appends, partial fetches and crashes converges to the leader's log", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60, size: "max" }), (steps) => {
        const sim = new ClusterSim([A, B, C]);
        for (const step of steps) {
          switch (step.type) {
            case "elect":
              sim.elect(step.replica);
              break;
            case "append":
              sim.append(step.count);
              break;
            case "fetch":
              if (step.replica !== sim.leaderId) sim.fetchOnce(step.replica, step.maxRecords);
              break;
            case "flush":
              sim.log(step.replica).flush();
              break;
            case "crash":
              sim.crash(step.replica);
              // A restarted replica rejoins under a new epoch (its leader object held a longer log).
              sim.elect(step.replica === sim.leaderId ? step.replica : sim.leaderId);
              break;
          }
          assertLogMatching(sim);
        }
        for (const id of sim.replicaIds) if (id !== sim.leaderId) sim.sync(id);
        const expected = sim.payloads(sim.leaderId);
        for (const id of sim.replicaIds) {
          expect(sim.payloads(id)).toEqual(expected);
          expect(
            sim
              .log(id)
              .epochEntries()
              .filter((entry) => entry.startOffset < sim.log(id).logEndOffset()),
          ).toEqual(
            sim
              .log(sim.leaderId)
              .epochEntries()
              .filter((entry) => entry.startOffset < sim.log(id).logEndOffset()),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
