import { describe, expect, it } from "vitest";
import { listFlag, positiveIntegerFlag } from "./flags.js";

describe("benchmark flags", () => {
  it("reads --name=value, falls back when absent, refuses a bad value", () => {
    expect(positiveIntegerFlag("runs", 3, ["--runs=7"])).toBe(7);
    expect(positiveIntegerFlag("runs", 3, ["--json"])).toBe(3);
    expect(() => positiveIntegerFlag("runs", 3, ["--runs=0"])).toThrow("--runs must be a positive integer");
    expect(() => positiveIntegerFlag("runs", 3, ["--runs=x"])).toThrow("--runs must be a positive integer");
    expect([...listFlag("phases", ["a", "b"], ["--phases=b,c"])]).toEqual(["b", "c"]);
    expect([...listFlag("phases", ["a", "b"], [])]).toEqual(["a", "b"]);
  });
});
