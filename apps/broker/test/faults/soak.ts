/**
 * The fault soak: `pnpm faults [--seed 1] [--seeds 100] [--faults 7] [--duration 60] [--kinds a,b] [--keep-logs]
 * [--record runs.jsonl]` runs seeded fault runs (of every kind, or of the listed kinds only) one
 * after another (fault-run.ts) and prints, per fault kind, how many ran, the anomalies found and
 * the availability figures; every failing seed is printed with where its logs were kept, and
 * `FAULT_SEED=<seed>` reruns it as the CI test does. Exits 1 when any run found an anomaly.
 * `--record` appends each finished run to a file as it ends (a soak stopped early keeps its runs);
 * `pnpm faults --report a.jsonl [b.jsonl ...]` prints the table of recorded runs without running any.
 */
import { parseArgs } from "node:util";
import { netnsAvailable } from "../support/netns-network.js";
import { runFaults } from "./fault-run.js";
import { FAULT_KINDS, type FaultKind } from "./fault-schedule.js";
import { appendRecord, readRecords, type SoakRecord, soakTable } from "./soak-table.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    /** Appends one JSON line per finished run to this file. */
    record: { type: "string" },
    /** Prints the table of the runs recorded in the files given as arguments, and runs nothing. */
    report: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    seeds: { type: "string", default: "10" },
    faults: { type: "string" },
    /** Seconds of faults per run: faults keep coming (at least --faults of them) until it has passed. */
    duration: { type: "string" },
    /** A comma-separated list of fault kinds to draw from (default: every kind). */
    kinds: { type: "string", default: FAULT_KINDS.join(",") },
    /** Keeps every run's logs and data dirs (else only those of a failing run or one that missed the availability goal), to see where time went. */
    "keep-logs": { type: "boolean", default: false },
  },
});
if (values.report) {
  if (positionals.length === 0) {
    console.error("faults: --report needs the record files to read");
    process.exit(2);
  }
  for (const line of soakTable(readRecords(positionals), FAULT_KINDS)) console.log(line);
  process.exit(0);
}
const kinds = values.kinds.split(",").filter((kind) => kind !== "");
const unknownKinds = kinds.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
if (kinds.length === 0 || unknownKinds.length > 0) {
  console.error(`faults: unknown --kinds ${unknownKinds.join(",")}; the kinds are ${FAULT_KINDS.join(",")}`);
  process.exit(2);
}
const selectedKinds = kinds as FaultKind[];
const first = Number(values.seed);
const count = Number(values.seeds);
// Without --faults: one of each selected kind, or, in a run bounded by --duration, as many as fit.
const faults = Number(values.faults ?? (values.duration === undefined ? selectedKinds.length : 1));
const duration = values.duration === undefined ? undefined : Number(values.duration);
if (
  ![first, count, faults, ...(duration === undefined ? [] : [duration])].every(
    (value) => Number.isSafeInteger(value) && value > 0,
  )
) {
  console.error("faults: --seed, --seeds, --faults and --duration must be positive integers");
  process.exit(2);
}
if (!netnsAvailable()) {
  console.error("faults: needs root (network namespaces)");
  process.exit(2);
}

const records: SoakRecord[] = [];
const keep = (record: SoakRecord) => {
  records.push(record);
  if (values.record !== undefined) appendRecord(values.record, record);
};
for (let seed = first; seed < first + count; seed += 1) {
  const startedAt = Date.now();
  const seconds = () => Math.round((Date.now() - startedAt) / 1000);
  try {
    const report = await runFaults({
      seed,
      faults,
      kinds: selectedKinds,
      ...(duration === undefined ? {} : { durationMs: duration * 1000 }),
      keepLogs: values["keep-logs"],
      log: (line) => console.log(line),
    });
    const bad = Object.keys(report.anomalies).length > 0;
    keep({
      seed,
      result: bad ? "anomaly" : "ok",
      acknowledged: report.delivery.acknowledged,
      indeterminate: report.delivery.indeterminate,
      batchesCompared: report.replicasCompared.batchesCompared,
      faults: report.faults,
      faultPhaseMs: report.faultPhaseMs,
      longestAckGapMs: report.longestAckGapMs,
      ...(bad ? { anomalies: { ...report.anomalies, logs: report.logsDir } } : {}),
      ...(report.logsDir === undefined ? {} : { logsDir: report.logsDir }),
      seconds: seconds(),
    });
    for (const miss of report.availabilityMisses) {
      console.log(
        `seed ${seed}: ${miss.kind} missed the availability goal: ${miss.longestAckGapMs} ms without an acknowledgement`,
      );
    }
    if (report.logsDir !== undefined && !bad) console.log(`seed ${seed}: logs kept in ${report.logsDir}`);
    console.log(
      `seed ${seed}: ${bad ? `ANOMALY ${JSON.stringify(report.anomalies)} (logs: ${report.logsDir})` : "ok"}, ` +
        `${report.delivery.acknowledged} acknowledged, ${report.faults.map((fault) => fault.kind).join(" ")} (${seconds()} s)`,
    );
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    keep({
      seed,
      result: "failed",
      acknowledged: 0,
      indeterminate: 0,
      batchesCompared: 0,
      faults: [],
      error: message,
      seconds: seconds(),
    });
    console.log(`seed ${seed}: FAILED: ${message}`);
  }
}

console.log("");
for (const line of soakTable(records, selectedKinds)) console.log(line);
process.exit(records.every((record) => record.result === "ok") ? 0 : 1);
