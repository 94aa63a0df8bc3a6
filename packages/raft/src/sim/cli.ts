/**
 * Runs the Raft simulation from the command line.
 *
 *   npx pnpm@9.15.9 --filter @rill/raft sim --seed 1234            # one seed
 *   npx pnpm@9.15.9 --filter @rill/raft sim --seed 1 --seeds 10000 # soak: seeds 1..10000
 *   add --verbose for a trace of the run (best with a single seed)
 *   add --fault forgetVote|skipUpToDateCheck|commitPreviousTermByCounting to inject a safety bug
 */
import { COUNTER_NAMES, emptyCounters, rerunCommand, runSeed } from "./simulation.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const first = Number(arg("seed") ?? "1");
const count = Number(arg("seeds") ?? "1");
const verbose = process.argv.includes("--verbose");
/** --fault NAME injects a test-only safety bug (see UnsafeTestingFaults) to show the checker bites. */
const fault = arg("fault");
if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || count < 1) {
  console.error("usage: sim --seed N [--seeds COUNT] [--verbose]");
  process.exit(2);
}
const totals = emptyCounters();
const started = performance.now();
let failures = 0;
for (let seed = first; seed < first + count; seed++) {
  const result = await runSeed({
    seed,
    ...(verbose ? { trace: (line: string) => console.log(line) } : {}),
    ...(fault ? { faults: { [fault]: true } } : {}),
    ...(arg("crash-rate") ? { crashRate: Number(arg("crash-rate")) } : {}),
  });
  for (const name of COUNTER_NAMES) totals[name] += result.counters[name];
  if (!result.ok) {
    failures++;
    console.error(`seed ${seed} FAILED: ${result.error}`);
    console.error(`rerun: ${rerunCommand(seed)}${fault ? ` --fault ${fault}` : ""}`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${count} seeds from ${first}: ${failures} failed, ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(1)} seeds/s`,
);
for (const name of COUNTER_NAMES) console.log(`  ${name.padEnd(34)} ${totals[name]}`);
process.exit(failures > 0 ? 1 : 0);
