import type { ServerInterceptor } from "@grpc/grpc-js";
import type { LogLevel } from "../config/common.js";
import { formatHostPort, type HostPort } from "../config/keys.js";
import { readDataDirIdentity } from "../data-dir/format.js";
import type { DataDirIdentity } from "../data-dir/identity.js";
import { type DataDirLock, lockDataDir } from "../data-dir/lock.js";
import { HealthService, overallServiceName } from "../health/health.js";
import { Lifecycle } from "../lifecycle/lifecycle.js";
import { createLogger, type Logger } from "../log/logger.js";
import { RillMetrics } from "../metrics/metrics.js";
import { rpcMetricsInterceptor } from "../metrics/rpc-metrics.js";
import { type MetricsServer, startMetricsServer } from "../metrics/server.js";

export interface ProcessRuntimeOptions {
  /** The process's role: "controller", "broker". */
  readonly name: string;
  readonly logLevel: LogLevel;
  readonly logFile?: string | undefined;
  /** Fields on every log line and labels on every metric, e.g. `{ nodeId: 1 }`. */
  readonly identityFields?: Readonly<Record<string, string | number>>;
  readonly metricsListener: HostPort;
  /** When given, the dir's identity is checked and its lock held until shutdown. */
  readonly dataDir?: {
    readonly path: string;
    readonly expectedNodeId?: number;
    readonly expectedClusterId?: string;
  };
  /** Install SIGTERM/SIGINT and uncaught-error handlers (default true; false in tests). */
  readonly installHandlers?: boolean;
  readonly hookTimeoutMs?: number;
  readonly exit?: (code: number) => void;
}

/** What every Rill process has once started; the app adds its servers and hooks. */
export interface ProcessRuntime {
  readonly logger: Logger;
  readonly metrics: RillMetrics;
  readonly metricsServer: MetricsServer;
  /** Give it to every gRPC server of the process (`createRillServer({ extra: { interceptors } })`): per-RPC metrics. */
  readonly rpcInterceptor: ServerInterceptor;
  readonly health: HealthService;
  readonly lifecycle: Lifecycle;
  readonly identity: DataDirIdentity | undefined;
  readonly lock: DataDirLock | undefined;
}

/**
 * The common start-up of a Rill process, in order: logger; lifecycle (handlers installed first so
 * a failure below is logged); data-dir identity check and lock; metrics and `/metrics`;
 * health (NOT_SERVING until the app says otherwise). Shutdown marks health NOT_SERVING first,
 * then runs the app's hooks, then closes the metrics endpoint and releases the lock last.
 * On a start-up failure, what was already started is stopped and the error is rethrown.
 */
export async function startProcessRuntime(options: ProcessRuntimeOptions): Promise<ProcessRuntime> {
  const fields = options.identityFields ?? {};
  const logger = createLogger({
    name: options.name,
    level: options.logLevel,
    file: options.logFile,
    base: fields,
  });
  const health = new HealthService({ [overallServiceName]: "NOT_SERVING" });
  const lifecycle = new Lifecycle({
    logger,
    ...(options.hookTimeoutMs === undefined ? {} : { hookTimeoutMs: options.hookTimeoutMs }),
    ...(options.exit === undefined ? {} : { exit: options.exit }),
    onShutdownStart: () => health.setAllNotServing(),
  });
  if (options.installHandlers !== false) lifecycle.install();

  let identity: DataDirIdentity | undefined;
  let lock: DataDirLock | undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    if (options.dataDir !== undefined) {
      const { path, expectedNodeId, expectedClusterId } = options.dataDir;
      identity = await readDataDirIdentity(path, {
        ...(expectedNodeId === undefined ? {} : { expectedNodeId }),
        ...(expectedClusterId === undefined ? {} : { expectedClusterId }),
      });
      const held = await lockDataDir(path);
      lock = held;
      lifecycle.onShutdown("data-dir lock", () => held.release());
    }
    const labels = Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [
        key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        String(value),
      ]),
    );
    const metrics = new RillMetrics({ defaultLabels: labels });
    const server = await startMetricsServer({
      metrics,
      listener: options.metricsListener,
      isHealthy: () => health.status() === "SERVING",
    });
    metricsServer = server;
    lifecycle.onShutdown("metrics endpoint", () => server.close());
    logger.info(
      { metrics: `${server.url}/metrics`, dataDir: options.dataDir?.path, clusterId: identity?.clusterId },
      `${options.name} runtime started; metrics on ${formatHostPort(server.address)}`,
    );
    return {
      logger,
      metrics,
      metricsServer: server,
      rpcInterceptor: rpcMetricsInterceptor(metrics),
      health,
      lifecycle,
      identity,
      lock,
    };
  } catch (error) {
    await metricsServer?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
    throw error;
  }
}
