/**
 * Real controller processes on 127.0.0.1 for tests and the benchmark: formats the data dirs
 * (as `rill storage format` does), picks free ports, spawns `node --conditions=source --import
 * tsx apps/controller/src/main.ts ...`, kills with any signal, and cleans up (kill -9 of every
 * child still running, temp dir removed).
 */

import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ControllerV1, callUnary, createControllerClient } from "@rill/protocol";
import { dieWithParent, freePort, waitFor } from "@rill/protocol/testing";
import { formatDataDir, randomClusterId } from "@rill/runtime";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const CONTROLLER_MAIN = join(REPO_ROOT, "apps/controller/src/main.ts");

export function spawnController(args: readonly string[], logFile: string): ChildProcess {
  // Tied to the test process: a test killed with kill -9 takes its controllers with it.
  const child = spawn(
    ...dieWithParent([process.execPath, "--conditions=source", "--import", "tsx", CONTROLLER_MAIN, ...args]),
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log = createWriteStream(logFile, { flags: "a" });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once("exit", () => log.end());
  return child;
}

export interface ControllerProcessClusterOptions {
  readonly size?: number;
  /** Extra `--key value` flags for every controller. */
  readonly extraArgs?: readonly string[];
}

interface Member {
  readonly nodeId: number;
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  child: ChildProcess | undefined;
  readonly client: ControllerV1.ControllerServiceClient;
}

export class ControllerProcessCluster {
  readonly members: Member[] = [];
  /** Set by close(): a test body still running after a timeout must not start orphans. */
  #closed = false;

  readonly #extraArgs: readonly string[];
  private constructor(
    readonly baseDir: string,
    readonly clusterId: string,
    extraArgs: readonly string[],
  ) {
    this.#extraArgs = extraArgs;
  }

  static async create(options: ControllerProcessClusterOptions = {}): Promise<ControllerProcessCluster> {
    const baseDir = await mkdtemp(join(tmpdir(), "rill-controllers-"));
    const cluster = new ControllerProcessCluster(baseDir, randomClusterId(), options.extraArgs ?? []);
    for (let nodeId = 1; nodeId <= (options.size ?? 3); nodeId++) {
      const port = await freePort();
      const dataDir = join(baseDir, `controller-${nodeId}`);
      await formatDataDir({ dataDir, nodeId, clusterId: cluster.clusterId });
      cluster.members.push({
        nodeId,
        port,
        dataDir,
        logFile: join(baseDir, `controller-${nodeId}.log`),
        child: undefined,
        client: createControllerClient(`127.0.0.1:${port}`),
      });
    }
    return cluster;
  }

  get voters(): string {
    return this.members.map((member) => `${member.nodeId}@127.0.0.1:${member.port}`).join(",");
  }

  member(nodeId: number): Member {
    const member = this.members.find((entry) => entry.nodeId === nodeId);
    if (member === undefined) throw new Error(`no controller ${nodeId}`);
    return member;
  }

  start(nodeId: number): ChildProcess {
    const member = this.member(nodeId);
    if (this.#closed) throw new Error("the controller cluster is closed");
    if (member.child !== undefined) throw new Error(`controller ${nodeId} is running`);
    const args = [
      "--node-id",
      String(nodeId),
      "--listen",
      `127.0.0.1:${member.port}`,
      "--voters",
      this.voters,
      "--data-dir",
      member.dataDir,
      "--metrics-listen",
      "127.0.0.1:0",
      // The brokers of these tests are stand-ins registered over RPC with no listener behind
      // their endpoints: crash detection would fence them at once.
      "--broker-crash-detection-enable",
      "false",
      ...this.#extraArgs,
    ];
    const child = spawnController(args, member.logFile);
    member.child = child;
    child.once("exit", () => {
      if (member.child === child) member.child = undefined;
    });
    return child;
  }

  startAll(): void {
    for (const member of this.members) this.start(member.nodeId);
  }

  /** Sends `signal` and waits for the process to exit; resolves with its exit code (null if signalled). */
  async stop(nodeId: number, signal: NodeJS.Signals = "SIGKILL"): Promise<number | null> {
    const child = this.member(nodeId).child;
    if (child === undefined) return null;
    const exited = new Promise<number | null>((resolveExit) =>
      child.once("exit", (code) => resolveExit(code)),
    );
    child.kill(signal);
    return exited;
  }

  running(): Member[] {
    return this.members.filter((member) => member.child !== undefined);
  }

  /** The active controller as a running member reports it, or undefined. */
  async activeController(): Promise<number | undefined> {
    for (const member of this.running()) {
      try {
        const description = await callUnary(member.client, "describeCluster", {}, { timeoutMs: 1_000 });
        const active = description.activeControllerId;
        if (active > 0 && this.member(active).child !== undefined) return active;
      } catch {
        // not up yet, or going down
      }
    }
    return undefined;
  }

  /** Polls until a running member names a running active controller (other than `not`). */
  async waitForActiveController(options: { not?: number; timeoutMs?: number } = {}): Promise<number> {
    return waitFor(
      async () => {
        const active = await this.activeController();
        return active !== undefined && active !== options.not ? active : undefined;
      },
      {
        timeoutMs: options.timeoutMs ?? 20_000,
        intervalMs: 20,
        message: `an active controller; see ${this.baseDir}`,
      },
    );
  }

  /** Polls until controller `nodeId` answers DescribeCluster. */
  async waitUntilServing(nodeId: number, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        await callUnary(this.member(nodeId).client, "describeCluster", {}, { timeoutMs: 1_000 });
        return true;
      },
      { timeoutMs, intervalMs: 20, message: `controller ${nodeId} to serve; see ${this.baseDir}` },
    );
  }

  /**
   * Polls until controller `nodeId` follows an active controller and its committed offset has
   * reached the active controller's (as it was when the wait started).
   */
  async waitUntilCaughtUp(nodeId: number, timeoutMs = 60_000): Promise<void> {
    let target: number | undefined;
    await waitFor(
      async () => {
        if (target === undefined) {
          const active = await this.waitForActiveController({ timeoutMs });
          target = (await callUnary(this.member(active).client, "describeCluster", {}, { timeoutMs: 1_000 }))
            .highWatermark;
        }
        const own = await callUnary(this.member(nodeId).client, "describeCluster", {}, { timeoutMs: 1_000 });
        return own.activeControllerId > 0 && own.highWatermark >= target;
      },
      { timeoutMs, intervalMs: 20, message: `controller ${nodeId} to catch up; see ${this.baseDir}` },
    );
  }

  logOf(nodeId: number): string[] {
    try {
      return readFileSync(this.member(nodeId).logFile, "utf8").split("\n");
    } catch {
      return [];
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.running().map((member) => this.stop(member.nodeId, "SIGKILL")));
    for (const member of this.members) member.client.close();
    await rm(this.baseDir, { recursive: true, force: true });
  }
}
