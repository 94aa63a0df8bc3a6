import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertDistCurrent } from "./dist-freshness.js";

let root: string | undefined;

afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A workspace with one package (apps/app), its files written with the given modification times (s). */
function workspace(files: Readonly<Record<string, number>>): string {
  root = mkdtempSync(join(tmpdir(), "dist-freshness-"));
  mkdirSync(join(root, "packages"));
  for (const [path, mtimeSeconds] of Object.entries(files)) {
    const file = join(root, "apps", "app", path);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, "");
    utimesSync(file, mtimeSeconds, mtimeSeconds);
  }
  return root;
}

describe("assertDistCurrent (a stale build is refused)", () => {
  it("passes when every package's dist was written after its sources", () => {
    expect(() =>
      assertDistCurrent(workspace({ "src/a.ts": 100, "src/deep/b.ts": 200, "dist/a.js": 300 })),
    ).not.toThrow();
  });

  it("refuses a dist older than a source edit, and a missing dist", () => {
    expect(() =>
      assertDistCurrent(workspace({ "src/a.ts": 100, "src/deep/b.ts": 400, "dist/a.js": 300 })),
    ).toThrow(/apps\/app\/dist is older than its src/);
    rmSync(root as string, { recursive: true, force: true });
    expect(() => assertDistCurrent(workspace({ "src/a.ts": 100 }))).toThrow(/apps\/app\/dist is missing/);
  });

  it("ignores tests, which the build does not compile", () => {
    expect(() =>
      assertDistCurrent(workspace({ "src/a.ts": 100, "src/a.test.ts": 500, "dist/a.js": 300 })),
    ).not.toThrow();
  });
});
