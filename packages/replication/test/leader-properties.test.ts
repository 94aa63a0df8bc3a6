import { RillError } from "@rill/protocol";
import { type NodeId, nodeId, offset as toOffset } from "@rill/protocol/ids";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AlterPartitionRequest, LeaderOutput, PartitionState } from "../src/index.js";
import { LAG_MS, LEADER, makeLeader, partitionState } from "./harness.js";

type Op =
  | { type: "produce"; records: number; acks: "all" | 1 }
  | { type: "flush" }
  | { type: "fetch"; replica: NodeId; behind: number; undurable: number }
  | { type: "tick"; advanceMs: number }
  | { type: "controller"; accept: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    type: fc.constant("produce" as const),
    records: fc.integer({ min: 1, max: 3 }),
    acks: fc.constantFrom("all" as const, 1 as const),
  }),
  fc.record({ type: fc.constant("flush" as const) }),
  fc.record({
    type: fc.constant("fetch" as const),
    replica: fc.constantFrom(nodeId(2), nodeId(3)),
    behind: fc.integer({ min: 0, max: 4 }),
    undurable: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ type: fc.constant("tick" as const), advanceMs: fc.integer({ min: 0, max: LAG_MS }) }),
  fc.record({ type: fc.constant("controller" as const), accept: fc.boolean() }),
);

describe("leader invariants, as properties", () => {
  it("the watermark only rises, stays within every ISR member's durable end, and acks=all completes only below it", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80, size: "max" }), (ops) => {
        const h = makeLeader({ config: { minInsyncReplicas: 2 } });
        let nowMs = 0;
        let state: PartitionState = partitionState();
        let inflight: AlterPartitionRequest | undefined;
        /** The largest durable end each replica ever reported (the watermark may never pass it). */
        const durableMax = new Map<number, number>([[LEADER, 0]]);
        const required = new Map<number, number>();
        let previousHighWatermark = 0;
        let nextProduceId = 1;

        const observe = (output: LeaderOutput) => {
          expect(output.highWatermark).toBeGreaterThanOrEqual(previousHighWatermark);
          expect(output.highWatermarkChanged).toBe(output.highWatermark !== previousHighWatermark);
          previousHighWatermark = output.highWatermark;
          for (const member of h.leader.maximalIsr()) {
            expect(output.highWatermark).toBeLessThanOrEqual(durableMax.get(member) ?? 0);
          }
          for (const completion of output.completions) {
            const requiredOffset = required.get(completion.produceId);
            expect(requiredOffset).toBeDefined();
            required.delete(completion.produceId);
            if (
              completion.error === undefined ||
              completion.error.errorName === "NOT_ENOUGH_REPLICAS_AFTER_APPEND"
            ) {
              expect(output.highWatermark).toBeGreaterThanOrEqual(requiredOffset!);
            } else {
              expect(completion.error.errorName).toBe("REQUEST_TIMED_OUT");
            }
          }
          if (output.alterPartition !== undefined) {
            expect(inflight).toBeUndefined();
            expect(output.alterPartition.newIsr).toContain(LEADER);
            inflight = output.alterPartition;
          }
        };

        for (const op of ops) {
          switch (op.type) {
            case "produce": {
              if (h.leader.validateProduce({ acks: op.acks }) !== undefined) {
                expect(op.acks).toBe("all");
                break;
              }
              const first = h.log.append(
                Array.from({ length: op.records }, () => ({ epoch: h.leader.leaderEpoch, payload: "x" })),
              );
              const produceId = nextProduceId++;
              required.set(produceId, op.acks === "all" ? first + op.records : 0);
              observe(
                h.leader.onAppended({
                  produceId,
                  acks: op.acks,
                  lastOffset: toOffset(first + op.records - 1),
                  nowMs,
                  timeoutMs: LAG_MS,
                }),
              );
              break;
            }
            case "flush":
              h.log.flush();
              durableMax.set(LEADER, h.log.flushedOffset());
              observe(h.leader.onLogFlushed());
              break;
            case "fetch": {
              const fetchOffset = Math.max(0, h.log.logEndOffset() - op.behind);
              const durableOffset = Math.max(0, fetchOffset - op.undurable);
              durableMax.set(op.replica, Math.max(durableMax.get(op.replica) ?? 0, durableOffset));
              const { decision, output } = h.fetch(op.replica, fetchOffset, nowMs, durableOffset);
              expect(decision.kind).toBe("read");
              observe(output);
              break;
            }
            case "tick":
              nowMs += op.advanceMs;
              observe(h.leader.tick(nowMs));
              break;
            case "controller":
              if (inflight === undefined) break;
              if (op.accept) {
                state = { ...state, isr: inflight.newIsr, partitionEpoch: state.partitionEpoch + 1 };
                const request = inflight;
                inflight = undefined;
                observe(h.leader.onAlterPartitionResponse({ requestId: request.requestId, state }, nowMs));
                expect(h.leader.partitionState.isr).toEqual(request.newIsr);
              } else {
                const request = inflight;
                inflight = undefined;
                observe(
                  h.leader.onAlterPartitionResponse(
                    { requestId: request.requestId, error: new RillError("NOT_CONTROLLER") },
                    nowMs,
                  ),
                );
              }
              break;
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
