import { describe, expect, it } from "vitest";
import { median, percentile, summarize } from "./stats.js";

describe("percentile", () => {
  it("uses the nearest-rank definition", () => {
    const sample = [5, 1, 4, 2, 3];
    expect(percentile(sample, 0)).toBe(1);
    expect(median(sample)).toBe(3);
    expect(percentile(sample, 0.99)).toBe(5);
    expect(summarize(sample)).toEqual({ count: 5, min: 1, p50: 3, p99: 5, max: 5 });
  });

  it("rejects an empty sample and a fraction outside [0, 1]", () => {
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});
