/**
 * Runs the deterministic metadata simulation (src/sim) in CI: METADATA_SIM_SEEDS seeds (default
 * 200) must keep every safety check and settle in the liveness phase, and every rare-path
 * counter must be non-zero over them. A failure prints its seed and the command that reruns it:
 *
 *   npx pnpm@9.15.9 --filter @rill/metadata sim --seed N --verbose
 */
import { describe, expect, it } from "vitest";
import {
  COUNTER_NAMES,
  type Counters,
  emptyCounters,
  type MetadataSimResult,
  rerunCommand,
  runMetadataSimulation,
  type SimulationFaults,
} from "../src/sim/simulation.js";

const SEEDS = Number(process.env.METADATA_SIM_SEEDS ?? "200");
/** Seeds per test case, so that each case stays well inside its timeout. */
const BATCH = 50;
/** Below this many seeds some rare paths may legitimately not happen. */
const SEEDS_FOR_COVERAGE_MIN = 100;

describe("metadata simulation: 3 controllers on Raft, simulated brokers and admin", () => {
  const totals: Counters = emptyCounters();

  for (let first = 1; first <= SEEDS; first += BATCH) {
    const last = Math.min(SEEDS, first + BATCH - 1);
    it(`seeds ${first}..${last} keep every invariant and settle after healing`, async () => {
      const failures: string[] = [];
      for (let seed = first; seed <= last; seed++) {
        const result = await runMetadataSimulation({ seed });
        for (const name of COUNTER_NAMES) totals[name] += result.counters[name];
        if (!result.ok) {
          failures.push(`seed ${seed}: ${result.error?.split("\n")[0]}\n  rerun: ${rerunCommand(seed)}`);
        }
      }
      expect(failures, failures.join("\n")).toEqual([]);
    }, 120_000);
  }

  it.skipIf(SEEDS < SEEDS_FOR_COVERAGE_MIN)("exercised every rare path (no counter at zero)", () => {
    const zero = COUNTER_NAMES.filter((name) => totals[name] === 0);
    expect(zero, `counters still at zero: ${zero.join(", ")}`).toEqual([]);
  });

  /** Seeds that once failed; each line says what they caught. */
  const REGRESSIONS: { seed: number; caught: string }[] = [
    {
      seed: 6,
      caught:
        "QuorumController re-applied a proposal left pending from an earlier term on becoming active again (replay assertion: broker epoch must grow)",
    },
    { seed: 38, caught: "the same, through a stale broker epoch in the re-applied proposal" },
  ];
  for (const { seed, caught } of REGRESSIONS) {
    it(`regression seed ${seed}: ${caught}`, async () => {
      const result = await runMetadataSimulation({ seed });
      expect(result.ok, result.error).toBe(true);
    });
  }

  it("is deterministic: the same seed gives the same history", async () => {
    const run = async (): Promise<{ result: MetadataSimResult; history: string[] }> => {
      const history: string[] = [];
      const result = await runMetadataSimulation({ seed: 4242, trace: (line) => history.push(line) });
      return { result, history };
    };
    const a = await run();
    const b = await run();
    expect(a.result.ok, a.result.error).toBe(true);
    expect(a.history.length).toBeGreaterThan(0);
    expect(b.history).toEqual(a.history);
    expect(b.result.counters).toEqual(a.result.counters);
    expect(b.result.finalState).toEqual(a.result.finalState);
  }, 60_000);
});

describe("the simulation's checker has teeth", () => {
  /** Runs seeds until one fails; returns its error. */
  async function firstFailure(faults: SimulationFaults, seedsMax: number): Promise<string> {
    for (let seed = 1; seed <= seedsMax; seed++) {
      const result = await runMetadataSimulation({ seed, faults });
      if (!result.ok) return result.error ?? "";
    }
    return "";
  }

  it("catches a controller that accepts stale AlterPartition requests", async () => {
    const error = await firstFailure({ acceptStaleAlterPartition: true }, 20);
    expect(error).toMatch(/SimulationViolation: AlterPartition/);
  }, 60_000);

  it("catches a snapshot that loses a topic (state-machine safety)", async () => {
    const error = await firstFailure({ snapshotLosesATopic: true }, 20);
    expect(error).toMatch(
      /SimulationViolation: state machine safety: controller \d image at offset \d+ differs/,
    );
  }, 60_000);
});
