/**
 * Runs the metadata simulation from the command line.
 *
 *   npx pnpm@9.15.9 --filter @rill/metadata sim --seed 1234             # one seed
 *   npx pnpm@9.15.9 --filter @rill/metadata sim --seed 1234 --verbose   # with a trace
 *   npx pnpm@9.15.9 --filter @rill/metadata sim --seed 1 --seeds 2000   # soak: seeds 1..2000
 *   add --brokers N (default 5), --chaos-steps N (default 3000) or --crash-rate P to vary the soak
 */
import { COUNTER_NAMES, emptyCounters, rerunCommand, runMetadataSimulation } from "./simulation.js";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const first = Number(argument("seed") ?? "1");
const count = Number(argument("seeds") ?? "1");
const verbose = process.argv.includes("--verbose");
const brokers = argument("brokers");
const chaosSteps = argument("chaos-steps");
const crashRate = argument("crash-rate");
const variations = {
  ...(brokers === undefined ? {} : { brokers: Number(brokers) }),
  ...(chaosSteps === undefined ? {} : { chaosSteps: Number(chaosSteps) }),
};
const variationArguments = [
  brokers === undefined ? "" : ` --brokers ${brokers}`,
  chaosSteps === undefined ? "" : ` --chaos-steps ${chaosSteps}`,
  crashRate === undefined ? "" : ` --crash-rate ${crashRate}`,
].join("");
const crashRateValue = crashRate === undefined ? undefined : Number(crashRate);
if (
  !Number.isSafeInteger(first) ||
  !Number.isSafeInteger(count) ||
  count < 1 ||
  Object.values(variations).some((value) => !Number.isSafeInteger(value) || value < 1) ||
  (crashRateValue !== undefined && !(crashRateValue >= 0 && crashRateValue <= 1))
) {
  console.error(
    "usage: sim --seed N [--seeds COUNT] [--brokers N] [--chaos-steps N] [--crash-rate P] [--verbose]",
  );
  process.exit(2);
}
const totals = emptyCounters();
const started = performance.now();
let failures = 0;
for (let seed = first; seed < first + count; seed++) {
  const result = await runMetadataSimulation({
    seed,
    ...variations,
    ...(crashRateValue === undefined ? {} : { crashRate: crashRateValue }),
    ...(verbose ? { trace: (line: string) => console.log(line) } : {}),
  });
  for (const name of COUNTER_NAMES) {
    totals[name] =
      name === "livenessSteps"
        ? Math.max(totals[name], result.counters[name])
        : totals[name] + result.counters[name];
  }
  if (!result.ok) {
    failures++;
    console.error(`seed ${seed} FAILED: ${result.error}`);
    console.error(`rerun: ${rerunCommand(seed)}${variationArguments}`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${count} seeds from ${first}: ${failures} failed, ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(1)} seeds/s`,
);
for (const name of COUNTER_NAMES) {
  console.log(`  ${name.padEnd(36)} ${totals[name]}${name === "livenessSteps" ? " (max)" : ""}`);
}
process.exit(failures > 0 ? 1 : 0);
