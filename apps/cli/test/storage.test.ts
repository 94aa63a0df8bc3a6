import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `rill storage ...` through the real `bin/rill` (the built CLI), as an operator would run it.
const repoRoot = join(import.meta.dirname, "..", "..", "..");
const rill = join(repoRoot, "bin", "rill");
const root = mkdtempSync(join(tmpdir(), "rill-cli-storage-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runRill(...args: string[]) {
  const result = spawnSync(process.execPath, [rill, ...args], { encoding: "utf8", timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function newClusterId(): string {
  const { status, stdout } = runRill("storage", "random-cluster-id", "--json");
  expect(status).toBe(0);
  return (JSON.parse(stdout) as { clusterId: string }).clusterId;
}

function expectOneLineFailure(result: ReturnType<typeof runRill>, status: number, pattern: RegExp) {
  expect(result.status).toBe(status);
  expect(result.stdout).toBe("");
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe("rill storage", () => {
  it("random-cluster-id prints a new 22-character base64url id each time", () => {
    const first = runRill("storage", "random-cluster-id");
    expect(first.status).toBe(0);
    expect(first.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newClusterId()).not.toBe(first.stdout.trim());
  });

  it("formats a dir, is idempotent, and info shows the identity", () => {
    const dataDir = join(root, "node-1");
    const clusterId = newClusterId();
    const formatted = runRill(
      "storage",
      "format",
      "--data-dir",
      dataDir,
      "--node-id",
      "1",
      "--cluster-id",
      clusterId,
    );
    expect(formatted.status).toBe(0);
    expect(formatted.stdout.trim()).toBe(`formatted ${dataDir}: node 1, cluster ${clusterId}`);
    expect(readFileSync(join(dataDir, "meta.properties"), "utf8")).toContain(`cluster.id=${clusterId}`);

    const again = runRill(
      "storage",
      "format",
      "--data-dir",
      dataDir,
      "--node-id",
      "1",
      "--cluster-id",
      clusterId,
      "--json",
    );
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      dataDir,
      outcome: "already-formatted",
      version: 1,
      nodeId: 1,
      clusterId,
    });

    const info = runRill("storage", "info", "--data-dir", dataDir, "--json");
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toEqual({
      dataDir,
      formatted: true,
      version: 1,
      nodeId: 1,
      clusterId,
      lockedBy: null,
    });
    const text = runRill("storage", "info", "--data-dir", dataDir);
    expect(text.stdout).toContain(`node id:    1\ncluster id: ${clusterId}`);
  });

  it("refuses to reformat with another identity unless --ignore-formatted", () => {
    const dataDir = join(root, "node-2");
    const clusterId = newClusterId();
    expect(
      runRill("storage", "format", "--data-dir", dataDir, "--node-id", "2", "--cluster-id", clusterId).status,
    ).toBe(0);
    const other = newClusterId();
    expectOneLineFailure(
      runRill("storage", "format", "--data-dir", dataDir, "--node-id", "2", "--cluster-id", other),
      1,
      /^rill: data dir .* is already formatted for node 2 of cluster .*--ignore-formatted/,
    );
    const ignored = runRill(
      "storage",
      "format",
      "--data-dir",
      dataDir,
      "--node-id",
      "3",
      "--cluster-id",
      other,
      "--ignore-formatted",
      "--json",
    );
    expect(ignored.status).toBe(0);
    expect(JSON.parse(ignored.stdout)).toMatchObject({ outcome: "already-formatted", nodeId: 2, clusterId });
  });

  it("info fails on an unformatted or corrupt dir with one line", () => {
    expectOneLineFailure(
      runRill("storage", "info", "--data-dir", join(root, "nothing")),
      1,
      /^rill: data dir .*nothing is not formatted; run `rill storage format/,
    );
    const dataDir = join(root, "corrupt");
    expect(
      runRill("storage", "format", "--data-dir", dataDir, "--node-id", "4", "--cluster-id", newClusterId())
        .status,
    ).toBe(0);
    const file = join(dataDir, "meta.properties");
    writeFileSync(file, readFileSync(file, "utf8").replace("node.id=4", "node.id=5"));
    expectOneLineFailure(
      runRill("storage", "info", "--data-dir", dataDir),
      1,
      /is corrupt: checksum mismatch/,
    );
  });

  it("rejects bad arguments as usage errors (exit code 2)", () => {
    const dataDir = join(root, "bad");
    const clusterId = newClusterId();
    expectOneLineFailure(
      runRill("storage", "format", "--data-dir", dataDir, "--node-id", "-1", "--cluster-id", clusterId),
      2,
      /^rill: --node-id: -1 is out of range/,
    );
    expectOneLineFailure(
      runRill("storage", "format", "--data-dir", dataDir, "--node-id", "1", "--cluster-id", "not-an-id"),
      2,
      /^rill: --cluster-id: cluster id 'not-an-id' is not 22 base64url characters/,
    );
    expectOneLineFailure(
      runRill("storage", "format", "--data-dir", dataDir, "--cluster-id", clusterId),
      2,
      /^rill: required option '--node-id <n>' not specified/,
    );
  });
});
