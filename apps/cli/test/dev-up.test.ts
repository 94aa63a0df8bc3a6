/**
 * README's main job, as a user runs it: `rill dev up` (what `npm start` runs) brings up 3
 * controllers and 3 brokers, then `rill topics create`, `rill produce` and `rill consume` work
 * against it as separate processes, and Ctrl-C (SIGINT) stops everything with exit code 0.
 *
 * `rill dev up` uses fixed ports (19091.., 19101..) on the host it is given, so this test picks a
 * loopback address of its own (127.0.0.x, x random) to keep clear of anything on 127.0.0.1.
 * Runs the built CLI (bin/rill → apps/cli/dist), as README does.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const rill = join(repoRoot, "bin", "rill");
const host = `127.0.0.${2 + Math.floor(Math.random() * 250)}`;
const dataDir = mkdtempSync(join(tmpdir(), "rill-dev-up-"));
const bootstrap = `${host}:19101,${host}:19102,${host}:19103`;
const START_DEADLINE_MS = 180_000;
const COMMAND_TIMEOUT_MS = 60_000;
let launcher: ChildProcess | undefined;

afterAll(() => {
  if (launcher !== undefined && launcher.exitCode === null) launcher.kill("SIGKILL");
  // The launcher's children run in process groups of their own; after a failure they are found
  // by this test's own temp dir, which is on each of their command lines.
  spawnSync("pkill", ["-9", "-f", dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
});

function runRill(args: readonly string[], input?: string) {
  const result = spawnSync(process.execPath, [rill, ...args], {
    cwd: repoRoot,
    input: input ?? "",
    encoding: "utf8",
    timeout: COMMAND_TIMEOUT_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("rill dev up (README's main job)", () => {
  it("starts a working cluster and stops it cleanly on Ctrl-C", async () => {
    const child = spawn(
      process.execPath,
      [rill, "dev", "up", "--host", host, "--data-dir", dataDir, "--racks", "r1,r2,r3"],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    launcher = child;
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const waitForOutput = async (text: string) => {
      const deadline = Date.now() + START_DEADLINE_MS;
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`rill dev up exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no '${text}' from rill dev up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await waitForOutput("Rill is up");
    expect(output).toContain(`${host}:19101`);

    const created = runRill([
      "topics",
      "create",
      "readme",
      "--partitions",
      "3",
      "--replication-factor",
      "3",
      "--bootstrap",
      bootstrap,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const produced = runRill(
      ["produce", "readme", "--bootstrap", bootstrap, "--key-separator", ":"],
      "k1:one\nk2:two\nk3:three\n",
    );
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = runRill([
      "consume",
      "readme",
      "--from-beginning",
      "--max-messages",
      "3",
      "--format",
      "%s\\n",
      "--bootstrap",
      bootstrap,
    ]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.split("\n").filter(Boolean).sort()).toEqual(["one", "three", "two"]);
    const described = runRill(["topics", "describe", "readme", "--bootstrap", bootstrap, "--json"]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain("readme");

    // --racks reached the brokers' registrations.
    const cluster = runRill(["cluster", "describe", "--bootstrap", bootstrap, "--json"]);
    expect(cluster.code, cluster.stderr).toBe(0);
    const brokers = (JSON.parse(cluster.stdout) as { brokers: { nodeId: number; rack: string }[] }).brokers;
    expect(brokers.map((broker) => [broker.nodeId, broker.rack]).sort()).toEqual([
      [101, "r1"],
      [102, "r2"],
      [103, "r3"],
    ]);

    // The supervisor restarts a broker killed with kill -9, and says so.
    const killed = spawnSync("pkill", ["-9", "-f", `${dataDir}/broker-102 `]);
    expect(killed.status, "pkill found broker-102").toBe(0);
    await waitForOutput("broker-102 exited unexpectedly (SIGKILL); restart 1");
    await waitForOutput("broker-102 restarted, ready");

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    for (const port of [19091, 19092, 19093, 19101, 19102, 19103]) {
      expect(await isListening(port), `port ${port} still listening after Ctrl-C`).toBe(false);
    }
  }, 300_000);
});
