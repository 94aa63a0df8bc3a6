/**
 * The local development cluster's shape: which processes run, on which loopback ports, with
 * which data dirs. Pure, so the layout can be tested and printed without starting anything.
 */
export type ProcessRole = "controller" | "broker";

export interface DevProcess {
  readonly role: ProcessRole;
  readonly nodeId: number;
  /** gRPC listener. */
  readonly host: string;
  readonly port: number;
  /** Prometheus `/metrics` and `/healthz`. */
  readonly metricsPort: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** The broker's rack (`broker.rack`), when the cluster is laid out over racks. */
  readonly rack?: string;
}

export interface DevTopologyOptions {
  readonly controllers: number;
  readonly brokers: number;
  readonly dataDir: string;
  readonly host: string;
  /** Controller n listens on controllerBasePort + n; brokers on brokerBasePort + index. */
  readonly controllerBasePort: number;
  readonly brokerBasePort: number;
  /** Metrics ports sit this far above each process's gRPC port. */
  readonly metricsPortOffset: number;
  /** Racks dealt to brokers in turn (broker 1 → racks[0], broker 2 → racks[1], ...); none if empty. */
  readonly racks?: readonly string[];
}

export const devDefaults: DevTopologyOptions = {
  controllers: 3,
  brokers: 3,
  dataDir: ".rill",
  host: "127.0.0.1",
  controllerBasePort: 19090,
  brokerBasePort: 19100,
  metricsPortOffset: 100,
};

/** Broker node ids start here so they never collide with controller ids (1..n). */
export const firstBrokerNodeId = 101;

export const devLimits = { controllersMax: 9, brokersMax: 32 } as const;

export function devTopology(options: DevTopologyOptions): DevProcess[] {
  const processes: DevProcess[] = [];
  for (let index = 1; index <= options.controllers; index += 1) {
    const port = options.controllerBasePort + index;
    processes.push({
      role: "controller",
      nodeId: index,
      host: options.host,
      port,
      metricsPort: port + options.metricsPortOffset,
      dataDir: `${options.dataDir}/controller-${index}`,
      logFile: `${options.dataDir}/logs/controller-${index}.log`,
    });
  }
  for (let index = 1; index <= options.brokers; index += 1) {
    const nodeId = firstBrokerNodeId + index - 1;
    const port = options.brokerBasePort + index;
    const racks = options.racks ?? [];
    const rack = racks.length === 0 ? undefined : racks[(index - 1) % racks.length];
    processes.push({
      ...(rack === undefined ? {} : { rack }),
      role: "broker",
      nodeId,
      host: options.host,
      port,
      metricsPort: port + options.metricsPortOffset,
      dataDir: `${options.dataDir}/broker-${nodeId}`,
      logFile: `${options.dataDir}/logs/broker-${nodeId}.log`,
    });
  }
  return processes;
}

/** `1@127.0.0.1:19091,2@127.0.0.1:19092,...` as `--voters` takes it. */
export function votersArgument(processes: readonly DevProcess[]): string {
  return processes
    .filter((process) => process.role === "controller")
    .map((process) => `${process.nodeId}@${process.host}:${process.port}`)
    .join(",");
}

export function addressList(processes: readonly DevProcess[], role: ProcessRole): string {
  return processes
    .filter((process) => process.role === role)
    .map((process) => `${process.host}:${process.port}`)
    .join(",");
}

/** The command-line arguments (after the CLI entry point) that start one process. */
export function startArguments(process: DevProcess, all: readonly DevProcess[]): string[] {
  const common = [
    "--node-id",
    String(process.nodeId),
    "--listen",
    `${process.host}:${process.port}`,
    "--metrics-listen",
    `${process.host}:${process.metricsPort}`,
    "--data-dir",
    process.dataDir,
  ];
  if (process.role === "controller") {
    return ["controller", "start", ...common, "--voters", votersArgument(all)];
  }
  const rack = process.rack === undefined ? [] : ["--rack", process.rack];
  return ["broker", "start", ...common, "--controllers", addressList(all, "controller"), ...rack];
}
