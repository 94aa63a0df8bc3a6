import { describe, expect, it } from "vitest";
import { AVAILABILITY_GOAL_MS, availabilityMisses, type FaultOutcome, longestGap } from "./fault-run.js";

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

describe("availabilityMisses", () => {
  const outcome = (kind: FaultOutcome["kind"], longestAckGapMs: number): FaultOutcome => ({
    kind,
    acksAgainAfterMs: -1,
    newControllerAfterMs: -1,
    acksAfterHealMs: 0,
    longestAckGapMs,
    fullIsrAfterHealMs: 0,
  });

  it("names the single-node faults whose longest gap passed the session timeout plus 2 s", () => {
    const missed = outcome("leader-cut-from-controllers", AVAILABILITY_GOAL_MS + 1);
    expect(
      availabilityMisses([
        missed,
        outcome("kill-leader", AVAILABILITY_GOAL_MS),
        outcome("pause-leader", 400),
      ]),
    ).toEqual([missed]);
  });

  it("holds no goal for faults of several nodes or a full disk (produce refused by design)", () => {
    const long = AVAILABILITY_GOAL_MS * 3;
    expect(
      availabilityMisses([
        outcome("power-loss-majority", long),
        outcome("controller-split-with-leader", long),
        outcome("disk-full-leader", long),
      ]),
    ).toEqual([]);
  });
});
