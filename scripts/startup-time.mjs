#!/usr/bin/env node
// How long a Rill process takes to start, from spawn to the first log line that says it serves
// (or to exit, for a CLI command), as the median over several runs (issue 14: a restarted node's
// recovery after a heal is mostly Node start-up; every `rill ...` command pays the same).
//
//   node scripts/startup-time.mjs [--runs 7] [--kinds controller,broker,cli-help,cli-topics]
//
// Runs the built CLI (`bin/rill`, so build first) against a throw-away one-controller,
// one-broker cluster on 127.0.0.1 in a temp dir, which it removes with every process it started.
// Figures, each min / median / max in ms:
// - controller: spawn → "controller N listening on" (Raft, ControllerService and health bound);
//   every run kills the previous controller with SIGKILL and starts it again on the same data dir;
// - broker listening: spawn → "broker listening on" (gRPC bound); broker unfenced: spawn →
//   "unfenced by the controller" (registered, metadata replayed, leaderships possible). Each run
//   is a restart after a SIGKILL, as the fault suite's kill faults do;
// - cli-help: `rill --help` spawn → exit; cli-topics: `rill topics list` against the cluster.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "bin", "rill");
const importDist = (path) => import(pathToFileURL(join(root, path)).href);
const { freePorts } = await importDist("packages/protocol/dist/testing/index.js");
const { formatDataDir, randomClusterId } = await importDist("packages/runtime/dist/index.js");

const KINDS = ["controller", "broker", "cli-help", "cli-topics"];
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    kinds: { type: "string", default: KINDS.join(",") },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error("--runs: an integer from 1 to 100");
const kinds = values.kinds.split(",");
for (const kind of kinds) if (!KINDS.includes(kind)) throw new Error(`--kinds: unknown ${kind}`);
/** Bound on one process reaching its milestone: a start that takes longer is a failure. */
const MILESTONE_TIMEOUT_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), "rill-startup-"));
const running = new Set();
const figures = new Map();
const record = (name, ms) => figures.set(name, [...(figures.get(name) ?? []), ms]);

/**
 * Spawns `bin/rill args` and resolves, for each pattern of `milestones`, the ms from spawn to the
 * first stdout log line (pino JSON) whose message matches it.
 */
function startProcess(args, milestones) {
  const startedMs = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then(() => running.delete(child));
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const reached = milestones.map(
    (pattern) =>
      new Promise((resolve, reject) => {
        let buffered = "";
        const timer = setTimeout(
          () => reject(new Error(`no "${pattern}" within ${MILESTONE_TIMEOUT_MS} ms`)),
          MILESTONE_TIMEOUT_MS,
        );
        const onData = (chunk) => {
          buffered += chunk;
          let newline = buffered.indexOf("\n");
          while (newline >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf("\n");
            let message = line;
            try {
              message = JSON.parse(line).msg ?? line;
            } catch {
              // not a JSON log line: match it as it is
            }
            if (pattern.test(message)) {
              clearTimeout(timer);
              child.stdout.off("data", onData);
              resolve(performance.now() - startedMs);
              return;
            }
          }
        };
        child.stdout.on("data", onData);
        exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(`rill ${args.slice(0, 2).join(" ")} exited (${code}) before "${pattern}": ${stderr}`),
          );
        });
      }),
  );
  return { child, exited, reached };
}

async function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Spawn → exit of a CLI command; fails on a non-zero exit. */
async function timeCommand(args) {
  const startedMs = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  running.delete(child);
  if (code !== 0) throw new Error(`rill ${args.join(" ")} exited ${code}: ${stderr}`);
  return performance.now() - startedMs;
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const clusterId = randomClusterId();
  const [controllerPort, controllerMetricsPort, brokerPort, brokerMetricsPort] = await freePorts(4);
  const controllerAddress = `127.0.0.1:${controllerPort}`;
  const brokerAddress = `127.0.0.1:${brokerPort}`;
  const controllerDir = join(dir, "controller-1");
  const brokerDir = join(dir, "broker-101");
  await formatDataDir({ dataDir: controllerDir, nodeId: 1, clusterId });
  await formatDataDir({ dataDir: brokerDir, nodeId: 101, clusterId });
  const controllerArgs = [
    "controller",
    "start",
    "--node-id",
    "1",
    "--listen",
    controllerAddress,
    "--voters",
    `1@${controllerAddress}`,
    "--data-dir",
    controllerDir,
    "--metrics-listen",
    `127.0.0.1:${controllerMetricsPort}`,
  ];
  const brokerArgs = [
    "broker",
    "start",
    "--node-id",
    "101",
    "--listen",
    brokerAddress,
    "--controllers",
    controllerAddress,
    "--data-dir",
    brokerDir,
    "--metrics-listen",
    `127.0.0.1:${brokerMetricsPort}`,
  ];

  if (kinds.includes("cli-help")) {
    for (let run = 0; run < runs; run += 1) record("cli-help (rill --help)", await timeCommand(["--help"]));
  }
  const needCluster = kinds.some((kind) => kind !== "cli-help");
  if (!needCluster) return;
  const controllerRuns = kinds.includes("controller") ? runs : 1;
  let controller;
  for (let run = 0; run < controllerRuns; run += 1) {
    if (controller !== undefined) await kill(controller.child);
    controller = startProcess(controllerArgs, [/^controller \d+ listening on/]);
    const [listeningMs] = await Promise.all(controller.reached);
    if (kinds.includes("controller")) record("controller listening", listeningMs);
  }
  const brokerRuns = kinds.includes("broker") ? runs : 1;
  let broker;
  for (let run = 0; run < brokerRuns; run += 1) {
    if (broker !== undefined) await kill(broker.child);
    broker = startProcess(brokerArgs, [/^broker listening on/, /^unfenced by the controller/]);
    const [listeningMs, unfencedMs] = await Promise.all(broker.reached);
    if (kinds.includes("broker")) {
      record("broker listening", listeningMs);
      record("broker unfenced", unfencedMs);
    }
  }
  if (kinds.includes("cli-topics")) {
    for (let run = 0; run < runs; run += 1) {
      record(
        "cli-topics (rill topics list)",
        await timeCommand(["topics", "list", "--bootstrap", brokerAddress]),
      );
    }
  }
}

try {
  await main();
  const rows = [...figures].map(([name, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { name, runs: sorted.length, minMs: sorted[0], medianMs: median(sorted), maxMs: sorted.at(-1) };
  });
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log(
      `${"spawn → milestone".padEnd(32)} ${"runs".padStart(4)} ${"min ms".padStart(7)} ${"median".padStart(7)} ${"max ms".padStart(7)}`,
    );
    for (const row of rows) {
      const cells = [row.minMs, row.medianMs, row.maxMs].map((ms) => ms.toFixed(0).padStart(7));
      console.log(`${row.name.padEnd(32)} ${String(row.runs).padStart(4)} ${cells.join(" ")}`);
    }
  }
} finally {
  await Promise.all([...running].map(kill));
  rmSync(dir, { recursive: true, force: true });
}
