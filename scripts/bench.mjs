#!/usr/bin/env node
// `pnpm bench [filter...] [--json]`: runs every benchmark file whose path contains one of the
// filters (all when none), each in its own Node process, printing figures as they come.
// Benchmark files live in <package>/bench/*.bench.ts and run from source through tsx.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const passThrough = args.filter((arg) => arg.startsWith("--"));
const filters = args.filter((arg) => !arg.startsWith("--"));

const files = [];
for (const group of ["packages", "apps"]) {
  if (!existsSync(join(root, group))) continue;
  for (const pkg of readdirSync(join(root, group))) {
    const benchDir = join(root, group, pkg, "bench");
    if (!existsSync(benchDir)) continue;
    for (const file of readdirSync(benchDir).sort()) {
      if (file.endsWith(".bench.ts")) files.push(join(benchDir, file));
    }
  }
}
const chosen = files.filter(
  (file) => filters.length === 0 || filters.some((filter) => relative(root, file).includes(filter)),
);
if (chosen.length === 0) {
  console.error(`rill bench: no benchmark matches ${filters.join(", ") || "(none found)"}`);
  console.error(`available: ${files.map((file) => relative(root, file)).join(", ")}`);
  process.exit(2);
}
let failures = 0;
for (const file of chosen) {
  if (!passThrough.includes("--json")) console.log(`\n== ${relative(root, file)}`);
  const result = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", "tsx", file, ...passThrough],
    { cwd: dirname(dirname(file)), stdio: "inherit" },
  );
  if (result.status !== 0) failures += 1;
}
process.exit(failures === 0 ? 0 : 1);
