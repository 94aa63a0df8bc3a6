#!/usr/bin/env node
// Where a produce's milliseconds go: the brokers' `rill_commit_path_stage_seconds` histograms
// (see apps/broker/src/replica/commit-path-trace.ts), summed over brokers, between two scrapes.
//
//   node scripts/commit-path-stages.mjs snapshot <file.json> <metrics-url>...   # before a run
//   node scripts/commit-path-stages.mjs diff <file.json> <metrics-url>...       # after: a table
//
// Prints per stage the observations, the mean and p50/p99 estimated from the buckets (linear
// inside a bucket, as Prometheus' histogram_quantile does), and the brokers' garbage-collection
// pauses (`nodejs_gc_duration_seconds`, per kind: `gc_major`, `gc_minor`, ...) in the same table.
import { readFile, writeFile } from "node:fs/promises";

const METRIC = "rill_commit_path_stage_seconds";
/** The group-commit round (the fdatasyncs themselves), shown beside the stages as `flush_round`. */
const FLUSH_METRIC = "rill_log_flush_duration_seconds";
/** The main thread's GC pauses, by kind (prom-client's default metrics). */
const GC_METRIC = "nodejs_gc_duration_seconds";
const STAGES = [
  "append",
  "leader_fsync",
  "replication",
  "produce_total",
  "follower_ack",
  "follower_write",
  "follower_fsync",
  "flush_round",
  "gc_major",
  "gc_minor",
  "gc_incremental",
];

/** { stage: { buckets: Map<le, count>, sum, count } } summed over every url. */
async function scrape(urls) {
  const stages = {};
  for (const url of urls) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    for (const line of (await response.text()).split("\n")) {
      if (!line.startsWith(METRIC) && !line.startsWith(FLUSH_METRIC) && !line.startsWith(GC_METRIC)) continue;
      const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
      if (match === null) continue;
      const [, name, labelText, valueText] = match;
      const labels = Object.fromEntries(
        [...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
      );
      if (name.startsWith(FLUSH_METRIC)) labels.stage = "flush_round";
      if (name.startsWith(GC_METRIC)) labels.stage = `gc_${labels.kind}`;
      stages[labels.stage] ??= { buckets: {}, sum: 0, count: 0 };
      const stage = stages[labels.stage];
      const value = Number(valueText);
      if (name.endsWith("_bucket")) stage.buckets[labels.le] = (stage.buckets[labels.le] ?? 0) + value;
      else if (name.endsWith("_sum")) stage.sum += value;
      else if (name.endsWith("_count")) stage.count += value;
    }
  }
  return stages;
}

function quantile(buckets, count, q) {
  const bounds = Object.keys(buckets)
    .filter((le) => le !== "+Inf")
    .map(Number)
    .sort((a, b) => a - b);
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const cumulative = buckets[String(bound)] ?? 0;
    if (cumulative >= rank) {
      const inBucket = cumulative - below;
      return inBucket === 0 ? bound : lower + ((bound - lower) * (rank - below)) / inBucket;
    }
    lower = bound;
    below = cumulative;
  }
  return lower;
}

const [command, file, ...urls] = process.argv.slice(2);
if ((command !== "snapshot" && command !== "diff") || file === undefined || urls.length === 0) {
  console.error("usage: commit-path-stages.mjs snapshot|diff <file.json> <metrics-url>...");
  process.exit(2);
}
const now = await scrape(urls);
if (command === "snapshot") {
  await writeFile(file, JSON.stringify(now));
} else {
  const before = JSON.parse(await readFile(file, "utf8"));
  const ms = (seconds) => (seconds * 1000).toFixed(2).padStart(8);
  console.log(
    `${"stage".padEnd(16)} ${"count".padStart(8)} ${"mean ms".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)}`,
  );
  for (const stage of STAGES) {
    const after = now[stage];
    if (after === undefined) continue;
    const earlier = before[stage] ?? { buckets: {}, sum: 0, count: 0 };
    const count = after.count - earlier.count;
    if (count <= 0) continue;
    const buckets = {};
    for (const [le, value] of Object.entries(after.buckets)) buckets[le] = value - (earlier.buckets[le] ?? 0);
    console.log(
      `${stage.padEnd(16)} ${String(count).padStart(8)} ${ms((after.sum - earlier.sum) / count)} ${ms(quantile(buckets, count, 0.5))} ${ms(quantile(buckets, count, 0.99))}`,
    );
  }
}
