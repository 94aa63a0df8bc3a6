#!/usr/bin/env node
// How long a Rill process takes to start, from spawn to the first log line that says it serves
// (or to exit, for a CLI command), as the median over several runs (issue 14: a restarted node's
// recovery after a heal is mostly Node start-up; every `rill ...` command pays the same).
//
//   node scripts/startup-time.mjs [--runs 7] [--kinds controller,broker,cli-help,cli-topics,isr]
//     [--cli FILE]   (another CLI entry to run instead of bin/rill, e.g. to time a build against another)
//
// Runs the built CLI (`bin/rill`, so build first) against a throw-away one-controller,
// one-broker cluster on 127.0.0.1 in a temp dir, which it removes with every process it started.
// Figures, each min / median / max in ms:
// - controller: spawn → "controller N listening on" (Raft, ControllerService and health bound);
//   every run kills the previous controller with SIGKILL and starts it again on the same data dir;
// - broker listening: spawn → "broker listening on" (gRPC bound); broker unfenced: spawn →
//   "unfenced by the controller" (registered, metadata replayed, leaderships possible). Each run
//   is a restart after a SIGKILL, as the fault suite's kill faults do;
// - cli-help: `rill --help` spawn → exit; cli-topics: `rill topics list` against the cluster;
// - isr (a cluster of its own: one controller, three brokers, a topic of one partition on all
//   three): each run kills the partition's leader with SIGKILL, waits until the controller has
//   taken it out of the ISR, starts it again and times spawn → unfenced and spawn → back in the
//   ISR (the controller's view, asked every ISR_POLL_MS), the fault suite's kill-leader.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const importDist = (path) => import(pathToFileURL(join(root, path)).href);
const { freePorts, waitFor } = await importDist("packages/protocol/dist/testing/index.js");
const { formatDataDir, randomClusterId } = await importDist("packages/runtime/dist/index.js");

const KINDS = ["controller", "broker", "cli-help", "cli-topics", "isr"];
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    kinds: { type: "string", default: KINDS.join(",") },
    json: { type: "boolean", default: false },
    cli: { type: "string", default: join(root, "bin", "rill") },
  },
});
const cli = values.cli;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error("--runs: an integer from 1 to 100");
const kinds = values.kinds.split(",");
for (const kind of kinds) if (!KINDS.includes(kind)) throw new Error(`--kinds: unknown ${kind}`);
/** Bound on one process reaching its milestone: a start that takes longer is a failure. */
const MILESTONE_TIMEOUT_MS = 60_000;
/** How often the isr figure asks the controller for the partition's ISR. */
const ISR_POLL_MS = 20;

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

function controllerArgs(nodeId, address, metricsPort, dataDir) {
  const listen = ["--listen", address, "--voters", `${nodeId}@${address}`];
  return ["controller", "start", "--node-id", String(nodeId), ...listen, ...dataArgs(dataDir, metricsPort)];
}

function brokerArgs(nodeId, address, metricsPort, dataDir, controllerAddress) {
  const listen = ["--listen", address, "--controllers", controllerAddress];
  return ["broker", "start", "--node-id", String(nodeId), ...listen, ...dataArgs(dataDir, metricsPort)];
}

function dataArgs(dataDir, metricsPort) {
  return ["--data-dir", dataDir, "--metrics-listen", `127.0.0.1:${metricsPort}`];
}

/** Polls `check` every ISR_POLL_MS until it returns true; fails after MILESTONE_TIMEOUT_MS. */
function until(what, check) {
  return waitFor(check, { timeoutMs: MILESTONE_TIMEOUT_MS, intervalMs: ISR_POLL_MS, message: what });
}

/** The isr figure: restarts of a killed partition leader on a cluster of its own, see the top. */
async function isrRuns(clusterId) {
  const { Rill } = await importDist("packages/client/dist/index.js");
  const ids = [101, 102, 103];
  const ports = await freePorts(2 + 2 * ids.length);
  const controllerAddress = `127.0.0.1:${ports[0]}`;
  await formatDataDir({ dataDir: join(dir, "isr-controller"), nodeId: 1, clusterId });
  startProcess(controllerArgs(1, controllerAddress, ports[1], join(dir, "isr-controller")), []);
  const brokers = new Map();
  const start = (id) => {
    const index = ids.indexOf(id);
    const address = `127.0.0.1:${ports[2 + 2 * index]}`;
    const args = brokerArgs(
      id,
      address,
      ports[3 + 2 * index],
      join(dir, `isr-broker-${id}`),
      controllerAddress,
    );
    const started = startProcess(args, [/^unfenced by the controller/]);
    brokers.set(id, { ...started, address });
    return started;
  };
  for (const id of ids) {
    await formatDataDir({ dataDir: join(dir, `isr-broker-${id}`), nodeId: id, clusterId });
    start(id);
  }
  await Promise.all([...brokers.values()].flatMap((broker) => broker.reached));
  const rill = new Rill({ brokers: [...brokers.values()].map((broker) => broker.address) });
  try {
    const admin = rill.admin();
    const topic = "startup-isr";
    await admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 3 }]);
    const partition = async () => (await admin.describeTopics([topic]))[0]?.partitions[0];
    await until("a full ISR", async () => (await partition())?.isr.length === 3);
    const producer = rill.producer();
    await producer.send({ topic, messages: [{ key: "k", value: "before the restarts" }] });
    for (let run = 0; run < runs; run += 1) {
      const leaderId = (await partition())?.leaderId;
      const leader = brokers.get(leaderId);
      if (leader === undefined) throw new Error(`no live leader (${leaderId})`);
      await kill(leader.child);
      await until(
        "the killed leader out of the ISR",
        async () => !(await partition())?.isr.includes(leaderId),
      );
      const startedMs = performance.now();
      const [unfencedMs] = await Promise.all(start(leaderId).reached);
      await until("the restarted broker back in the ISR", async () =>
        (await partition())?.isr.includes(leaderId),
      );
      record("isr: restart → unfenced", unfencedMs);
      record("isr: restart → back in ISR", performance.now() - startedMs);
    }
  } finally {
    await rill.disconnect();
    await Promise.all([...running].map(kill));
  }
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
  const controller1 = controllerArgs(1, controllerAddress, controllerMetricsPort, controllerDir);
  const broker101 = brokerArgs(101, brokerAddress, brokerMetricsPort, brokerDir, controllerAddress);

  if (kinds.includes("cli-help")) {
    for (let run = 0; run < runs; run += 1) record("cli-help (rill --help)", await timeCommand(["--help"]));
  }
  if (kinds.includes("isr")) await isrRuns(clusterId);
  const needCluster = kinds.some((kind) => kind !== "cli-help" && kind !== "isr");
  if (!needCluster) return;
  const controllerRuns = kinds.includes("controller") ? runs : 1;
  let controller;
  for (let run = 0; run < controllerRuns; run += 1) {
    if (controller !== undefined) await kill(controller.child);
    controller = startProcess(controller1, [/^controller \d+ listening on/]);
    const [listeningMs] = await Promise.all(controller.reached);
    if (kinds.includes("controller")) record("controller listening", listeningMs);
  }
  const brokerRuns = kinds.includes("broker") ? runs : 1;
  let broker;
  for (let run = 0; run < brokerRuns; run += 1) {
    if (broker !== undefined) await kill(broker.child);
    broker = startProcess(broker101, [/^broker listening on/, /^unfenced by the controller/]);
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
