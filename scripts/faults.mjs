#!/usr/bin/env node
// `pnpm faults [--seed N] [--seeds N] [--faults N] [--duration S] [--kinds a,b] [--record runs.jsonl]`, or `pnpm faults --report runs.jsonl`: the fault soak
// (apps/broker/test/faults/soak.ts). The harness runs from TypeScript source; the cluster's
// processes run the built apps, so this builds first (turbo: seconds when nothing changed).
// Needs root for network namespaces.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = spawnSync(
  join(root, "node_modules", ".bin", "turbo"),
  ["run", "build", "--output-logs=errors-only"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync(
  process.execPath,
  [
    "--conditions=source",
    "--import",
    "tsx",
    join(root, "apps", "broker", "test", "faults", "soak.ts"),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
