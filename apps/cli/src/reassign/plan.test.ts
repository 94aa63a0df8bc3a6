import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import {
  decommissionPlan,
  generatePlan,
  type PartitionAssignment,
  parsePlan,
  partitionKey,
  summarizePlan,
} from "./plan.js";

const brokers = (ids: readonly number[], racks: readonly string[] = []) =>
  ids.map((nodeId, index) => ({ nodeId, rack: racks[index] ?? "" }));

function threeBrokerTopic(partitions: number): PartitionAssignment[] {
  const ids = [101, 102, 103];
  return Array.from({ length: partitions }, (_, partition) => ({
    topic: "orders",
    partition,
    replicas: [0, 1, 2].map((offset) => ids[(partition + offset) % 3] as number),
  }));
}

describe("reassignment planner", () => {
  it("moves a third of the replicas onto a fourth broker and balances replicas and leaders", () => {
    const current = threeBrokerTopic(12);
    const plan = generatePlan(current, brokers([101, 102, 103, 104]));
    const summary = summarizePlan(current, plan);
    expect(summary.replicasAfter).toEqual({ "101": 9, "102": 9, "103": 9, "104": 9 });
    expect(summary.leadersAfter).toEqual({ "101": 3, "102": 3, "103": 3, "104": 3 });
    // Only what 104 needs moves: 9 replicas copied, 9 removed.
    expect(summary.replicasAdded).toEqual({ "104": 9 });
    expect(Object.values(summary.replicasRemoved).reduce((a, b) => a + b, 0)).toBe(9);
  });

  it("counts the bytes each broker copies in: the partition's size per replica it gains", () => {
    const current = threeBrokerTopic(2);
    const plan = {
      version: 1,
      partitions: [
        { topic: "orders", partition: 0, replicas: [104, 105, 101] },
        { topic: "orders", partition: 1, replicas: [104, 102, 103] },
      ],
    };
    const sizes = new Map([
      [partitionKey({ topic: "orders", partition: 0 }), 1000],
      [partitionKey({ topic: "orders", partition: 1 }), 10],
    ]);
    const summary = summarizePlan(current, plan, sizes);
    expect(summary.bytesAdded).toEqual({ "104": 1010, "105": 1000 });
    expect(summary.bytesToMove).toBe(2010);
  });

  it("decommissions a broker: nothing stays on a broker left out of the list", () => {
    const current = threeBrokerTopic(6).map((entry) => ({ ...entry, replicas: entry.replicas.slice(0, 2) }));
    const plan = generatePlan(current, brokers([101, 102]));
    for (const entry of plan.partitions) expect([...entry.replicas].sort()).toEqual([101, 102]);
  });

  it("spreads replicas over racks before it doubles up in one", () => {
    const current: PartitionAssignment[] = [{ topic: "t", partition: 0, replicas: [1, 2] }];
    const plan = generatePlan(current, brokers([3, 4, 5], ["a", "a", "b"]));
    const racks = plan.partitions[0]?.replicas.map((id) => ({ 3: "a", 4: "a", 5: "b" })[id]);
    expect(new Set(racks)).toEqual(new Set(["a", "b"]));
  });

  it("refuses a broker list smaller than the replication factor", () => {
    expect(() => generatePlan(threeBrokerTopic(1), brokers([101, 102]))).toThrow(UsageError);
  });

  it("keeps every partition's factor, uses only listed brokers and never names one twice", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.uniqueArray(fc.integer({ min: 101, max: 110 }), { minLength: 3, maxLength: 8 }),
        (partitions, factor, ids) => {
          const current = threeBrokerTopic(partitions).map((entry) => ({
            ...entry,
            replicas: entry.replicas.slice(0, factor),
          }));
          const plan = generatePlan(current, brokers(ids));
          const summary = summarizePlan(current, plan);
          for (const entry of plan.partitions) {
            expect(entry.replicas).toHaveLength(factor);
            expect(new Set(entry.replicas).size).toBe(factor);
            for (const id of entry.replicas) expect(ids).toContain(id);
          }
          const loads = Object.values(summary.replicasAfter);
          expect(Math.max(...loads)).toBeLessThanOrEqual(Math.ceil((partitions * factor) / ids.length));
        },
      ),
    );
  });
});

describe("decommission plans", () => {
  it("moves only the partitions on the leaving broker, spreading its replicas over the rest", () => {
    const current = threeBrokerTopic(6);
    const plan = decommissionPlan(current, brokers([101, 102, 103, 104, 105]), 103);
    expect(plan.partitions).toHaveLength(6);
    const summary = summarizePlan(current, plan);
    expect(summary.replicasRemoved).toEqual({ "103": 6 });
    expect(summary.replicasAdded).toEqual({ "104": 3, "105": 3 });
    for (const entry of plan.partitions) {
      expect(entry.replicas).not.toContain(103);
      expect(new Set(entry.replicas).size).toBe(3);
    }
  });

  it("hands over preferred leadership and refuses when no broker can take a replica", () => {
    const current: PartitionAssignment[] = [{ topic: "t", partition: 0, replicas: [103, 101] }];
    expect(decommissionPlan(current, brokers([101, 102, 103]), 103).partitions[0]?.replicas).toEqual([
      101, 102,
    ]);
    expect(() => decommissionPlan(current, brokers([101, 103]), 103)).toThrow(/no other broker/);
  });
});

describe("plan files", () => {
  const valid = { version: 1, partitions: [{ topic: "t", partition: 0, replicas: [1, 2] }] };

  it("reads what --generate prints", () => {
    expect(parsePlan(JSON.stringify(valid), "plan.json")).toEqual(valid);
  });

  it.each([
    ["not json", "{", /plan.json is not JSON/],
    ["a wrong version", JSON.stringify({ ...valid, version: 2 }), /"version" must be 1/],
    ["no partitions", JSON.stringify({ version: 1, partitions: [] }), /non-empty array/],
    [
      "a duplicate replica",
      JSON.stringify({ version: 1, partitions: [{ topic: "t", partition: 0, replicas: [1, 1] }] }),
      /name a broker twice/,
    ],
    [
      "a partition named twice",
      JSON.stringify({ version: 1, partitions: [valid.partitions[0], valid.partitions[0]] }),
      /t\/0 appears twice/,
    ],
    [
      "a negative partition",
      JSON.stringify({ version: 1, partitions: [{ topic: "t", partition: -1, replicas: [1] }] }),
      /"partition" must be an integer/,
    ],
    [
      "a broker id that is not a number",
      JSON.stringify({ version: 1, partitions: [{ topic: "t", partition: 0, replicas: ["1"] }] }),
      /replica "1" is not a broker id/,
    ],
  ])("refuses %s with a clear message", (_what, text, message) => {
    expect(() => parsePlan(text, "plan.json")).toThrow(message);
  });
});
