/**
 * A local cluster of real processes for tests and benchmarks: N controllers and M brokers on
 * 127.0.0.1, on ports the OS said were free, in a temp dir, run from TypeScript source through
 * tsx (no build needed). Faults are process operations: kill -9, SIGSTOP / SIGCONT, SIGTERM,
 * restart. Waits poll a condition until a deadline (never a fixed sleep). `close()` kills every
 * process (SIGCONT first for paused ones) and removes the temp dir; a process-exit hook kills
 * stragglers of clusters a test forgot to close.
 *
 * Usage:
 *   const cluster = await LocalCluster.start({ brokers: 3, brokerConfig: { "replica.lag.time.max.ms": "5000" } });
 *   try { await cluster.createTopic("orders", { partitions: 3, replicationFactor: 3 }); ... }
 *   finally { await cluster.close(); }
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type BrokerV1,
  type ControllerV1,
  callUnary,
  createBrokerClient,
  createControllerClient,
  isRillError,
  RillError,
} from "@rill/protocol";
import { dieWithParent, freePorts, waitFor } from "@rill/protocol/testing";
import { configEnvName, formatDataDir, randomClusterId } from "@rill/runtime";
import { NetnsNetwork } from "./netns-network.js";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
/** The entry points: TypeScript source through tsx (no build needed), or the built dist/. */
const ENTRY_POINTS = {
  source: {
    controller: join(REPO_ROOT, "apps", "controller", "src", "main.ts"),
    broker: join(REPO_ROOT, "apps", "broker", "src", "main.ts"),
    // Workspace packages resolved to their src/ (the "source" export condition).
    nodeArgs: ["--conditions=source", "--import", "tsx"],
  },
  dist: {
    controller: join(REPO_ROOT, "apps", "controller", "dist", "main.js"),
    broker: join(REPO_ROOT, "apps", "broker", "dist", "main.js"),
    nodeArgs: [],
  },
} as const;

/** Bounds: a test cluster is small. */
export const LOCAL_CLUSTER_CONTROLLERS_MAX = 9;
export const LOCAL_CLUSTER_BROKERS_MAX = 16;
/** Broker node ids start here (controllers are 1..n), as in `rill dev up`. */
export const FIRST_BROKER_ID = 101;
/** How often waits poll their condition. */
export const POLL_INTERVAL_MS = 50;

export type ProcessRole = "controller" | "broker";

export interface ClusterProcess {
  /** "controller-1", "broker-101". */
  readonly name: string;
  readonly role: ProcessRole;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  /** "127.0.0.1:port" of the gRPC listener. */
  readonly address: string;
  readonly metricsPort: number;
  readonly dataDir: string;
  /** stdout and stderr of every incarnation, appended. */
  readonly logFile: string;
  child: ChildProcess | undefined;
  /** How many times the process was started. */
  starts: number;
  paused: boolean;
}

export interface LocalClusterOptions {
  readonly controllers?: number;
  readonly brokers?: number;
  /** Config for every controller, by key; passed as RILL_<KEY> environment variables. */
  readonly controllerConfig?: Readonly<Record<string, string>>;
  /** Config for every broker, by key (same mechanism). */
  readonly brokerConfig?: Readonly<Record<string, string>>;
  /** Config for single brokers, by broker id, on top of `brokerConfig`. */
  readonly brokerConfigById?: Readonly<Record<number, Readonly<Record<string, string>>>>;
  /** Wait until every broker is registered and unfenced before resolving (default true). */
  readonly waitReady?: boolean;
  /** The bound on that wait (default 90 s: tsx start-up on a loaded 2-core box is slow). */
  readonly readyTimeoutMs?: number;
  /**
   * "source" (default): run the TypeScript sources through tsx, always the code under test.
   * "dist": run the built apps (`pnpm build` first; a stale build runs stale code), which start
   * several times faster and run without tsx: what benchmarks and the fault suite's recovery
   * figures should measure.
   */
  readonly runFrom?: "source" | "dist";
  /**
   * Run each process on a host of its own: a network namespace with its own address on a private
   * bridge (see NetnsNetwork), so that tests can cut links between nodes. Needs root.
   */
  readonly netns?: boolean;
  /**
   * A broker's listener config (`listeners`, `advertised.listeners`,
   * `inter.broker.listener.name`) in place of the one `--listen` address; the broker must still
   * bind `address` (what the cluster's own helpers connect to).
   */
  readonly brokerListeners?: (broker: ClusterProcess) => Readonly<Record<string, string>>;
  /**
   * Called for each process once its data dir is formatted, before its first start (the fault
   * run mounts a small disk over a broker's partition logs here).
   */
  readonly prepareDataDir?: (entry: ClusterProcess) => Promise<void>;
}

const liveClusters = new Set<LocalCluster>();
process.once("exit", () => {
  for (const cluster of liveClusters) cluster.killAllNow();
});

export class LocalCluster {
  readonly controllers: ClusterProcess[];
  readonly brokers: readonly ClusterProcess[];
  readonly #brokerClients = new Map<number, BrokerV1.BrokerServiceClient>();
  readonly #adminClients = new Map<string, ControllerV1.ControllerServiceClient>();
  #closed = false;
  #keepFiles = false;
  /** Controllers added by joinController, with the bootstrap servers they start with. */
  readonly #joinBootstrap = new Map<string, string>();

  readonly #options: LocalClusterOptions;
  private constructor(
    readonly rootDir: string,
    readonly clusterId: string,
    processes: readonly ClusterProcess[],
    options: LocalClusterOptions,
    /** The hosts' network when started with `netns` (links can be cut); undefined on loopback. */
    readonly network?: NetnsNetwork,
  ) {
    this.#options = options;
    this.controllers = processes.filter((entry) => entry.role === "controller");
    this.brokers = processes.filter((entry) => entry.role === "broker");
  }

  /** Formats every data dir, starts every process, and (by default) waits until brokers are unfenced. */
  static async start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
    const controllerCount = options.controllers ?? 3;
    const brokerCount = options.brokers ?? 3;
    if (controllerCount < 1 || controllerCount > LOCAL_CLUSTER_CONTROLLERS_MAX) {
      throw new RangeError(`controllers must be 1..${LOCAL_CLUSTER_CONTROLLERS_MAX}`);
    }
    if (brokerCount < 0 || brokerCount > LOCAL_CLUSTER_BROKERS_MAX) {
      throw new RangeError(`brokers must be 0..${LOCAL_CLUSTER_BROKERS_MAX}`);
    }
    const entryPoints = ENTRY_POINTS[options.runFrom ?? "source"];
    for (const path of [entryPoints.controller, entryPoints.broker]) {
      if (!existsSync(path)) throw new Error(`${path} does not exist; build first (pnpm build)`);
    }
    const rootDir = await mkdtemp(join(tmpdir(), "rill-local-cluster-"));
    mkdirSync(join(rootDir, "logs"));
    const clusterId = randomClusterId();
    const names = [
      ...Array.from({ length: controllerCount }, (_, index) => `controller-${index + 1}`),
      ...Array.from({ length: brokerCount }, (_, index) => `broker-${FIRST_BROKER_ID + index}`),
    ];
    const network = options.netns === true ? NetnsNetwork.create(names) : undefined;
    // On a host of its own every process can use the same ports.
    const ports =
      network === undefined ? await freePorts(2 * names.length) : names.flatMap(() => [9090, 9190]);
    const processes: ClusterProcess[] = [];
    const add = (role: ProcessRole, nodeId: number): void => {
      const index = processes.length;
      const port = ports[2 * index] as number;
      const name = `${role}-${nodeId}`;
      const host = network?.host(name).address ?? "127.0.0.1";
      processes.push({
        name,
        role,
        nodeId,
        host,
        port,
        address: `${host}:${port}`,
        metricsPort: ports[2 * index + 1] as number,
        dataDir: join(rootDir, name),
        logFile: join(rootDir, "logs", `${name}.log`),
        child: undefined,
        starts: 0,
        paused: false,
      });
    };
    for (let id = 1; id <= controllerCount; id += 1) add("controller", id);
    for (let index = 0; index < brokerCount; index += 1) add("broker", FIRST_BROKER_ID + index);
    const cluster = new LocalCluster(rootDir, clusterId, processes, options, network);
    liveClusters.add(cluster);
    try {
      for (const entry of processes) {
        await formatDataDir({ dataDir: entry.dataDir, nodeId: entry.nodeId, clusterId });
        await options.prepareDataDir?.(entry);
      }
      for (const entry of processes) cluster.startProcess(entry.name);
      if (options.waitReady !== false) {
        await cluster.waitForBrokersUnfenced(
          cluster.brokers.map((broker) => broker.nodeId),
          options.readyTimeoutMs ?? 90_000,
        );
      }
      return cluster;
    } catch (error) {
      const logs = processes
        .map((entry) => `--- ${entry.name}\n${cluster.logTail(entry.name, 15)}`)
        .join("\n");
      await cluster.close();
      throw new Error(`local cluster did not start: ${String(error)}\n${logs}`, { cause: error });
    }
  }

  /**
   * Formats and starts one more controller that joins the running quorum as an observer
   * (controller.quorum.bootstrap.servers = the other controllers); `rill controllers add` makes
   * it a voter. Loopback clusters only.
   */
  async joinController(nodeId: number): Promise<ClusterProcess> {
    if (this.network !== undefined) throw new Error("joinController runs on loopback clusters only");
    const name = `controller-${nodeId}`;
    if (this.controllers.some((entry) => entry.name === name)) throw new Error(`${name} exists`);
    const [port, metricsPort] = (await freePorts(2)) as [number, number];
    const entry: ClusterProcess = {
      name,
      role: "controller",
      nodeId,
      host: "127.0.0.1",
      port,
      address: `127.0.0.1:${port}`,
      metricsPort,
      dataDir: join(this.rootDir, name),
      logFile: join(this.rootDir, "logs", `${name}.log`),
      child: undefined,
      starts: 0,
      paused: false,
    };
    await formatDataDir({ dataDir: entry.dataDir, nodeId, clusterId: this.clusterId });
    const bootstrap = this.controllerAddresses;
    this.controllers.push(entry);
    this.#joinBootstrap.set(name, bootstrap);
    this.startProcess(name);
    return entry;
  }

  /** Every broker's address, comma-separated (what clients bootstrap from). */
  get bootstrap(): string {
    return this.brokers.map((broker) => broker.address).join(",");
  }

  /** Every controller's address, comma-separated. */
  get controllerAddresses(): string {
    return this.controllers.map((controller) => controller.address).join(",");
  }

  /** A process by name ("broker-101") or broker node id (101). */
  process(nameOrBrokerId: string | number): ClusterProcess {
    const name = typeof nameOrBrokerId === "number" ? `broker-${nameOrBrokerId}` : nameOrBrokerId;
    const found = [...this.controllers, ...this.brokers].find((entry) => entry.name === name);
    if (found === undefined) throw new Error(`no process ${name} in this cluster`);
    return found;
  }

  isRunning(nameOrBrokerId: string | number): boolean {
    const child = this.process(nameOrBrokerId).child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /**
   * Starts a process that is not running (a restart keeps its data dir). `extraEnv` is added to
   * this start's environment only (the fault suite's test-only RILL_TEST_* settings).
   */
  startProcess(nameOrBrokerId: string | number, extraEnv: Readonly<Record<string, string>> = {}): void {
    if (this.#closed) throw new Error("the cluster is closed");
    const entry = this.process(nameOrBrokerId);
    if (this.isRunning(entry.name)) throw new Error(`${entry.name} is already running`);
    const listenerConfig = entry.role === "broker" ? this.#options.brokerListeners?.(entry) : undefined;
    const common = [
      "--node-id",
      String(entry.nodeId),
      ...(listenerConfig === undefined ? ["--listen", entry.address] : []),
      "--metrics-listen",
      `${entry.host}:${entry.metricsPort}`,
      "--data-dir",
      entry.dataDir,
    ];
    const entryPoints = ENTRY_POINTS[this.#options.runFrom ?? "source"];
    const joinedFrom = this.#joinBootstrap.get(entry.name);
    const args =
      entry.role === "controller"
        ? [
            entryPoints.controller,
            ...common,
            ...(joinedFrom === undefined
              ? [
                  "--voters",
                  this.controllers
                    .filter((controller) => !this.#joinBootstrap.has(controller.name))
                    .map((controller) => `${controller.nodeId}@${controller.address}`)
                    .join(","),
                ]
              : ["--controller-quorum-bootstrap-servers", joinedFrom]),
          ]
        : [entryPoints.broker, ...common, "--controllers", this.controllerAddresses];
    const config =
      entry.role === "controller"
        ? this.#options.controllerConfig
        : { ...this.#options.brokerConfig, ...this.#options.brokerConfigById?.[entry.nodeId] };
    const env: Record<string, string | undefined> = { ...process.env };
    for (const [key, value] of Object.entries({ ...config, ...listenerConfig }))
      env[configEnvName(key)] = value;
    Object.assign(env, extraEnv);
    const log = createWriteStream(entry.logFile, { flags: "a" });
    log.write(`=== start ${entry.starts + 1} of ${entry.name}\n`);
    // Tied to this process: a harness killed with kill -9 takes its cluster with it (die-with-parent.ts).
    const [program, programArgs] = dieWithParent([
      ...(this.network?.spawnPrefix(entry.name) ?? []),
      process.execPath,
      ...entryPoints.nodeArgs,
      ...args,
    ] as [string, ...string[]]);
    const child = spawn(program, programArgs, {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once("exit", (code, signal) => {
      log.end(`=== ${entry.name} exited (${signal ?? `code ${code}`})\n`);
    });
    entry.child = child;
    entry.starts += 1;
    entry.paused = false;
  }

  /** Sends `signal` (default SIGKILL) and resolves with the exit code/signal once the process is gone. */
  async kill(
    nameOrBrokerId: string | number,
    signal: NodeJS.Signals = "SIGKILL",
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const entry = this.process(nameOrBrokerId);
    const child = entry.child;
    if (child === undefined) throw new Error(`${entry.name} was never started`);
    if (child.exitCode !== null || child.signalCode !== null) {
      return { code: child.exitCode, signal: child.signalCode };
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    if (entry.paused && signal !== "SIGKILL") child.kill("SIGCONT");
    entry.paused = false;
    child.kill(signal);
    return exited;
  }

  /**
   * SIGTERM (a clean stop: brokers run their controlled shutdown) and the exit code; after
   * `timeoutMs` the process is killed with SIGKILL and the call fails.
   */
  async stop(nameOrBrokerId: string | number, timeoutMs = 60_000): Promise<number | null> {
    const entry = this.process(nameOrBrokerId);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.kill(entry.name, "SIGTERM"),
      new Promise<"timed-out">((resolve) => {
        timer = setTimeout(() => resolve("timed-out"), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === "timed-out") {
      await this.kill(entry.name, "SIGKILL");
      throw new Error(
        `${entry.name} did not stop within ${timeoutMs} ms of SIGTERM\n${this.logTail(entry.name)}`,
      );
    }
    return outcome.code;
  }

  /** kill -9 then start again with the same data dir. */
  async restart(nameOrBrokerId: string | number): Promise<void> {
    await this.kill(nameOrBrokerId, "SIGKILL");
    this.startProcess(nameOrBrokerId);
  }

  /** SIGSTOP: the process stays alive but does nothing (a long GC pause, a frozen VM). */
  pause(nameOrBrokerId: string | number): void {
    const entry = this.process(nameOrBrokerId);
    if (!this.isRunning(entry.name)) throw new Error(`${entry.name} is not running`);
    entry.child?.kill("SIGSTOP");
    entry.paused = true;
  }

  /** SIGCONT after `pause`. */
  resume(nameOrBrokerId: string | number): void {
    const entry = this.process(nameOrBrokerId);
    entry.child?.kill("SIGCONT");
    entry.paused = false;
  }

  /** A BrokerService client for a broker (cached for the cluster's life). */
  brokerClient(brokerId: number): BrokerV1.BrokerServiceClient {
    let client = this.#brokerClients.get(brokerId);
    if (client === undefined) {
      // A subchannel of its own (not grpc-js's shared pool), so that dropping it after a failed
      // call really connects afresh (see `metadata`).
      client = createBrokerClient(this.process(brokerId).address, {
        extra: { "grpc.use_local_subchannel_pool": 1 },
      });
      this.#brokerClients.set(brokerId, client);
    }
    return client;
  }

  /** A ControllerService client for any process's address (brokers forward admin requests). */
  adminClient(address: string): ControllerV1.ControllerServiceClient {
    let client = this.#adminClients.get(address);
    if (client === undefined) {
      client = createControllerClient(address);
      this.#adminClients.set(address, client);
    }
    return client;
  }

  /** Metadata from one broker (default: the first running one). */
  async metadata(brokerId?: number, timeoutMs = 5_000): Promise<BrokerV1.MetadataResponse__Output> {
    const id = brokerId ?? this.brokers.find((broker) => this.isRunning(broker.name))?.nodeId;
    if (id === undefined) throw new Error("no broker is running");
    const client = this.brokerClient(id);
    try {
      return await callUnary(client, "metadata", { allTopics: true }, { timeoutMs });
    } catch (error) {
      // The next call connects afresh: a connection cut by a fault (TCP retries backed off to
      // seconds) or in gRPC's reconnect backoff after a restart would otherwise make the test's own
      // probe see a healed or restarted broker seconds late, and count that against the cluster.
      if (this.#brokerClients.get(id) === client) {
        this.#brokerClients.delete(id);
        client.close();
      }
      throw error;
    }
  }

  /** DescribeCluster from the first controller that answers. */
  async describeCluster(timeoutMs = 5_000): Promise<ControllerV1.DescribeClusterResponse__Output> {
    let lastError: unknown;
    for (const controller of this.controllers) {
      if (!this.isRunning(controller.name) || controller.paused) continue;
      try {
        return await callUnary(
          this.adminClient(controller.address),
          "describeCluster",
          { includeFencedBrokers: true },
          { timeoutMs },
        );
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError ?? new Error("no controller is running");
  }

  /**
   * Creates a topic through `via` (default: the first broker, which forwards to the active
   * controller); retries while no controller leads (an election) and fails on a per-topic error.
   */
  async createTopic(
    name: string,
    options: {
      readonly partitions: number;
      readonly replicationFactor: number;
      readonly configs?: Readonly<Record<string, string>>;
      readonly via?: string;
      readonly timeoutMs?: number;
    },
  ): Promise<ControllerV1.CreatableTopicResult__Output> {
    const via = options.via ?? this.brokers[0]?.address ?? this.controllers[0]?.address;
    if (via === undefined) throw new Error("no process to send CreateTopics to");
    const timeoutMs = options.timeoutMs ?? 30_000;
    const request: ControllerV1.CreateTopicsRequest = {
      topics: [
        {
          name,
          numPartitions: options.partitions,
          replicationFactor: options.replicationFactor,
          configs: Object.entries(options.configs ?? {}).map(([configName, value]) => ({
            name: configName,
            value,
          })),
        },
      ],
      timeoutMs: Math.min(timeoutMs, 10_000),
    };
    const response = await waitFor(
      async () => {
        try {
          return await callUnary(this.adminClient(via), "createTopics", request, { timeoutMs: 15_000 });
        } catch (error) {
          if (isRillError(error) && error.retriable && error.errorName !== "REQUEST_TIMED_OUT")
            return undefined;
          throw error;
        }
      },
      { timeoutMs, intervalMs: POLL_INTERVAL_MS, message: `CreateTopics ${name} via ${via}` },
    );
    const result = response.topics[0];
    if (result === undefined) throw new Error(`CreateTopics ${name}: empty answer`);
    if (result.errorCode !== 0) throw RillError.fromCode(result.errorCode, result.errorMessage);
    return result;
  }

  /** Waits until every partition of `topic` has a leader in a broker's metadata, and returns them. */
  async waitForLeaders(
    topic: string,
    partitions: number,
    timeoutMs = 30_000,
    brokerId?: number,
  ): Promise<BrokerV1.PartitionMetadata__Output[]> {
    return waitFor(
      async () => {
        const metadata = await this.metadata(brokerId);
        const found = metadata.topics.find((entry) => entry.name === topic);
        if (found === undefined || found.partitions.length !== partitions) return undefined;
        return found.partitions.every((partition) => partition.leaderId >= 0) ? found.partitions : undefined;
      },
      {
        timeoutMs,
        intervalMs: POLL_INTERVAL_MS,
        message: `leaders for all ${partitions} partitions of ${topic}`,
      },
    );
  }

  /**
   * Waits until each of `brokerIds` is registered and unfenced, as the brokers' own metadata
   * shows it (every running broker's image lists them as live).
   */
  async waitForBrokersUnfenced(brokerIds: readonly number[], timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        for (const broker of this.brokers) {
          if (!this.isRunning(broker.name)) continue;
          const metadata = await this.metadata(broker.nodeId, 2_000);
          const live = new Set(metadata.brokers.map((node) => node.nodeId));
          if (!brokerIds.every((id) => live.has(id))) return false;
        }
        return true;
      },
      {
        timeoutMs,
        intervalMs: POLL_INTERVAL_MS,
        message: `brokers ${brokerIds.join(", ")} registered and unfenced`,
      },
    );
  }

  /** The last `lines` lines of a process's log (for failure messages). */
  logTail(nameOrBrokerId: string | number, lines = 40): string {
    try {
      return readFileSync(this.process(nameOrBrokerId).logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** The whole log of a process. */
  log(nameOrBrokerId: string | number): string {
    try {
      return readFileSync(this.process(nameOrBrokerId).logFile, "utf8");
    } catch {
      return "";
    }
  }

  /** Kills every process (kill -9; SIGCONT first for paused ones), closes clients, removes the temp dir. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(
      [...this.controllers, ...this.brokers].map((entry) =>
        entry.child === undefined ? undefined : this.kill(entry.name, "SIGKILL"),
      ),
    );
    for (const client of this.#brokerClients.values()) client.close();
    for (const client of this.#adminClients.values()) client.close();
    liveClusters.delete(this);
    this.network?.destroy();
    if (!this.#keepFiles) await rm(this.rootDir, { recursive: true, force: true });
  }

  /** Keep the data dirs and logs when closing (a failed run's evidence), under `rootDir`. */
  keepFilesOnClose(): void {
    this.#keepFiles = true;
  }

  /** Synchronous last resort at process exit. */
  killAllNow(): void {
    for (const entry of [...this.controllers, ...this.brokers]) {
      try {
        entry.child?.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
    this.network?.destroy();
  }
}
