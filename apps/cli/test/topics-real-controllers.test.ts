import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callUnary, createControllerClient } from "@rill/protocol";
import { dieWithParent, freePorts, waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runInProcess } from "./run-in-process.js";

// `rill topics ...` and `rill cluster describe` against 3 real controller processes (run from
// source with tsx), with a stand-in broker registered and heartbeating over RPC so that topics
// can be placed. Then kill -9 of the active controller: the CLI finds the new one.
const repoRoot = join(import.meta.dirname, "..", "..", "..");
const controllerMain = join(repoRoot, "apps", "controller", "src", "main.ts");
const root = mkdtempSync(join(tmpdir(), "rill-cli-topics-real-"));
const startDeadlineMs = 60_000;
const processes = new Map<number, ChildProcess>();
let ports: number[] = [];
let heartbeats: NodeJS.Timeout | undefined;
let closeHeartbeatClients: () => void = () => {};
let passed = false;

const bootstrap = (nodeIds: readonly number[] = [1, 2, 3]) =>
  nodeIds.map((nodeId) => `127.0.0.1:${ports[nodeId - 1]}`).join(",");

async function describeCluster(nodeIds?: readonly number[]) {
  const run: CliRun = await runInProcess([
    "cluster",
    "describe",
    "--json",
    "--timeout-ms",
    "3000",
    "--bootstrap",
    bootstrap(nodeIds),
  ]);
  return run.status === 0
    ? (JSON.parse(run.stdout) as {
        clusterId: string;
        activeControllerId: number;
        controllers: { nodeId: number; role: string }[];
        brokers: { nodeId: number; state: string }[];
      })
    : undefined;
}

async function killController(nodeId: number): Promise<void> {
  const child = processes.get(nodeId);
  processes.delete(nodeId);
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

beforeAll(async () => {
  ports = await freePorts(3);
  const clusterId = JSON.parse(
    (await runInProcess(["storage", "random-cluster-id", "--json"])).stdout,
  ).clusterId;
  const voters = ports.map((port, index) => `${index + 1}@127.0.0.1:${port}`).join(",");
  for (const nodeId of [1, 2, 3]) {
    const dataDir = join(root, `controller-${nodeId}`);
    const formatted = await runInProcess([
      "storage",
      "format",
      "--data-dir",
      dataDir,
      "--node-id",
      String(nodeId),
      "--cluster-id",
      clusterId,
    ]);
    expect(formatted.status).toBe(0);
    const log = openSync(join(root, `controller-${nodeId}.log`), "a");
    processes.set(
      nodeId,
      // Tied to the test process: a test killed with kill -9 takes its controllers with it.
      spawn(
        ...dieWithParent([
          process.execPath,
          "--conditions=source",
          "--import",
          "tsx",
          controllerMain,
          "--node-id",
          String(nodeId),
          "--listen",
          `127.0.0.1:${ports[nodeId - 1]}`,
          "--voters",
          voters,
          // The broker here is a stand-in registered over RPC, with no listener to watch.
          "--broker-crash-detection-enable",
          "false",
          "--data-dir",
          dataDir,
        ]),
        { cwd: repoRoot, stdio: ["ignore", log, log] },
      ),
    );
  }
  const cluster = await waitFor(
    async () => {
      const described = await describeCluster();
      return described !== undefined && described.activeControllerId > 0 ? described : undefined;
    },
    { timeoutMs: startDeadlineMs, intervalMs: 200, message: "an active controller" },
  );
  // A stand-in broker: registers (through any controller; followers forward) and heartbeats.
  const client = createControllerClient(bootstrap([1]));
  const brokerPort = (await freePorts(1))[0] as number;
  // One incarnation for every retry, as a broker process keeps one: a retry of a registration
  // that committed but timed out is then the same registration, not a duplicate broker.
  const incarnationId = randomUUID();
  const registration = await waitFor(
    () =>
      callUnary(
        client,
        "registerBroker",
        {
          nodeId: 101,
          incarnationId,
          clusterId: cluster.clusterId,
          endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: brokerPort }],
          previousBrokerEpoch: -1,
        },
        { timeoutMs: 3_000 },
      ).catch(() => undefined),
    { timeoutMs: startDeadlineMs, intervalMs: 200, message: "the broker registration" },
  );
  // The offset the stand-in reports as applied must reach its registration record, which may sit
  // after the offset its epoch names (a new leader's entry can come between): the commit index
  // read after the registration committed does.
  const caughtUpOffset = await waitFor(
    () =>
      callUnary(client, "describeCluster", { includeFencedBrokers: true }, { timeoutMs: 3_000 }).then(
        (described) => Number(described.highWatermark),
        () => undefined,
      ),
    { timeoutMs: startDeadlineMs, intervalMs: 200, message: "the metadata commit index" },
  );
  client.close();
  // One long-lived client per controller, one heartbeat in flight at a time: a loaded machine
  // must not turn heartbeats into a pile of fresh connections that all time out.
  const targets = new Map([1, 2, 3].map((nodeId) => [nodeId, createControllerClient(bootstrap([nodeId]))]));
  let inFlight = false;
  heartbeats = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    const live = [...targets].filter(([nodeId]) => processes.has(nodeId));
    void Promise.all(
      live.map(([, target]) =>
        callUnary(
          target,
          "brokerHeartbeat",
          {
            nodeId: 101,
            brokerEpoch: registration.brokerEpoch,
            currentMetadataOffset: Math.max(caughtUpOffset, Number(registration.brokerEpoch)),
          },
          { timeoutMs: 3_000 },
        ).catch(() => undefined),
      ),
    ).finally(() => {
      inFlight = false;
    });
  }, 300);
  closeHeartbeatClients = () => {
    for (const target of targets.values()) target.close();
  };
  await waitFor(
    async () => {
      const described = await describeCluster();
      return described?.brokers.some((broker) => broker.nodeId === 101 && broker.state === "active")
        ? true
        : undefined;
    },
    { timeoutMs: startDeadlineMs, intervalMs: 200, message: "the broker to be active" },
  );
}, 120_000);

afterAll(async () => {
  if (heartbeats !== undefined) clearInterval(heartbeats);
  closeHeartbeatClients();
  await Promise.all([...processes.keys()].map(killController));
  // Keep the controllers' logs when something failed; they say why.
  if (passed) rmSync(root, { recursive: true, force: true });
  else process.stderr.write(`controller logs kept in ${root}\n`);
});

describe("rill topics against 3 real controllers", () => {
  it("creates a topic through a follower, describes it, refuses a duplicate, and survives kill -9 of the active controller", async () => {
    const before = await describeCluster();
    expect(before?.controllers.map((controller) => controller.role).sort()).toEqual([
      "follower",
      "follower",
      "leader",
    ]);
    const active = before?.activeControllerId ?? -1;
    const follower = [1, 2, 3].find((nodeId) => nodeId !== active) as number;

    const created = await runInProcess([
      "topics",
      "create",
      "orders",
      "--partitions",
      "2",
      "--replication-factor",
      "1",
      "--config",
      "retention.ms=60000",
      "--bootstrap",
      bootstrap([follower]),
    ]);
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^created topic orders \(2 partitions, replication factor 1, id \S+\)\n$/);

    const described = await runInProcess([
      "topics",
      "describe",
      "orders",
      "--json",
      "--bootstrap",
      bootstrap(),
    ]);
    expect(described.status).toBe(0);
    const partitions = JSON.parse(described.stdout).topics[0].partitions;
    expect(
      partitions.map(
        (partition: { partition: number; leaderId: number; replicas: number[]; isr: number[] }) => [
          partition.partition,
          partition.leaderId,
          partition.replicas,
          partition.isr,
        ],
      ),
    ).toEqual([
      [0, 101, [101], [101]],
      [1, 101, [101], [101]],
    ]);

    const duplicate = await runInProcess([
      "topics",
      "create",
      "orders",
      "--partitions",
      "1",
      "--bootstrap",
      bootstrap(),
    ]);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toMatch(/^rill: create topic 'orders': TOPIC_ALREADY_EXISTS/);

    await killController(active);
    const survivors = [1, 2, 3].filter((nodeId) => nodeId !== active);
    const after = await waitFor(
      async () => {
        const view = await describeCluster(survivors);
        return view !== undefined && view.activeControllerId > 0 && view.activeControllerId !== active
          ? view
          : undefined;
      },
      { timeoutMs: startDeadlineMs, intervalMs: 200, message: "a new active controller" },
    );
    expect(survivors).toContain(after.activeControllerId);
    // The dead controller is still in the bootstrap list: the client moves past it.
    const listed = await runInProcess([
      "topics",
      "list",
      "--json",
      "--timeout-ms",
      "20000",
      "--bootstrap",
      bootstrap(),
    ]);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).topics.map((topic: { name: string }) => topic.name)).toEqual(["orders"]);
    const second = await runInProcess([
      "topics",
      "create",
      "payments",
      "--partitions",
      "1",
      "--replication-factor",
      "1",
      "--timeout-ms",
      "20000",
      "--bootstrap",
      bootstrap(),
    ]);
    expect(second.stderr).toBe("");
    expect(second.status).toBe(0);
  }, 120_000);

  it("alters and describes configs, adds partitions, lists brokers and runs a preferred election", async () => {
    const rill = (args: readonly string[]) =>
      runInProcess([...args, "--timeout-ms", "20000", "--bootstrap", bootstrap()]);

    const altered = await rill([
      "configs",
      "alter",
      "topic",
      "orders",
      "--set",
      "retention.ms=120000",
      "--set",
      "max.message.bytes=2048",
      "--delete",
      "cleanup.policy",
    ]);
    expect(altered.stderr).toBe("");
    expect(altered.status).toBe(0);
    const described = await rill(["configs", "describe", "topic", "orders", "--json"]);
    expect(described.status).toBe(0);
    const overrides = JSON.parse(described.stdout).configs.map((config: { name: string; value: string }) => [
      config.name,
      config.value,
    ]);
    expect(overrides).toEqual([
      ["max.message.bytes", "2048"],
      ["retention.ms", "120000"],
    ]);
    const all = await rill(["configs", "describe", "topic", "orders", "--all", "--json"]);
    expect(JSON.parse(all.stdout).configs.length).toBeGreaterThan(overrides.length);

    // A bad value is refused by the controller with its reason, and nothing changes.
    const bad = await rill(["configs", "alter", "topic", "orders", "--set", "retention.ms=soon"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^rill: alter configs of topic 'orders': INVALID_CONFIG/);
    const dryRun = await rill([
      "configs",
      "alter",
      "topic",
      "orders",
      "--set",
      "retention.ms=1",
      "--dry-run",
    ]);
    expect(dryRun.status).toBe(0);
    const after = await rill(["configs", "describe", "topic", "orders", "--json"]);
    expect(JSON.parse(after.stdout).configs).toEqual(JSON.parse(described.stdout).configs);
    const usage = await rill(["configs", "alter", "topic", "orders"]);
    expect(usage.status).toBe(2);

    const brokerDefaults = await rill(["configs", "alter", "broker", "--set", "log.retention.ms=3600000"]);
    expect(brokerDefaults.stderr).toBe("");
    expect(brokerDefaults.status).toBe(0);
    const brokerConfigs = await rill(["configs", "describe", "broker", "101", "--json"]);
    expect(JSON.parse(brokerConfigs.stdout).configs).toEqual([
      expect.objectContaining({ name: "log.retention.ms", value: "3600000", source: "dynamic-default" }),
    ]);

    const grown = await rill(["topics", "alter", "orders", "--partitions", "4"]);
    expect(grown.stderr).toBe("");
    expect(grown.stdout).toBe("topic orders now has 4 partitions\n");
    const shrunk = await rill(["topics", "alter", "orders", "--partitions", "2"]);
    expect(shrunk.status).toBe(1);
    expect(shrunk.stderr).toMatch(/^rill: alter topic 'orders': INVALID_PARTITIONS/);
    const topic = await rill(["topics", "describe", "orders", "--json"]);
    expect(JSON.parse(topic.stdout).topics[0].partitions).toHaveLength(4);

    const brokers = await rill(["brokers", "list", "--json"]);
    expect(brokers.status).toBe(0);
    expect(JSON.parse(brokers.stdout).brokers).toEqual([
      expect.objectContaining({ nodeId: 101, state: "active" }),
    ]);
    const unknownBroker = await rill(["brokers", "describe", "999"]);
    expect(unknownBroker.status).toBe(1);
    expect(unknownBroker.stderr).toBe("rill: broker 999 is not registered\n");

    // One broker: every partition is already led by its preferred (only) replica.
    const elected = await rill(["elect-leaders", "--topic", "orders", "--json"]);
    expect(elected.stderr).toBe("");
    expect(elected.status).toBe(0);
    const outcomes = JSON.parse(elected.stdout).results.map((row: { outcome: string }) => row.outcome);
    expect(new Set(outcomes)).toEqual(new Set(["ELECTION_NOT_NEEDED"]));
    passed = true;
  }, 120_000);
});
