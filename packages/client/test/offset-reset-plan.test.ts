import { isRillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { planOffsetReset } from "../src/admin/offset-reset-plan.js";

const partitions = [
  { partition: 1, committed: -1, earliest: 5, latest: 9, atTime: -1 },
  { partition: 0, committed: 12, earliest: 10, latest: 20, atTime: 15 },
];

describe("planOffsetReset", () => {
  it("computes each spec per partition, ordered by partition, clamped into [log start, log end]", () => {
    const after = (spec: Parameters<typeof planOffsetReset>[1]) =>
      planOffsetReset("t", spec, partitions).map((row) => [row.partition, row.before, row.after]);
    expect(after({ kind: "earliest" })).toEqual([
      [0, 12, 10],
      [1, -1, 5],
    ]);
    expect(after({ kind: "latest" })).toEqual([
      [0, 12, 20],
      [1, -1, 9],
    ]);
    expect(after({ kind: "offset", offset: 7 })).toEqual([
      [0, 12, 10],
      [1, -1, 7],
    ]);
    // A time after every record of a partition goes to its log end.
    expect(after({ kind: "datetime", timestampMs: 1 })).toEqual([
      [0, 12, 15],
      [1, -1, 9],
    ]);
  });

  it("shifts from the committed offset, clamped, and refuses a partition with nothing to shift from", () => {
    const committedOnly = partitions.filter((entry) => entry.committed >= 0);
    expect(planOffsetReset("t", { kind: "shift-by", shift: -5 }, committedOnly)).toEqual([
      { topic: "t", partition: 0, before: 12, after: 10 },
    ]);
    expect(planOffsetReset("t", { kind: "shift-by", shift: 3 }, committedOnly)[0]?.after).toBe(15);
    let refused: unknown;
    try {
      planOffsetReset("t", { kind: "shift-by", shift: 1 }, partitions);
    } catch (error) {
      refused = error;
    }
    expect(isRillError(refused) && refused.errorName).toBe("INVALID_REQUEST");
    expect((refused as Error).message).toContain("t-1 has no committed offset to shift from");
  });
});
