import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The layering rules guard the pure cores (SPEC §1): a Node module import or a clock/timer global
// in the replication, metadata or Raft cores fails `pnpm lint`. These tests run the repository's
// own rule files (dependency-cruiser and biome) over a scratch tree that mirrors the repository's
// paths, so a rule that stops matching its folders fails here.

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "../..");
const bin = (name: string): string => join(repo, "node_modules", ".bin", name);

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "rill-layering-"));
  await cp(join(repo, ".dependency-cruiser.cjs"), join(scratch, ".dependency-cruiser.cjs"));
  await cp(join(repo, "tsconfig.base.json"), join(scratch, "tsconfig.base.json"));
  const biome = JSON.parse(await readFile(join(repo, "biome.json"), "utf8")) as Record<string, unknown>;
  // The scratch tree is no git checkout: the rules stay, the ignore-file lookup goes.
  biome.vcs = { enabled: false };
  delete biome.$schema;
  await writeFile(join(scratch, "biome.json"), JSON.stringify(biome));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<string> {
  const full = join(scratch, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text);
  return path;
}

/** Runs a tool in the scratch tree; answers its exit code and output (a failing check exits 1). */
async function check(command: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: scratch });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

const depcruise = (path: string) => check(bin("depcruise"), ["--config", ".dependency-cruiser.cjs", path]);
const biome = (path: string) => check(bin("biome"), ["lint", path]);

describe("the layering check", () => {
  for (const core of [
    "packages/replication/src",
    "packages/metadata/src/controller",
    "packages/raft/src/core",
  ]) {
    it(`refuses a Node module import in ${core}`, async () => {
      const path = await write(
        `${core}/probe-import.ts`,
        'import { readFileSync } from "node:fs";\nexport const probe = readFileSync;\n',
      );
      const result = await depcruise(path);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/pure-cores-import-no-node-module|raft-core-is-pure/);
    });

    it(`refuses a clock in ${core}`, async () => {
      const path = await write(`${core}/probe-clock.ts`, "export const probe = (): number => Date.now();\n");
      const result = await biome(path);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain("noRestrictedGlobals");
    });
  }

  it("lets the simulations use the clock and Node modules", async () => {
    const path = await write(
      "packages/metadata/src/sim/probe.ts",
      'import { readFileSync } from "node:fs";\nexport const probe = (): number => Date.now() + readFileSync.length;\n',
    );
    expect((await depcruise(path)).code).toBe(0);
    expect((await biome(path)).code).toBe(0);
  });
});
