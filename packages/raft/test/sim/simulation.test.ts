/**
 * Runs the deterministic Raft simulation in CI: SIM_SEEDS seeds (default 1,000) must pass every
 * safety check and the liveness phase, and every rare-path counter must be non-zero. A failure
 * prints its seed and the command that reruns it.
 */
import { describe, expect, it } from "vitest";
import {
  COUNTER_NAMES,
  type Counters,
  emptyCounters,
  rerunCommand,
  runSeed,
} from "../../src/sim/simulation.js";

const SEEDS = Number(process.env.SIM_SEEDS ?? "1000");
/** Seeds per test case, so each case stays well inside the test timeout. */
const BATCH = 125;

describe("raft simulation", () => {
  const totals: Counters = emptyCounters();

  for (let first = 1; first <= SEEDS; first += BATCH) {
    const last = Math.min(SEEDS, first + BATCH - 1);
    it(`seeds ${first}..${last} keep every invariant and recover after healing`, () => {
      const failures: string[] = [];
      for (let seed = first; seed <= last; seed++) {
        const result = runSeed({ seed });
        for (const name of COUNTER_NAMES) totals[name] += result.counters[name];
        if (!result.ok)
          failures.push(`seed ${seed}: ${result.error?.split("\n")[0]}\n  rerun: ${rerunCommand(seed)}`);
      }
      expect(failures, failures.join("\n")).toEqual([]);
    }, 120_000);
  }

  it("exercised every rare path (no counter at zero)", () => {
    const zero = COUNTER_NAMES.filter((name) => totals[name] === 0);
    expect(zero, `counters still at zero: ${zero.join(", ")}`).toEqual([]);
  });

  /** Seeds that once failed while developing; each line says what it caught. */
  const REGRESSIONS: { seed: number; caught: string }[] = [
    { seed: 2250, caught: "host snapshot at an applied index superseded by a pending leader snapshot" },
  ];
  for (const { seed, caught } of REGRESSIONS) {
    it(`regression seed ${seed}: ${caught}`, () => {
      const result = runSeed({ seed });
      expect(result.ok, result.error).toBe(true);
    });
  }

  it("is deterministic: the same seed gives the same run", () => {
    const a = runSeed({ seed: 4242 });
    const b = runSeed({ seed: 4242 });
    expect(a.ok).toBe(true);
    expect(b.counters).toEqual(a.counters);
  });
});

describe("the checker has teeth", () => {
  /** Runs seeds until one fails; returns its error. */
  function firstFailure(
    opts: { faults: Record<string, boolean>; crashRate?: number },
    maxSeeds: number,
  ): string {
    for (let seed = 1; seed <= maxSeeds; seed++) {
      const result = runSeed({ seed, ...opts });
      if (!result.ok) return result.error ?? "";
    }
    return "";
  }

  it("catches votes granted to out-of-date candidates (leader completeness)", () => {
    const error = firstFailure({ faults: { skipUpToDateCheck: true } }, 50);
    expect(error).toMatch(/SafetyViolation/);
  }, 120_000);

  it("catches a vote that was not persisted (two leaders in a term)", () => {
    const error = firstFailure({ faults: { forgetVote: true }, crashRate: 0.03 }, 100);
    expect(error).toMatch(
      /SafetyViolation: (two leaders|leader completeness|state machine safety|log matching)/,
    );
  }, 120_000);
});
