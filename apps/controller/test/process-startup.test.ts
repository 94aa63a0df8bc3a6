/**
 * The controller process's start-up and shutdown: refuses an unformatted or foreign data dir and
 * a bad configuration with a clear message (never formats anything itself); started through
 * `rill controller start` as `rill dev up` does, it serves health and metrics, and exits 0 on
 * SIGTERM.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitFor } from "@rill/protocol/testing";
import { checkHealth, formatDataDir, randomClusterId } from "@rill/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, spawnController } from "./support/controller-processes.js";

let baseDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), "rill-controller-startup-"));
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(baseDir, { recursive: true, force: true });
});

/** Runs the controller to its exit; resolves with the exit code and everything it printed. */
function runToExit(args: readonly string[], name: string): Promise<{ code: number | null; output: string }> {
  const logFile = join(baseDir, `${name}.log`);
  const child = spawnController(args, logFile);
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("controller start-up", () => {
  it("refuses an unformatted data dir and creates nothing in it", async () => {
    const dataDir = join(baseDir, "empty");
    await mkdir(dataDir);
    const port = await freePort();
    const { code, output } = await runToExit(
      [
        "--node-id",
        "1",
        "--listen",
        `127.0.0.1:${port}`,
        "--voters",
        `1@127.0.0.1:${port}`,
        "--data-dir",
        dataDir,
      ],
      "unformatted",
    );
    expect(code).toBe(1);
    expect(output).toContain("is not formatted");
    expect(output).toContain("rill storage format");
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("refuses a data dir formatted for another node", async () => {
    const dataDir = join(baseDir, "foreign");
    await formatDataDir({ dataDir, nodeId: 7, clusterId: randomClusterId() });
    const port = await freePort();
    const { code, output } = await runToExit(
      [
        "--node-id",
        "1",
        "--listen",
        `127.0.0.1:${port}`,
        "--voters",
        `1@127.0.0.1:${port}`,
        "--data-dir",
        dataDir,
      ],
      "foreign",
    );
    expect(code).toBe(1);
    expect(output).toMatch(/node 7|node id 7|belongs to node/i);
  });

  it("reports every configuration problem at once and exits 2", async () => {
    const { code, output } = await runToExit(
      [
        "--node-id",
        "4",
        "--listen",
        "127.0.0.1:19999",
        "--voters",
        "1@127.0.0.1:19999,1@127.0.0.1:19998",
        "--raft-tick-ms",
        "fast",
      ],
      "bad-config",
    );
    expect(code).toBe(2);
    expect(output).toContain("invalid configuration");
    expect(output).toContain("controller.quorum.voters");
    expect(output).toContain("lists node id 1 twice");
    expect(output).toContain("raft.tick.ms");
    expect(output).toContain("data.dir is required");
  });

  it("starts through `rill controller start`, serves health and metrics, and exits 0 on SIGTERM", async () => {
    const dataDir = join(baseDir, "single");
    await formatDataDir({ dataDir, nodeId: 1, clusterId: randomClusterId() });
    const port = await freePort();
    const metricsPort = await freePort();
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        join(REPO_ROOT, "apps/cli/src/main.ts"),
        "controller",
        "start",
        "--node-id",
        "1",
        "--listen",
        `127.0.0.1:${port}`,
        "--voters",
        `1@127.0.0.1:${port}`,
        "--data-dir",
        dataDir,
        "--metrics-listen",
        `127.0.0.1:${metricsPort}`,
        "--raft-election-timeout-ms",
        "300",
        "--raft-tick-ms",
        "50",
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    expect(
      await waitFor(
        async () => ((await checkHealth(`127.0.0.1:${port}`, "", 1_000)) === "SERVING" ? true : undefined),
        { timeoutMs: 60_000, intervalMs: 50, message: "health" },
      ),
    ).toBe(true);
    // A single voter elects itself: the metrics show the leader role.
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        const leading = /rill_controller_raft_role\{[^}]*role="leader"[^}]*\} 1/.test(text);
        const applied = /rill_controller_metadata_offset\{[^}]*\} [1-9]/.test(text);
        return leading && applied ? text : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50, message: "the leader role and an applied offset in /metrics" },
    );
    expect(metrics).toMatch(/rill_controller_raft_term\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/rill_controller_active\{[^}]*\} 1/);
    expect(metrics).toContain('rill_controller_brokers{state="active"');
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  });
});
