import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// One vitest project per workspace package, found on disk, all sharing this file's settings.
// Tests import sibling packages from source (the "source" export condition), so no build is
// needed for unit tests; tests that spawn real processes use the built dist/ (pnpm build first).
const workspaceDirs = ["packages", "apps"].flatMap((group) =>
  existsSync(group)
    ? readdirSync(group, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(group, entry.name, "package.json")))
        .map((entry) => join(group, entry.name))
    : [],
);

export default defineConfig({
  resolve: { conditions: ["source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["source", "module", "node", "default"] } },
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      ...workspaceDirs.map((dir) => ({
        extends: true,
        test: {
          name: dir.split("/")[1] ?? dir,
          root: dir,
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        },
      })),
      // Checks of the repository itself (its lint rules, deploy files).
      { extends: true, test: { name: "repo", root: ".", include: ["scripts/test/**/*.test.ts"] } },
    ],
  },
});
