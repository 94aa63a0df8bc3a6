#!/usr/bin/env node
// `node scripts/fsync-latency.mjs [ms] [dir]`: what the disk itself costs an acks=all produce.
// Writes 4 KiB and fdatasyncs it, in a loop, for `ms` (default 10,000) in `dir` (default the OS
// temp dir), then prints the count and p50 / p99 / p99.9 / max latency in ms. Run it alone and
// beside a cluster under load: the difference is the device's own stalls.
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const durationMs = Number(process.argv[2] ?? 10_000);
const file = join(process.argv[3] ?? tmpdir(), `rill-fsync-latency-${process.pid}`);
const fd = openSync(file, "w");
const block = Buffer.alloc(4096, 1);
const latenciesMs = [];
const endAt = Date.now() + durationMs;
try {
  while (Date.now() < endAt) {
    const start = process.hrtime.bigint();
    writeSync(fd, block);
    fdatasyncSync(fd);
    latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
} finally {
  closeSync(fd);
  unlinkSync(file);
}
latenciesMs.sort((a, b) => a - b);
const at = (q) => latenciesMs[Math.floor(q * (latenciesMs.length - 1))].toFixed(2);
console.log(
  `${latenciesMs.length} fsyncs of 4 KiB: p50 ${at(0.5)}, p99 ${at(0.99)}, p99.9 ${at(0.999)}, max ${at(1)} ms`,
);
