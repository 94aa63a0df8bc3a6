/**
 * The soak's records and its table: one JSON line per run (appended as each run ends, so a soak
 * stopped early still has every finished run), and the table over any set of such lines, per fault
 * kind: runs, anomalies, how long produce was unavailable after the fault and how long after the
 * heal the ISR was full again.
 */
import { appendFileSync, readFileSync } from "node:fs";
import type { FaultOutcome } from "./fault-run.js";

/** One run of the soak, as recorded. */
export interface SoakRecord {
  readonly seed: number;
  /** "ok", "anomaly" (the checker found one), or "failed" (the run could not finish). */
  readonly result: "ok" | "anomaly" | "failed";
  readonly acknowledged: number;
  readonly indeterminate: number;
  readonly batchesCompared: number;
  readonly faults: readonly FaultOutcome[];
  /** From the first fault to the last heal's full ISR (absent in records of older soaks). */
  readonly faultPhaseMs?: number;
  /** The longest stretch without an acknowledgement from the first fault on (absent in older records). */
  readonly longestAckGapMs?: number;
  readonly anomalies?: Readonly<Record<string, unknown>>;
  /** Where the run's logs were kept (an anomaly, a missed availability goal, or --keep-logs). */
  readonly logsDir?: string;
  readonly error?: string;
  readonly seconds: number;
}

export function appendRecord(file: string, record: SoakRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

export function readRecords(files: readonly string[]): SoakRecord[] {
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as SoakRecord),
  );
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? -1 : (sorted[Math.floor(sorted.length / 2)] as number);
};
/** min / median / max in seconds (one decimal) of the values present, "-" when none is. */
const seconds = (values: readonly (number | undefined)[]): string => {
  const present = values.filter((value): value is number => value !== undefined && value >= 0);
  if (present.length === 0) return "-";
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return `${s(Math.min(...present))} / ${s(median(present))} / ${s(Math.max(...present))}`;
};
const figures = (values: readonly number[]): string =>
  values.length === 0 ? "-" : `${median(values)} / ${Math.max(...values)}`;

/** The soak's table as markdown-like lines: totals first, then one row per fault kind. */
export function soakTable(records: readonly SoakRecord[], kinds: readonly string[]): string[] {
  const sum = (pick: (record: SoakRecord) => number) =>
    records.reduce((total, record) => total + pick(record), 0);
  const bad = records.filter((record) => record.result !== "ok");
  const lines = [
    `${records.length} runs, ${sum((r) => r.faults.length)} faults, ${sum((r) => r.acknowledged)} acknowledged records, ` +
      `${sum((r) => r.indeterminate)} indeterminate, ${sum((r) => r.batchesCompared)} batches identical on every replica, ` +
      `${records.filter((r) => r.result === "anomaly").length} runs with an anomaly, ${records.filter((r) => r.result === "failed").length} runs failed`,
    `fault phase per run, min / median / max s: ${seconds(records.map((r) => r.faultPhaseMs))}; ` +
      `longest stretch without an acknowledgement per run, min / median / max s: ${seconds(records.map((r) => r.longestAckGapMs))}`,
    "| fault kind | faults | runs with an anomaly | longest stretch without an ack, fault to recovery, median / max ms | first ack of a record sent after the fault (leader-cut kinds: after the leadership moved), median / max ms | new active controller, median / max ms | acks after heal, median / max ms | full ISR after heal, median / max ms |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const kind of kinds) {
    const outcomes = records.flatMap((record) => record.faults.filter((fault) => fault.kind === kind));
    if (outcomes.length === 0) continue;
    const anomalous = records.filter(
      (r) => r.result === "anomaly" && r.faults.some((fault) => fault.kind === kind),
    ).length;
    const again = outcomes.map((o) => o.acksAgainAfterMs).filter((ms) => ms >= 0);
    const never = outcomes.length - again.length;
    const elected = outcomes.map((o) => o.newControllerAfterMs).filter((ms) => ms >= 0);
    lines.push(
      `| ${kind} | ${outcomes.length} | ${anomalous} | ${figures(outcomes.map((o) => o.longestAckGapMs ?? -1).filter((ms) => ms >= 0))} | ${figures(again)}${never > 0 ? ` (${never} only after heal)` : ""} | ` +
        `${figures(elected)} | ${figures(outcomes.map((o) => o.acksAfterHealMs ?? -1).filter((ms) => ms >= 0))} | ` +
        `${figures(outcomes.map((o) => o.fullIsrAfterHealMs))} |`,
    );
  }
  for (const record of bad) {
    lines.push(`seed ${record.seed}: ${record.result}: ${record.error ?? JSON.stringify(record.anomalies)}`);
  }
  return lines;
}
