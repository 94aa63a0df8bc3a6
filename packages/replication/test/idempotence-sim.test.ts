import { type LeaderEpoch, leaderEpoch, nodeId, offset as toOffset } from "@rill/protocol/ids";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeProducerSnapshot,
  type FollowerAction,
  InMemoryReplicaLog,
  type LeaderOutput,
  type NodeId,
  PartitionFollower,
  PartitionLeader,
  type ProducerBatchHeader,
  ProducerStateManager,
  rebuildProducerState,
} from "../src/index.js";

/**
 * The exactly-once property of issue 6 at the level of the pure cores: idempotent producers send
 * acks=all batches and retry what is not acknowledged, while leaders change, replicas crash (losing
 * what they had not fsynced) and followers truncate diverged tails. Producer state follows every
 * append, truncation and recovery. In the end every acknowledged batch is in the log once, at the
 * offset it was acknowledged with, and no sequence appears twice or out of order.
 */

interface RecordPayload {
  readonly producerId: number;
  readonly baseSequence: number;
  readonly lastOffsetDelta: number;
  /** Position of the record in its batch. */
  readonly index: number;
}

const REPLICAS: readonly NodeId[] = [nodeId(1), nodeId(2), nodeId(3)];
const PRODUCERS = [7, 8] as const;
const IN_FLIGHT_MAX = 5;
const TIMEOUT_MS = 50;
const SYNC_ROUNDS_MAX = 200;

interface ClientBatch {
  readonly producerId: number;
  readonly baseSequence: number;
  readonly records: number;
  state: "unsent" | "inflight" | "acked";
  ackedOffset?: number;
}

function headersOf(log: InMemoryReplicaLog<RecordPayload>, from = 0): ProducerBatchHeader[] {
  const start = Math.max(from, log.logStartOffset());
  return log
    .read(start)
    .map((record, position) => ({ record, offset: start + position }))
    .filter(({ record }) => record.payload.index === 0)
    .map(({ record, offset }) => ({
      producerId: record.payload.producerId,
      producerEpoch: 0,
      baseSequence: record.payload.baseSequence,
      lastOffsetDelta: record.payload.lastOffsetDelta,
      baseOffset: toOffset(offset),
      maxTimestampMs: 0,
    }));
}

class IdempotenceSim {
  readonly logs = new Map<NodeId, InMemoryReplicaLog<RecordPayload>>();
  readonly producerStates = new Map<NodeId, ProducerStateManager>();
  readonly snapshots = new Map<NodeId, Uint8Array[]>();
  readonly batches: ClientBatch[] = [];
  readonly #produceToBatch = new Map<number, { batch: ClientBatch; firstOffset: number }>();
  #nextProduceId = 1;
  leaderEpoch: LeaderEpoch = leaderEpoch(0);
  leaderId: NodeId = nodeId(1);
  leader!: PartitionLeader;
  followers = new Map<NodeId, PartitionFollower>();
  nowMs = 0;

  constructor(batchSizes: readonly number[]) {
    for (const id of REPLICAS) {
      this.logs.set(id, new InMemoryReplicaLog<RecordPayload>());
      this.producerStates.set(id, new ProducerStateManager());
      this.snapshots.set(id, []);
    }
    const nextSequence = new Map<number, number>(PRODUCERS.map((id) => [id, 0]));
    batchSizes.forEach((records, index) => {
      const producerId = PRODUCERS[index % PRODUCERS.length]!;
      const baseSequence = nextSequence.get(producerId)!;
      nextSequence.set(producerId, baseSequence + records);
      this.batches.push({ producerId, baseSequence, records, state: "unsent" });
    });
    this.elect(nodeId(1));
  }

  log(id: NodeId) {
    return this.logs.get(id)!;
  }

  elect(id: NodeId): void {
    if (this.leader !== undefined) this.#deliver(this.leader.resign());
    this.leaderEpoch = leaderEpoch(this.leaderEpoch + 1);
    this.leaderId = id;
    this.leader = new PartitionLeader({
      localReplicaId: id,
      state: {
        replicas: REPLICAS,
        isr: REPLICAS,
        leader: id,
        leaderEpoch: this.leaderEpoch,
        partitionEpoch: this.leaderEpoch,
      },
      // No ISR changes in this simulation: every replica stays in the ISR, so any is a clean leader.
      config: { minInsyncReplicas: 2, replicaLagTimeMaxMs: Number.MAX_SAFE_INTEGER, maxPendingProduces: 100 },
      log: this.log(id),
      highWatermark: toOffset(0),
      nowMs: this.nowMs,
    });
    this.followers = new Map(
      REPLICAS.filter((other) => other !== id).map((other) => [
        other,
        new PartitionFollower({
          localReplicaId: other,
          leaderId: id,
          leaderEpoch: this.leaderEpoch,
          log: this.log(other),
          highWatermark: toOffset(0),
        }),
      ]),
    );
  }

  /** The client sends its next batch for `producerId`, if fewer than IN_FLIGHT_MAX are unacknowledged. */
  sendNext(producerId: number): void {
    const mine = this.batches.filter((batch) => batch.producerId === producerId);
    if (mine.filter((batch) => batch.state === "inflight").length >= IN_FLIGHT_MAX) return;
    const next = mine.find((batch) => batch.state === "unsent");
    if (next !== undefined) this.#produce(next);
  }

  /** The client resends every unacknowledged batch, oldest first. */
  retryAll(): void {
    for (const batch of this.batches) if (batch.state === "inflight") this.#produce(batch);
  }

  #produce(batch: ClientBatch): void {
    batch.state = batch.state === "unsent" ? "inflight" : batch.state;
    if (this.leader.validateProduce({ acks: "all" }) !== undefined) return;
    const state = this.producerStates.get(this.leaderId)!;
    const info = {
      producerId: batch.producerId,
      producerEpoch: 0,
      baseSequence: batch.baseSequence,
      lastOffsetDelta: batch.records - 1,
    };
    const check = state.checkBatch(info);
    if (check.kind === "error") {
      // A retry that overtook an earlier lost batch; the client resends in order later.
      expect(["OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID"]).toContain(check.error.errorName);
      this.leader.onAppendFailed({ acks: "all" });
      return;
    }
    let lastOffset: number;
    if (check.kind === "duplicate") {
      lastOffset = check.lastOffset;
    } else {
      const log = this.log(this.leaderId);
      const baseOffset = log.append(
        Array.from({ length: batch.records }, (_, index) => ({
          epoch: this.leaderEpoch,
          payload: {
            producerId: batch.producerId,
            baseSequence: batch.baseSequence,
            lastOffsetDelta: batch.records - 1,
            index,
          },
        })),
      );
      state.applyBatch({ ...info, baseOffset, maxTimestampMs: 0 });
      lastOffset = baseOffset + batch.records - 1;
    }
    const produceId = this.#nextProduceId++;
    this.#produceToBatch.set(produceId, { batch, firstOffset: lastOffset - batch.records + 1 });
    this.#deliver(
      this.leader.onAppended({
        produceId,
        acks: "all",
        lastOffset: toOffset(lastOffset),
        nowMs: this.nowMs,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  }

  #deliver(output: LeaderOutput): void {
    for (const completion of output.completions) {
      const { batch, firstOffset } = this.#produceToBatch.get(completion.produceId)!;
      this.#produceToBatch.delete(completion.produceId);
      if (completion.error !== undefined) continue;
      // A batch acknowledged twice (a retry of an acknowledged one) names the same offset.
      if (batch.state === "acked") expect(batch.ackedOffset).toBe(firstOffset);
      batch.state = "acked";
      batch.ackedOffset = firstOffset;
    }
  }

  fetchOnce(id: NodeId, maxRecords: number): FollowerAction {
    const follower = this.followers.get(id)!;
    this.nowMs++;
    const { decision, output } = this.leader.onFollowerFetch(follower.fetchRequest(maxRecords), this.nowMs);
    this.#deliver(output);
    if (decision.kind === "read") {
      const leaderLog = this.log(this.leaderId);
      const records = leaderLog.read(decision.fetchOffset, decision.fetchOffset + decision.maxBytes);
      // Whole batches only, as storage serves them.
      const tail = leaderLog.read(decision.fetchOffset + records.length);
      for (const record of tail) {
        if (record.payload.index === 0) break;
        records.push(record);
      }
      const log = this.log(id);
      const from = log.append(records);
      for (const header of headersOf(log, from)) this.producerStates.get(id)!.applyBatch(header);
    }
    const action = follower.onFetchResponse(decision);
    if (action.kind === "truncated") this.#truncateProducerState(id, action.truncatedTo);
    expect(action.kind).not.toBe("backoff");
    return action;
  }

  #truncateProducerState(id: NodeId, offset: number): void {
    const snapshots = this.snapshots
      .get(id)!
      .filter((bytes) => rebuildProducerState({ snapshot: bytes, batches: [] }).endOffset <= offset);
    this.snapshots.set(id, snapshots);
    const state = this.producerStates.get(id)!;
    if (state.truncateTo(toOffset(offset)).exact) return;
    this.producerStates.set(
      id,
      rebuildProducerState({
        snapshot: snapshots.at(-1),
        batches: headersOf(this.log(id)),
        upToOffset: toOffset(offset),
      }),
    );
  }

  flush(id: NodeId): void {
    const log = this.log(id);
    log.flush();
    const state = this.producerStates.get(id)!;
    state.advanceEndOffset(log.logEndOffset());
    this.snapshots.get(id)!.push(encodeProducerSnapshot(state));
    if (id === this.leaderId) this.#deliver(this.leader.onLogFlushed());
  }

  /** Power loss and restart: the unflushed tail is gone; producer state recovers from snapshot + log. */
  crash(id: NodeId): void {
    const log = this.log(id);
    log.truncateTo(log.flushedOffset());
    const snapshots = this.snapshots.get(id)!;
    this.producerStates.set(
      id,
      rebuildProducerState({ snapshot: snapshots.at(-1), batches: headersOf(log) }),
    );
    // A restarted replica comes back under a new epoch; a crashed leader loses its leadership.
    this.elect(id === this.leaderId ? REPLICAS.find((other) => other !== id)! : this.leaderId);
  }

  tick(advanceMs: number): void {
    this.nowMs += advanceMs;
    this.#deliver(this.leader.tick(this.nowMs));
  }

  /** Lets everything settle: followers catch up, the watermark rises, clients retry until acked. */
  settle(): void {
    for (let round = 0; round < SYNC_ROUNDS_MAX; round++) {
      if (this.batches.every((batch) => batch.state === "acked")) return;
      for (const producerId of PRODUCERS) for (let i = 0; i < IN_FLIGHT_MAX; i++) this.sendNext(producerId);
      this.retryAll();
      for (const id of REPLICAS) this.flush(id);
      for (const id of this.followers.keys()) this.fetchOnce(id, 1_000);
      for (const id of this.followers.keys()) this.fetchOnce(id, 1_000);
      this.tick(TIMEOUT_MS + 1);
    }
    throw new Error("the simulation did not settle");
  }
}

type Step =
  | { type: "send"; producer: number }
  | { type: "retry" }
  | { type: "fetch"; replica: NodeId; maxRecords: number }
  | { type: "flush"; replica: NodeId }
  | { type: "elect"; replica: NodeId }
  | { type: "crash"; replica: NodeId }
  | { type: "tick"; advanceMs: number };

const replicaArb = fc.constantFrom(...REPLICAS);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ type: fc.constant("send" as const), producer: fc.constantFrom(...PRODUCERS) }),
    weight: 6,
  },
  { arbitrary: fc.record({ type: fc.constant("retry" as const) }), weight: 2 },
  {
    arbitrary: fc.record({
      type: fc.constant("fetch" as const),
      replica: replicaArb,
      maxRecords: fc.integer({ min: 1, max: 6 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ type: fc.constant("flush" as const), replica: replicaArb }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant("elect" as const), replica: replicaArb }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant("crash" as const), replica: replicaArb }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant("tick" as const),
      advanceMs: fc.integer({ min: 0, max: 2 * TIMEOUT_MS }),
    }),
    weight: 1,
  },
);

describe("idempotent producers across leader changes and crashes", () => {
  it("every acknowledged batch is in the log exactly once, at its acknowledged offset, in sequence order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 16 }),
        fc.array(stepArb, { maxLength: 80, size: "max" }),
        (batchSizes, steps) => {
          const sim = new IdempotenceSim(batchSizes);
          for (const step of steps) {
            switch (step.type) {
              case "send":
                sim.sendNext(step.producer);
                break;
              case "retry":
                sim.retryAll();
                break;
              case "fetch":
                if (step.replica !== sim.leaderId) sim.fetchOnce(step.replica, step.maxRecords);
                break;
              case "flush":
                sim.flush(step.replica);
                break;
              case "elect":
                sim.elect(step.replica);
                break;
              case "crash":
                sim.crash(step.replica);
                break;
              case "tick":
                sim.tick(step.advanceMs);
                break;
            }
          }
          sim.settle();

          const log = sim.log(sim.leaderId).read(0);
          for (const producerId of PRODUCERS) {
            const sequences = log
              .filter((record) => record.payload.producerId === producerId)
              .map((record) => record.payload.baseSequence + record.payload.index);
            expect(sequences).toEqual(sequences.map((_, index) => index)); // 0, 1, 2, ... once each
          }
          for (const batch of sim.batches) {
            expect(batch.state).toBe("acked");
            const first = log[batch.ackedOffset!]!.payload;
            expect([first.producerId, first.baseSequence, first.index]).toEqual([
              batch.producerId,
              batch.baseSequence,
              0,
            ]);
          }
          const total = sim.batches.reduce((sum, batch) => sum + batch.records, 0);
          expect(log.length).toBe(total);
        },
      ),
      { numRuns: 150 },
    );
  });
});
