/**
 * Property tests over random operation sequences: brokers register (and restart), heartbeat,
 * lag, stall, die and shut down while topics are created, deleted, grown and reassigned and
 * leaders change ISRs. After every step the invariants hold (no two leaders in one leader epoch,
 * the leader in the ISR, the ISR never empty, epochs only grow, fenced brokers lead nothing);
 * at the end, the image rebuilt from a snapshot, from the full log, and from a mid-way snapshot
 * plus the rest of the log all equal the image built step by step.
 */

import { isRillError } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Harness } from "../../test/harness.js";
import { MetadataImage } from "../image/metadata-image.js";
import { decodeMetadataSnapshot, describeImage, encodeMetadataSnapshot } from "../image/snapshot.js";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "../records/codec.js";
import type { ControllerResult } from "./controller-result.js";

const BROKERS = [1, 2, 3, 4, 5].map(nodeId);
const TOPICS = ["a", "b", "c.d", "e_f"];

type Op =
  | { kind: "register"; broker: NodeId; restart: boolean }
  | { kind: "heartbeat"; broker: NodeId; lagging: boolean }
  | { kind: "heartbeatAll"; except: NodeId }
  | { kind: "advance"; ms: number }
  | { kind: "tick" }
  | { kind: "shutdown"; broker: NodeId }
  | { kind: "unregister"; broker: NodeId }
  | { kind: "create"; topic: number; partitions: number; rf: number }
  | { kind: "delete"; topic: number }
  | { kind: "grow"; topic: number; by: number }
  | { kind: "isr"; topic: number; partition: number; pick: number; expand: boolean }
  | { kind: "elect"; unclean: boolean }
  | { kind: "balance" }
  | { kind: "reassign"; topic: number; partition: number; replicas: NodeId[]; cancel: boolean }
  | { kind: "producerIds"; broker: NodeId }
  | { kind: "unclean"; topic: number; enable: boolean };

const broker = fc.constantFrom(...BROKERS);
const topic = fc.nat(TOPICS.length - 1);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant("register" as const), broker, restart: fc.boolean() }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("heartbeat" as const), broker, lagging: fc.boolean() }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("heartbeatAll" as const),
      except: fc.constantFrom(nodeId(0), ...BROKERS),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      ms: fc.integer({ min: 100, max: 12_000 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("tick" as const) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("shutdown" as const), broker }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("unregister" as const), broker }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("create" as const),
      topic,
      partitions: fc.integer({ min: 1, max: 4 }),
      rf: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), topic }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("grow" as const), topic, by: fc.integer({ min: 1, max: 3 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("isr" as const),
      topic,
      partition: fc.nat(6),
      pick: fc.nat(10),
      expand: fc.boolean(),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant("elect" as const), unclean: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("balance" as const) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("reassign" as const),
      topic,
      partition: fc.nat(6),
      replicas: fc.uniqueArray(broker, { minLength: 1, maxLength: 3 }),
      cancel: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant("producerIds" as const), broker }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("unclean" as const), topic, enable: fc.boolean() }), weight: 1 },
);

class Run {
  readonly h = new Harness({ sessionTimeoutMs: 9_000 });
  readonly batches: { offset: number; data: Uint8Array }[] = [];
  #restarts = 0;

  #apply<R>(produce: () => ControllerResult<R>): void {
    let result: ControllerResult<R>;
    try {
      result = produce();
    } catch (error) {
      if (isRillError(error)) return; // a validation error: nothing written
      throw error;
    }
    this.h.commit(result);
    if (result.records.length > 0) {
      this.batches.push({ offset: this.h.image.offset, data: encodeMetadataRecordBatch(result.records) });
    }
  }

  #epoch(id: NodeId): number {
    return this.h.image.brokers.get(id)?.brokerEpoch ?? 0;
  }

  step(op: Op): void {
    const { h } = this;
    const c = h.controller;
    switch (op.kind) {
      case "register": {
        const incarnationId = op.restart ? `inc-${op.broker}-${++this.#restarts}` : `inc-${op.broker}`;
        this.#apply(() =>
          c.registerBroker(
            h.image,
            {
              brokerId: op.broker,
              incarnationId,
              endpoints: [{ name: "P", host: "h", port: 1 }],
              rack: `r${op.broker % 2}`,
            },
            h.nowMs,
          ),
        );
        return;
      }
      case "heartbeat":
        this.#apply(() =>
          c.brokerHeartbeat(
            h.image,
            {
              brokerId: op.broker,
              brokerEpoch: this.#epoch(op.broker),
              currentMetadataOffset: op.lagging ? 0 : h.image.offset,
              wantShutDown: false,
            },
            h.nowMs,
          ),
        );
        return;
      case "heartbeatAll":
        for (const id of [...h.image.brokers.keys()]) {
          if (id !== op.except) this.step({ kind: "heartbeat", broker: id, lagging: false });
        }
        return;
      case "advance":
        h.nowMs += op.ms;
        return;
      case "tick":
        this.#apply(() => c.tick(h.image, h.nowMs));
        return;
      case "shutdown":
        this.#apply(() =>
          c.brokerHeartbeat(
            h.image,
            {
              brokerId: op.broker,
              brokerEpoch: this.#epoch(op.broker),
              currentMetadataOffset: h.image.offset,
              wantShutDown: true,
            },
            h.nowMs,
          ),
        );
        return;
      case "unregister":
        this.#apply(() => c.unregisterBroker(h.image, op.broker));
        return;
      case "create":
        this.#apply(() =>
          c.createTopic(h.image, {
            name: TOPICS[op.topic]!,
            numPartitions: op.partitions,
            replicationFactor: op.rf,
          }),
        );
        return;
      case "delete":
        this.#apply(() => c.deleteTopic(h.image, TOPICS[op.topic]!));
        return;
      case "grow": {
        const size = h.image.topicByName(TOPICS[op.topic]!)?.partitions.size ?? 0;
        this.#apply(() => c.createPartitions(h.image, { name: TOPICS[op.topic]!, totalCount: size + op.by }));
        return;
      }
      case "isr": {
        const topics = [...h.image.topicsById.values()];
        const t = topics[op.topic % Math.max(1, topics.length)];
        const p = t?.partitions.get(op.partition % Math.max(1, t.partitions.size));
        if (t === undefined || p === undefined || p.leader === -1) return;
        let newIsr: NodeId[];
        if (op.expand) {
          const candidate = p.replicas[op.pick % p.replicas.length]!;
          newIsr = p.isr.includes(candidate) ? [...p.isr] : [...p.isr, candidate];
        } else {
          const victim = p.isr[op.pick % p.isr.length]!;
          newIsr = victim === p.leader ? [...p.isr] : p.isr.filter((id) => id !== victim);
        }
        this.#apply(() =>
          c.alterPartition(h.image, {
            brokerId: p.leader,
            brokerEpoch: this.#epoch(p.leader),
            topicId: t.topicId,
            partition: op.partition % t.partitions.size,
            leaderEpoch: p.leaderEpoch,
            partitionEpoch: p.partitionEpoch,
            newIsr,
          }),
        );
        return;
      }
      case "elect":
        this.#apply(() => c.electLeaders(h.image, op.unclean ? "unclean" : "preferred"));
        return;
      case "balance":
        this.#apply(() => c.balanceLeaders(h.image));
        return;
      case "reassign":
        this.#apply(() =>
          c.alterPartitionReassignment(h.image, {
            topic: TOPICS[op.topic]!,
            partition: op.partition,
            targetReplicas: op.cancel ? null : op.replicas,
          }),
        );
        return;
      case "producerIds":
        this.#apply(() =>
          c.allocateProducerIds(h.image, { brokerId: op.broker, brokerEpoch: this.#epoch(op.broker) }),
        );
        return;
      case "unclean":
        this.#apply(() =>
          c.alterConfigs(h.image, { type: "topic", name: TOPICS[op.topic]! }, [
            { key: "unclean.leader.election.enable", value: op.enable ? "true" : null },
          ]),
        );
        return;
    }
  }
}

function replay(
  from: MetadataImage,
  batches: readonly { offset: number; data: Uint8Array }[],
): MetadataImage {
  let image = from;
  for (const batch of batches) {
    if (batch.offset > image.offset) image = image.apply(decodeMetadataRecordBatch(batch.data), batch.offset);
  }
  return image;
}

describe("controller properties", () => {
  it("keeps the invariants under random operations; snapshot and replay rebuild the same image", () => {
    fc.assert(
      fc.property(
        fc.array(opArbitrary, { minLength: 1, maxLength: 150, size: "max" }),
        fc.nat(),
        (ops, cut) => {
          const run = new Run();
          // Start from a working cluster so that most operations do something.
          run.step({ kind: "register", broker: nodeId(1), restart: false });
          run.step({ kind: "register", broker: nodeId(2), restart: false });
          run.step({ kind: "register", broker: nodeId(3), restart: false });
          run.step({ kind: "heartbeatAll", except: nodeId(0) });
          const snapshotAt = cut % (ops.length + 1);
          let midImage: MetadataImage | undefined;
          ops.forEach((op, i) => {
            if (i === snapshotAt) midImage = run.h.image;
            run.step(op);
          });
          const image = run.h.image;
          const expected = describeImage(image);
          // Snapshot round trip.
          expect(describeImage(decodeMetadataSnapshot(encodeMetadataSnapshot(image), image.offset))).toEqual(
            expected,
          );
          // Full replay of the log.
          expect(describeImage(replay(MetadataImage.EMPTY, run.batches))).toEqual(expected);
          // A snapshot taken mid-way, then the rest of the log.
          if (midImage !== undefined && midImage.offset > 0) {
            const restored = decodeMetadataSnapshot(encodeMetadataSnapshot(midImage), midImage.offset);
            expect(describeImage(replay(restored, run.batches))).toEqual(expected);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
