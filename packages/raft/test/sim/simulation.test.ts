/**
 * Runs the deterministic Raft simulation (the production RaftNode and durable log over simulated
 * network, disk and clock) in CI: SIM_SEEDS seeds (default 1,000) must pass every
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
/** Seeds per test case, so each case stays well inside the test timeout on a loaded machine. */
const BATCH = 50;

describe("raft simulation", () => {
  const totals: Counters = emptyCounters();

  for (let first = 1; first <= SEEDS; first += BATCH) {
    const last = Math.min(SEEDS, first + BATCH - 1);
    it(`seeds ${first}..${last} keep every invariant and recover after healing`, async () => {
      const failures: string[] = [];
      for (let seed = first; seed <= last; seed++) {
        const result = await runSeed({ seed });
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
    it(`regression seed ${seed}: ${caught}`, async () => {
      const result = await runSeed({ seed });
      expect(result.ok, result.error).toBe(true);
    });
  }

  it("is deterministic: the same seed gives the same history", async () => {
    const run = async (): Promise<{ counters: Counters; steps: number; history: string[] }> => {
      const history: string[] = [];
      const result = await runSeed({ seed: 4242, trace: (line) => history.push(line) });
      expect(result.ok, result.error).toBe(true);
      return { counters: result.counters, steps: result.steps, history };
    };
    const first = await run();
    const second = await run();
    expect(first.history.length).toBeGreaterThan(10);
    expect(second).toEqual(first);
  });
});

describe("the checker has teeth", () => {
  /** Runs seeds until one fails; returns its error. */
  async function firstFailure(
    opts: { faults: Record<string, boolean>; crashRate?: number },
    maxSeeds: number,
  ): Promise<string> {
    for (let seed = 1; seed <= maxSeeds; seed++) {
      const result = await runSeed({ seed, ...opts });
      if (!result.ok) return result.error ?? "";
    }
    return "";
  }

  it("catches votes granted to out-of-date candidates (leader completeness)", async () => {
    const error = await firstFailure({ faults: { skipUpToDateCheck: true } }, 50);
    expect(error).toMatch(/SafetyViolation/);
  }, 120_000);

  it("catches a vote that was not persisted (two leaders in a term)", async () => {
    const error = await firstFailure({ faults: { forgetVote: true }, crashRate: 0.03 }, 100);
    expect(error).toMatch(
      /SafetyViolation: (two leaders|leader completeness|state machine safety|log matching)/,
    );
  }, 120_000);
});
