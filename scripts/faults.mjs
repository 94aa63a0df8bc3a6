#!/usr/bin/env node
// `pnpm faults [--seed N] [--seeds N] [--faults N]`: the fault soak (apps/broker/test/faults/soak.ts),
// run from TypeScript source like the tests. Needs root for network namespaces.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
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
