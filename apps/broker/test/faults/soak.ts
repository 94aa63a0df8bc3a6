/**
 * The fault soak: `pnpm faults [--seed 1] [--seeds 100] [--faults 7] [--kinds a,b] [--keep-logs]`
 * runs seeded fault runs (of every kind, or of the listed kinds only) one after another (fault-run.ts) and prints, per fault kind, how many ran, the anomalies found and
 * the availability figures; every failing seed is printed with where its logs were kept, and
 * `FAULT_SEED=<seed>` reruns it as the CI test does. Exits 1 when any run found an anomaly.
 */
import { parseArgs } from "node:util";
import { netnsAvailable } from "../support/netns-network.js";
import { type FaultOutcome, runFaults } from "./fault-run.js";
import { FAULT_KINDS, type FaultKind } from "./fault-schedule.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    seeds: { type: "string", default: "10" },
    faults: { type: "string" },
    /** A comma-separated list of fault kinds to draw from (default: every kind). */
    kinds: { type: "string", default: FAULT_KINDS.join(",") },
    /** Keeps every run's logs and data dirs (else only a failing run's), to see where time went. */
    "keep-logs": { type: "boolean", default: false },
  },
});
const kinds = values.kinds.split(",").filter((kind) => kind !== "");
const unknownKinds = kinds.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
if (kinds.length === 0 || unknownKinds.length > 0) {
  console.error(`faults: unknown --kinds ${unknownKinds.join(",")}; the kinds are ${FAULT_KINDS.join(",")}`);
  process.exit(2);
}
const selectedKinds = kinds as FaultKind[];
const first = Number(values.seed);
const count = Number(values.seeds);
const faults = Number(values.faults ?? selectedKinds.length);
if (![first, count, faults].every((value) => Number.isSafeInteger(value) && value > 0)) {
  console.error("faults: --seed, --seeds and --faults must be positive integers");
  process.exit(2);
}
if (!netnsAvailable()) {
  console.error("faults: needs root (network namespaces)");
  process.exit(2);
}

const outcomes: FaultOutcome[] = [];
const failed: string[] = [];
let acknowledged = 0;
let indeterminate = 0;
let batchesCompared = 0;
for (let seed = first; seed < first + count; seed += 1) {
  const startedAt = Date.now();
  try {
    const report = await runFaults({
      seed,
      faults,
      kinds: selectedKinds,
      keepLogs: values["keep-logs"],
      log: (line) => console.log(line),
    });
    outcomes.push(...report.faults);
    acknowledged += report.delivery.acknowledged;
    indeterminate += report.delivery.indeterminate;
    batchesCompared += report.replicasCompared.batchesCompared;
    const bad = Object.keys(report.anomalies).length > 0;
    if (report.logsDir !== undefined && !bad) console.log(`seed ${seed}: logs kept in ${report.logsDir}`);
    if (bad) failed.push(`seed ${seed}: ${JSON.stringify(report.anomalies)} (logs: ${report.logsDir})`);
    console.log(
      `seed ${seed}: ${bad ? "ANOMALY" : "ok"}, ${report.delivery.acknowledged} acknowledged, ` +
        `${report.faults.map((fault) => fault.kind).join(" ")} (${Math.round((Date.now() - startedAt) / 1000)} s)`,
    );
  } catch (error) {
    failed.push(`seed ${seed}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    console.log(`seed ${seed}: FAILED: ${failed.at(-1)}`);
  }
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.length === 0 ? -1 : (sorted[Math.floor(sorted.length / 2)] as number);
};
console.log(
  `\n${count} runs, ${acknowledged} acknowledged records, ${indeterminate} indeterminate, ` +
    `${batchesCompared} batches identical on every replica, ${failed.length} failed`,
);
console.log(
  "fault kind | runs | acks again after fault, median / max ms | new active controller after fault, median / max ms | full ISR after heal, median / max ms",
);
const figures = (values: readonly number[]) => `${median([...values])} / ${Math.max(-1, ...values)}`;
for (const kind of selectedKinds) {
  const runs = outcomes.filter((outcome) => outcome.kind === kind);
  const again = runs.map((run) => run.acksAgainAfterMs).filter((ms) => ms >= 0);
  const elected = runs.map((run) => run.newControllerAfterMs).filter((ms) => ms >= 0);
  const isr = runs.map((run) => run.fullIsrAfterHealMs);
  const never = runs.length - again.length;
  console.log(
    `${kind} | ${runs.length} | ${figures(again)}${never > 0 ? ` (${never} only after heal)` : ""} | ` +
      `${elected.length > 0 ? figures(elected) : "-"} | ${figures(isr)}`,
  );
}
for (const line of failed) console.log(line);
process.exit(failed.length === 0 ? 0 : 1);
