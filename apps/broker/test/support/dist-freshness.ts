/**
 * Refuses to run a stale build: a cluster started from the built dist/ (LocalCluster's
 * `runFrom: "dist"`) runs whatever was built last, so a test run after a source edit without a
 * build would test old code and pass or fail for the wrong reason. A workspace package's dist/ is
 * current when its newest emitted file is newer than its newest source file (`pnpm build` emits
 * or, on a turbo cache hit, restores every output, so a build always leaves dist/ newer).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time of the files under `directory` that `accept` takes (0 when none). */
function newestMtimeMs(directory: string, accept: (path: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (accept(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** What tsconfig.build.json compiles: TypeScript under src/, tests excluded. */
const isBuiltSource = (path: string) => path.endsWith(".ts") && !path.endsWith(".test.ts");

/**
 * Throws, naming the first package whose dist/ is missing or older than its src/, when any of the
 * workspace packages under `repoRoot` (apps/* and packages/* with a src/) is; returns otherwise.
 */
export function assertDistCurrent(repoRoot: string): void {
  for (const group of ["apps", "packages"]) {
    for (const name of readdirSync(join(repoRoot, group))) {
      const packageDir = join(repoRoot, group, name);
      const source = join(packageDir, "src");
      if (!existsSync(source)) continue;
      const dist = join(packageDir, "dist");
      const sourceMs = newestMtimeMs(source, isBuiltSource);
      const distMs = existsSync(dist) ? newestMtimeMs(dist, (path) => path.endsWith(".js")) : 0;
      if (distMs < sourceMs) {
        throw new Error(
          `${group}/${name}/dist is ${distMs === 0 ? "missing" : "older than its src"}: build first (pnpm build), or run from source`,
        );
      }
    }
  }
}
