import { describe, expect, it } from "vitest";
import { checkDelivery } from "./delivery-checker.js";

// The checker has teeth: each kind of violation it exists to catch is caught.
describe("delivery checker", () => {
  const sent = ["a", "b", "c", "d"];
  const acknowledged = [
    { value: "a", offset: 0 },
    { value: "b", offset: 1 },
    { value: "c", offset: 2 },
  ];

  it("passes a clean history, with an indeterminate record present once", () => {
    const report = checkDelivery({
      sent,
      acknowledged,
      indeterminate: ["d"],
      consumed: [...acknowledged, { value: "d", offset: 3 }],
    });
    expect(report).toMatchObject({ lost: [], duplicated: [], misplaced: [], reordered: [], unknown: [] });
    expect(report.nonMonotonicOffsets).toBe(0);
  });

  it("reports a lost, a duplicated, a misplaced, a reordered and an unknown record", () => {
    const report = checkDelivery({
      sent,
      acknowledged,
      indeterminate: ["d"],
      consumed: [
        { value: "b", offset: 0 },
        { value: "a", offset: 1 },
        { value: "d", offset: 2 },
        { value: "d", offset: 3 },
        { value: "x", offset: 4 },
      ],
    });
    expect(report.lost).toEqual(["c"]);
    expect(report.duplicated).toEqual(["d"]);
    expect(report.misplaced).toEqual([
      { value: "a", acknowledgedOffset: 0, readOffset: 1 },
      { value: "b", acknowledgedOffset: 1, readOffset: 0 },
    ]);
    expect(report.reordered).toEqual(["a"]);
    expect(report.unknown).toEqual(["x"]);
  });

  it("counts offsets read out of order", () => {
    const report = checkDelivery({
      sent: ["a", "b"],
      acknowledged: [],
      indeterminate: [],
      consumed: [
        { value: "a", offset: 5 },
        { value: "b", offset: 5 },
      ],
    });
    expect(report.nonMonotonicOffsets).toBe(1);
  });
});
