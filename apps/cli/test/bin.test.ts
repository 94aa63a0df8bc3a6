import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RILL_VERSION } from "@rill/protocol";
import { describe, expect, it } from "vitest";

// These run the real `bin/rill` (the built CLI), as a user would.
const repoRoot = join(import.meta.dirname, "..", "..", "..");
const rill = join(repoRoot, "bin", "rill");

function runRill(...args: string[]) {
  const result = spawnSync(process.execPath, [rill, ...args], { encoding: "utf8", timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("bin/rill", () => {
  it("is built before the tests run", () => {
    expect(existsSync(join(repoRoot, "apps", "cli", "dist", "main.js"))).toBe(true);
  });

  it("prints help with the shared conventions", () => {
    const { status, stdout } = runRill("--help");
    expect(status).toBe(0);
    expect(stdout).toContain("Usage: rill");
    expect(stdout).toContain("--bootstrap host:port");
    expect(stdout).toContain("--json");
  });

  it("stops quietly when the reader of its output is gone (`rill ... | head`)", () => {
    // `true` exits at once, long before the CLI writes: every write meets a closed pipe (EPIPE).
    const result = spawnSync(
      "bash",
      ["-c", `set -o pipefail; "${process.execPath}" "${rill}" --help | true`],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("prints its version", () => {
    const { status, stdout } = runRill("--version");
    expect(status).toBe(0);
    expect(stdout.trim()).toBe(RILL_VERSION);
  });

  it("fails a bad command line with exit code 2 and one line on stderr", () => {
    const { status, stdout, stderr } = runRill("--no-such-option");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^rill: unknown option '--no-such-option'/);
  });

  it("fails a bad subcommand option the same way", () => {
    const { status, stderr } = runRill("dev", "up", "--bogus");
    expect(status).toBe(2);
    expect(stderr).toMatch(/^rill: unknown option '--bogus'/);
  });
});
