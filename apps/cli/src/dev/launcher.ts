import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { callUnary, createBrokerClient } from "@rill/protocol";
import { CliError } from "../errors.js";
import {
  addressList,
  type DevProcess,
  type DevTopologyOptions,
  devTopology,
  startArguments,
} from "./topology.js";

/**
 * How long `rill dev up` waits for every process to report healthy, for every broker to be
 * registered and unfenced, and for the processes to stop on Ctrl-C.
 */
export const devTimeouts = {
  readyMs: 90_000,
  brokersUnfencedMs: 60_000,
  stopMs: 30_000,
  healthPollMs: 250,
} as const;

/**
 * The supervisor's backoff between restarts of a crashed process: doubling from the first delay
 * up to the cap; a process that stayed up for `stableMs` before it died starts again from the
 * first delay.
 */
export const devRestartBackoff = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableMs: 60_000,
} as const;

export interface DevUpOptions extends DevTopologyOptions {
  /** The CLI entry point the children run (`node <cliEntry> controller start ...`). */
  readonly cliEntry: string;
  /** Node.js flags for the children, e.g. `--import tsx` when the entry is TypeScript source. */
  readonly nodeArgs?: readonly string[];
  /** Restart a process that dies after the cluster is up (default true). */
  readonly restart?: boolean;
  readonly print: (line: string) => void;
}

interface Running {
  readonly spec: DevProcess;
  child: ChildProcess;
  exited: boolean;
  startedAtMs: number;
  restarts: number;
  nextDelayMs: number;
  restartTimer: NodeJS.Timeout | undefined;
}

const label = (spec: DevProcess) => `${spec.role}-${spec.nodeId}`;

/**
 * Starts the local cluster in the foreground: formats data dirs on first use, starts every
 * controller then every broker as a separate process with its log in <data-dir>/logs, waits until
 * each reports healthy, prints the bootstrap address, and on SIGINT/SIGTERM stops brokers first
 * (controlled shutdown), then controllers. Resolves with the exit code.
 */
export async function devUp(options: DevUpOptions): Promise<number> {
  const dataDir = resolve(options.dataDir);
  const processes = devTopology({ ...options, dataDir });
  mkdirSync(`${dataDir}/logs`, { recursive: true });
  await assertPortsFree(processes);
  const clusterId = loadOrCreateClusterId(dataDir);
  options.print(`cluster ${clusterId}, data under ${dataDir}`);
  const nodeArgs = options.nodeArgs ?? [];
  for (const spec of processes) await formatDataDir(nodeArgs, options.cliEntry, spec, clusterId);

  const running: Running[] = [];
  let stopping = false;
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolvePromise) => {
    resolveStopped = resolvePromise;
  });

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const entry of running) clearTimeout(entry.restartTimer);
    options.print("stopping: brokers first, then controllers...");
    await stopGroup(running.filter((entry) => entry.spec.role === "broker"));
    await stopGroup(running.filter((entry) => entry.spec.role === "controller"));
    options.print("stopped");
    resolveStopped(code);
  };
  const onSignal = () => void stopAll(0);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let up = false;
  const start = (spec: DevProcess) => startProcess(nodeArgs, options.cliEntry, spec, processes);
  const watch = (entry: Running) => {
    entry.child.on("exit", (code, signal) => {
      entry.exited = true;
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      // Before the cluster is up a death fails start-up (waitHealthy reports it); after, the
      // supervisor restarts the process unless told not to.
      if (!up || options.restart === false) {
        options.print(`${label(entry.spec)} exited unexpectedly (${how}); see ${entry.spec.logFile}`);
        return;
      }
      if (Date.now() - entry.startedAtMs >= devRestartBackoff.stableMs) {
        entry.nextDelayMs = devRestartBackoff.firstDelayMs;
      }
      const delayMs = entry.nextDelayMs;
      entry.nextDelayMs = Math.min(delayMs * 2, devRestartBackoff.maxDelayMs);
      entry.restarts += 1;
      options.print(
        `${label(entry.spec)} exited unexpectedly (${how}); restart ${entry.restarts} in ${delayMs} ms; see ${entry.spec.logFile}`,
      );
      entry.restartTimer = setTimeout(() => {
        if (stopping) return;
        entry.child = start(entry.spec);
        entry.exited = false;
        entry.startedAtMs = Date.now();
        watch(entry);
        waitHealthy(entry, devTimeouts.readyMs).then(
          () =>
            options.print(`${label(entry.spec)} restarted, ready on ${entry.spec.host}:${entry.spec.port}`),
          (error: unknown) => options.print(error instanceof Error ? error.message : String(error)),
        );
      }, delayMs);
    });
  };
  for (const spec of processes) {
    const entry: Running = {
      spec,
      child: start(spec),
      exited: false,
      startedAtMs: Date.now(),
      restarts: 0,
      nextDelayMs: devRestartBackoff.firstDelayMs,
      restartTimer: undefined,
    };
    watch(entry);
    running.push(entry);
  }

  try {
    for (const entry of running) {
      await waitHealthy(entry, devTimeouts.readyMs);
      options.print(`${label(entry.spec).padEnd(14)} ready on ${entry.spec.host}:${entry.spec.port}`);
    }
    await waitBrokersUnfenced(processes, running, devTimeouts.brokersUnfencedMs, options.print);
    up = true;
  } catch (error) {
    options.print(error instanceof Error ? error.message : String(error));
    await stopAll(1);
    return stopped;
  }

  options.print("");
  options.print(
    `Rill is up. Bootstrap: ${addressList(processes, "broker") || addressList(processes, "controller")}`,
  );
  options.print(`Controllers: ${addressList(processes, "controller")}`);
  options.print(`Logs: ${dataDir}/logs   Stop: Ctrl-C`);
  if (options.restart !== false)
    options.print("A process that dies is restarted (--no-restart to leave it down).");
  const code = await stopped;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  return code;
}

function startProcess(
  nodeArgs: readonly string[],
  cliEntry: string,
  spec: DevProcess,
  all: readonly DevProcess[],
): ChildProcess {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: "a" });
  const child = spawn(process.execPath, [...nodeArgs, cliEntry, ...startArguments(spec, all)], {
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: Ctrl-C in the terminal reaches only the launcher, which stops the
    // children in order instead of all at once.
    detached: true,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.on("exit", () => log.end());
  return child;
}

async function stopGroup(entries: readonly Running[]): Promise<void> {
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.exited) return;
      const exited = new Promise<void>((resolvePromise) => entry.child.once("exit", () => resolvePromise()));
      entry.child.kill("SIGTERM");
      const timer = setTimeout(() => entry.child.kill("SIGKILL"), devTimeouts.stopMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

async function waitHealthy(entry: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const url = `http://${entry.spec.host}:${entry.spec.metricsPort}/healthz`;
  while (Date.now() < deadline) {
    if (entry.exited)
      throw new CliError(`${label(entry.spec)} exited during start-up; see ${entry.spec.logFile}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, devTimeouts.healthPollMs));
  }
  throw new CliError(`${label(entry.spec)} not healthy after ${timeoutMs} ms; see ${entry.spec.logFile}`);
}

/**
 * Polls the first broker's Metadata RPC until every broker is listed as live (registered and
 * unfenced in the metadata the brokers follow), printing progress as the count changes.
 */
async function waitBrokersUnfenced(
  processes: readonly DevProcess[],
  running: readonly Running[],
  timeoutMs: number,
  print: (line: string) => void,
): Promise<void> {
  const brokers = processes.filter((spec) => spec.role === "broker");
  const first = brokers[0];
  if (first === undefined) return;
  const client = createBrokerClient(`${first.host}:${first.port}`);
  const deadline = Date.now() + timeoutMs;
  let reported = -1;
  try {
    for (;;) {
      const gone = running.find((entry) => entry.exited);
      if (gone !== undefined) {
        throw new CliError(`${label(gone.spec)} exited during start-up; see ${gone.spec.logFile}`);
      }
      let live = 0;
      try {
        const metadata = await callUnary(client, "metadata", { topics: [] }, { timeoutMs: 2_000 });
        const wanted = new Set(brokers.map((spec) => spec.nodeId));
        live = metadata.brokers.filter((node) => wanted.has(node.nodeId)).length;
      } catch {
        // The broker is still starting: try again.
      }
      if (live !== reported) {
        print(`brokers registered and unfenced: ${live}/${brokers.length}`);
        reported = live;
      }
      if (live === brokers.length) return;
      if (Date.now() > deadline) {
        throw new CliError(
          `only ${live} of ${brokers.length} brokers unfenced after ${timeoutMs} ms; see ${dirname(first.logFile)}`,
        );
      }
      await new Promise((resolvePromise) => setTimeout(resolvePromise, devTimeouts.healthPollMs));
    }
  } finally {
    client.close();
  }
}

async function assertPortsFree(processes: readonly DevProcess[]): Promise<void> {
  for (const spec of processes) {
    for (const port of [spec.port, spec.metricsPort]) {
      const free = await new Promise<boolean>((resolvePromise) => {
        const server = createServer();
        server.once("error", () => resolvePromise(false));
        server.listen(port, spec.host, () => server.close(() => resolvePromise(true)));
      });
      if (!free) {
        throw new CliError(
          `port ${spec.host}:${port} (${label(spec)}) is in use; is another cluster running? ` +
            "Stop it or choose other ports.",
        );
      }
    }
  }
}

function loadOrCreateClusterId(dataDir: string): string {
  const file = `${dataDir}/cluster.id`;
  if (existsSync(file)) {
    const id = readFileSync(file, "utf8").trim();
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) throw new CliError(`${file} does not hold a cluster id`);
    return id;
  }
  const id = randomBytes(16).toString("base64url");
  writeFileSync(file, `${id}\n`);
  return id;
}

async function formatDataDir(
  nodeArgs: readonly string[],
  cliEntry: string,
  spec: DevProcess,
  clusterId: string,
): Promise<void> {
  const args = [
    ...nodeArgs,
    cliEntry,
    "storage",
    "format",
    "--data-dir",
    spec.dataDir,
    "--node-id",
    String(spec.nodeId),
    "--cluster-id",
    clusterId,
    "--ignore-formatted",
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolvePromise) => child.on("exit", resolvePromise));
  if (code !== 0) {
    throw new CliError(
      `formatting ${spec.dataDir} failed: ${stderr.trim().split("\n")[0] ?? `exit ${code}`}`,
    );
  }
}
