import { describe, expect, it } from "vitest";
import { longestGap } from "./fault-run.js";

describe("longestGap", () => {
  it("counts from the start of the fault phase, not from the first acknowledgement", () => {
    expect(longestGap([1_500, 1_600, 1_700], 1_000)).toBe(500);
  });

  it("finds the longest stretch between two acknowledgements", () => {
    expect(longestGap([1_000, 1_100, 4_100, 4_200], 1_000)).toBe(3_000);
  });

  it("ignores acknowledgements before the fault phase", () => {
    expect(longestGap([100, 900, 1_200], 1_000)).toBe(200);
  });

  it("stops at the end of the window, counting the stretch up to it", () => {
    expect(longestGap([1_000, 1_100, 5_000], 1_000, 2_000)).toBe(900);
    expect(longestGap([1_000, 1_100, 1_900], 1_000, 2_000)).toBe(800);
  });

  it("is 0 without acknowledgements after the start", () => {
    expect(longestGap([], 1_000)).toBe(0);
  });
});
