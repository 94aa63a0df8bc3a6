/**
 * The broker process: config, runtime (logs, metrics, health, lifecycle, data-dir identity and
 * lock), the replica manager, one gRPC server (BrokerService, ReplicationService,
 * ControllerService forwarding, health), the controller session and the metadata stream.
 *
 * Start-up order: config (log defaults validated) → runtime (refuses an unformatted or foreign
 * data dir) → replica manager (opens no log yet: each log opens with its topic's config once the
 * first image naming it arrives) → gRPC server bound → registration (retried until a controller
 * answers) → metadata stream. Health turns SERVING once the controller has unfenced the broker.
 *
 * Shutdown (SIGTERM, or `close()`), hooks in this order: controlled shutdown (bounded by
 * `controlled.shutdown.timeout.ms`) → metadata stream and heartbeats stop → gRPC server stops →
 * replica manager closes (logs flushed) → controller channels close → metrics endpoint → data-dir
 * lock. Exit code 0 when every step finished.
 */
import { join } from "node:path";
import {
  bindRillServer,
  brokerServiceDefinition,
  type CommonV1,
  controllerServiceDefinition,
  createRillServer,
  groupServiceDefinition,
  type HandlerLogger,
  isRillError,
  RillError,
  replicationServiceDefinition,
  shutdownRillServer,
  unaryHandler,
} from "@rill/protocol";
import { type FlagValue, formatHostPort, type ProcessRuntime, startProcessRuntime } from "@rill/runtime";
import type { LogConfig, StorageFileSystem } from "@rill/storage";
import { createGroupCoordinator } from "../group/start-group-coordinator.js";
import {
  type ReplicaBrokerHandlers,
  ReplicaManager,
  type ReplicaManagerOptions,
  type ReplicaReplicationHandlers,
} from "../replica/replica-manager.js";
import { resolveReplicaManagerConfig } from "../replica/replica-manager-config.js";
import { adminForwardingHandlers } from "./admin-forwarding.js";
import { type BrokerConfig, loadBrokerConfig } from "./config.js";
import { type ControlledShutdownOutcome, ControllerConnection } from "./controller-connection.js";
import { ControllerQuorumClient } from "./controller-quorum-client.js";
import { describeLogDirs } from "./describe-log-dirs.js";
import { type BrokerListeners, resolveBrokerListeners } from "./listeners.js";
import { brokerLogDefaults } from "./log-defaults.js";
import { MetadataFollower } from "./metadata-follower.js";
import { buildMetadataResponse } from "./metadata-response.js";
import { testStorageFaults } from "./test-storage-faults.js";

/** What the broker process needs of the replica manager (tests substitute a fake). */
export type ReplicaHost = Pick<
  ReplicaManager,
  | "applyMetadata"
  | "brokerHandlersFor"
  | "replicationHandlers"
  | "describePartitions"
  | "close"
  | "image"
  | "lookup"
  | "rolesChanged"
>;

export interface StartBrokerOptions {
  /** A `.properties` or `.json` config file. */
  readonly configFile?: string | undefined;
  /** Values by config key (command-line flags), highest precedence. */
  readonly values?: Readonly<Record<string, FlagValue>>;
  /** Default `process.env` (RILL_* names of the schema's keys). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Install SIGTERM/SIGINT and crash handlers (default true; false for in-process tests). */
  readonly installHandlers?: boolean;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => void;
  /** Default `ReplicaManager.open`. */
  readonly openReplicaHost?: (options: ReplicaManagerOptions) => Promise<ReplicaHost>;
}

export interface BrokerHandle {
  readonly nodeId: number;
  readonly clusterId: string;
  /** The bound gRPC address, "host:port". */
  readonly address: string;
  /** `http://host:port` of /metrics and /healthz. */
  readonly metricsUrl: string;
  readonly connection: ControllerConnection;
  readonly follower: MetadataFollower;
  readonly replicas: ReplicaHost;
  /** Resolves once the controller has unfenced the broker. */
  whenUnfenced(timeoutMs: number): Promise<void>;
  /** The same shutdown as SIGTERM, without exiting the process. */
  close(): Promise<void>;
}

/** How long the gRPC server lets calls in flight finish at shutdown before cancelling them. */
const SERVER_SHUTDOWN_GRACE_MS = 2_000;
/** Extra time for the controlled-shutdown hook beyond its own bound. */
const HOOK_MARGIN_MS = 2_000;

/** Starts a broker; rejects (after undoing what was started) when it cannot. */
export async function startBroker(options: StartBrokerOptions = {}): Promise<BrokerHandle> {
  const { values: config, sources } = loadBrokerConfig({
    configFile: options.configFile,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.values === undefined ? {} : { values: options.values }),
  });
  const listeners = resolveBrokerListeners(config);
  const logDefaults = brokerLogDefaults(config, sources);
  const nodeId = config["node.id"];
  const dataDir = config["data.dir"];
  const runtime = await startProcessRuntime({
    name: "broker",
    logLevel: config["log.level"],
    logFile: config["log.file"],
    identityFields: { nodeId },
    metricsListener: config["metrics.listener"],
    dataDir: { path: dataDir, expectedNodeId: nodeId },
    ...(options.installHandlers === undefined ? {} : { installHandlers: options.installHandlers }),
    ...(options.exit === undefined ? {} : { exit: options.exit }),
    hookTimeoutMs: config["controlled.shutdown.timeout.ms"] + HOOK_MARGIN_MS,
  });
  try {
    return await assemble(config, listeners, logDefaults, runtime, options);
  } catch (error) {
    if (runtime.lifecycle.shuttingDown) {
      // A signal arrived while the broker was starting (e.g. waiting for the controllers): not a
      // failure. The lifecycle finishes the shutdown and exits with its own code.
      await runtime.lifecycle.shutdown("stopped during start-up");
      throw new RillError("OPERATION_NOT_ATTEMPTED", "the broker was stopped while starting", {
        cause: error,
        details: { stoppedDuringStartUp: true },
      });
    }
    runtime.logger.error({ err: error }, "broker start-up failed");
    await runtime.lifecycle.shutdown("start-up failed");
    throw error;
  }
}

/** True for the error startBroker rejects with when a signal stopped it during start-up. */
export function isStoppedDuringStartUp(error: unknown): boolean {
  return isRillError(error, "OPERATION_NOT_ATTEMPTED") && error.details.stoppedDuringStartUp === true;
}

function optionalFileSystem(fileSystem: StorageFileSystem | undefined): { fileSystem?: StorageFileSystem } {
  return fileSystem === undefined ? {} : { fileSystem };
}

async function assemble(
  config: BrokerConfig,
  brokerListeners: BrokerListeners,
  logDefaults: LogConfig,
  runtime: ProcessRuntime,
  options: StartBrokerOptions,
): Promise<BrokerHandle> {
  const { logger, metrics, lifecycle, health } = runtime;
  const nodeId = config["node.id"];
  const clusterId = runtime.identity?.clusterId;
  if (clusterId === undefined) throw new Error("unreachable: the data dir identity was checked");
  const handlerOptions = { logger: logger as unknown as HandlerLogger };

  const quorum = new ControllerQuorumClient({
    addresses: config["controller.quorum.bootstrap.servers"].map(formatHostPort),
    logger: logger.child({ component: "controller-client" }),
  });
  lifecycle.onShutdown("controller channels", () => quorum.close());

  let advertised: CommonV1.Endpoint[] | undefined;
  let follower: MetadataFollower | undefined;
  const connection = new ControllerConnection({
    nodeId,
    clusterId,
    endpoints: () => {
      if (advertised === undefined) throw new Error("unreachable: registration before the server is bound");
      return advertised;
    },
    rack: config["broker.rack"] ?? null,
    quorum,
    heartbeatIntervalMs: config["broker.heartbeat.interval.ms"],
    sessionTimeoutMs: config["broker.session.timeout.ms"],
    requestTimeoutMs: config["request.timeout.ms"],
    metadataOffset: () => follower?.appliedOffset ?? -1,
    logger: logger.child({ component: "controller-connection" }),
  });

  const openReplicaHost =
    options.openReplicaHost ?? ((replicaOptions) => ReplicaManager.open(replicaOptions));
  const replicas = await openReplicaHost({
    brokerId: nodeId,
    // A folder of its own: the storage LogManager keeps its own lock file, apart from the
    // process's data-dir lock and identity at the top.
    dataDir: join(config["data.dir"], "partitions"),
    controller: connection,
    // A refused ISR proposal says the metadata log moved on without this broker: catch up now.
    onStaleMetadata: () => follower?.reconnectIfSilent(),
    logger: logger.child({ component: "replica-manager" }),
    metrics,
    ...optionalFileSystem(testStorageFaults(options.env ?? process.env, logger)),
    config: resolveReplicaManagerConfig({
      replicaLagTimeMaxMs: config["replica.lag.time.max.ms"],
      minInsyncReplicasDefault: config["min.insync.replicas"],
      log: logDefaults,
      logRetentionCheckIntervalMs: config["log.retention.check.interval.ms"],
      logCleanerBackoffMs: config["log.cleaner.backoff.ms"],
      ...(config["test.force.assertion.on.produce.topic"] === undefined
        ? {}
        : { testForceAssertionOnProduceTopic: config["test.force.assertion.on.produce.topic"] }),
      logCleanerIoMaxBytesPerSecond: config["log.cleaner.io.max.bytes.per.second"],
      logDirFreeBytesMin: config["log.dir.free.bytes.min"],
      logDirFreeCheckIntervalMs: config["log.dir.free.check.interval.ms"],
    }),
  });
  lifecycle.onShutdown("replica manager", () => replicas.close());

  follower = new MetadataFollower({
    nodeId,
    brokerEpoch: () => connection.session.brokerEpoch,
    quorum,
    logger: logger.child({ component: "metadata-follower" }),
    onApply: (image, delta) => {
      replicas.applyMetadata(image, delta);
      // Once the broker has replayed its own registration the controller can unfence it: say so now.
      const session = connection.session;
      if (session.fenced && image.brokers.get(nodeId)?.brokerEpoch === session.brokerEpoch) {
        connection.heartbeatSoon();
      }
    },
  });
  const metadataFollower = follower;

  const groups = createGroupCoordinator({
    config,
    replicas,
    sessionAlive: () => connection.sessionAlive(),
    // __consumer_offsets is created by this broker as an internal topic (a reserved name that
    // only a registered broker may create).
    createInternalTopics: (request) =>
      quorum.call(
        "createTopics",
        {
          ...request,
          internalTopicCreator: { brokerId: nodeId, brokerEpoch: connection.session.brokerEpoch },
        },
        { timeoutMs: config["request.timeout.ms"], idempotent: false },
      ),
    logger: logger.child({ component: "group-coordinator" }),
    metrics,
    handlerOptions,
  });
  lifecycle.onShutdown("group coordinator", () => groups.close());

  // Metadata is served once the image has caught up with the controllers after start-up (Kafka
  // opens its listeners only after that first catch-up): a restarted broker would otherwise answer
  // from an empty or old image, telling a client that a topic does not exist or naming old
  // leaders. Until then it answers SERVER_NOT_READY and the client asks another broker.
  let metadataServed = false;
  const metadataReady = (): boolean => {
    metadataServed ||= metadataFollower.caughtUp;
    return metadataServed;
  };
  // One gRPC server per listener, all serving the same services: the Metadata handler of each
  // answers with the addresses of its own listener (Kafka's rule).
  const bound: { name: string; address: CommonV1.Endpoint; bindAddress: string }[] = [];
  for (const listener of brokerListeners.listeners) {
    const server = createRillServer({ extra: { interceptors: [runtime.rpcInterceptor] } });
    server.addService(brokerServiceDefinition(), {
      ...(replicas.brokerHandlersFor(listener.name) as ReplicaBrokerHandlers),
      Metadata: unaryHandler(async (request) => {
        if (!metadataReady()) {
          throw new RillError(
            "SERVER_NOT_READY",
            "This broker is still loading the cluster metadata after its start; ask another broker",
          );
        }
        return buildMetadataResponse(metadataFollower.image, request, {
          clusterId,
          controllerId: quorum.activeControllerId,
          listenerName: listener.name,
        });
      }, handlerOptions),
      DescribeLogDirs: unaryHandler(
        async (request) => describeLogDirs(nodeId, replicas.describePartitions(), request),
        handlerOptions,
      ),
    });
    server.addService(replicationServiceDefinition(), {
      ...(replicas.replicationHandlers as ReplicaReplicationHandlers),
    });
    server.addService(
      controllerServiceDefinition(),
      adminForwardingHandlers({ quorum, defaultTimeoutMs: config["request.timeout.ms"], handlerOptions }),
    );
    server.addService(groupServiceDefinition(), groups.handlersFor(listener.name));
    health.addToServer(server);
    const port = await bindRillServer(server, formatHostPort(listener.bind));
    lifecycle.onShutdown(`grpc server ${listener.name}`, () =>
      shutdownRillServer(server, SERVER_SHUTDOWN_GRACE_MS),
    );
    const advertisedAddress = listener.advertised ?? { host: listener.bind.host, port };
    bound.push({
      name: listener.name,
      address: { listenerName: listener.name, host: advertisedAddress.host, port: advertisedAddress.port },
      bindAddress: formatHostPort({ host: listener.bind.host, port }),
    });
  }
  advertised = bound.map((entry) => entry.address);
  // The inter-broker listener (first): what tests and tools that start a broker connect to.
  const address = (bound[0] as (typeof bound)[number]).bindAddress;
  logger.info(
    {
      listeners: bound.map((entry) => `${entry.name}://${entry.bindAddress}`),
      advertised: advertised.map((entry) => `${entry.listenerName}://${entry.host}:${entry.port}`),
      interBrokerListenerName: brokerListeners.interBrokerListenerName,
    },
    `broker listening on ${bound.map((entry) => entry.bindAddress).join(", ")}`,
  );
  // The coordinator reads partition ends (lag) through this broker's inter-broker listener.
  const interBroker = (bound[0] as (typeof bound)[number]).address;
  groups.start(`${interBroker.host ?? ""}:${interBroker.port ?? 0}`);

  registerMetrics(runtime, connection, metadataFollower);
  connection.onStateChange((state) => {
    // Shutdown turned health off for good; a late heartbeat answer must not turn it back on.
    if (!lifecycle.shuttingDown) health.setServing("", state.brokerEpoch >= 0 && !state.fenced);
    // The controller fenced this broker (its heartbeats were lost) while the image still says it
    // is not: the image is behind, e.g. the stream it follows is stuck behind a link just healed.
    if (state.fenced && metadataFollower.image.brokers.get(nodeId)?.fenced === false) {
      metadataFollower.reconnectIfSilent();
    }
  });
  lifecycle.onShutdown("metadata stream and heartbeats", async () => {
    await metadataFollower.close();
    await connection.close();
  });

  await connection.start();
  metadataFollower.start();

  lifecycle.onShutdown(
    "controlled shutdown",
    async () => {
      const outcome: ControlledShutdownOutcome = await connection.controlledShutdown({
        timeoutMs: config["controlled.shutdown.timeout.ms"],
        giveUp: (remaining) => noOtherLeaderPossible(metadataFollower, nodeId, remaining),
      });
      logger.info({ outcome }, `controlled shutdown: ${outcome}`);
    },
    { timeoutMs: config["controlled.shutdown.timeout.ms"] + HOOK_MARGIN_MS },
  );

  logger.info({ brokerEpoch: connection.session.brokerEpoch, clusterId }, "broker started");
  return {
    nodeId,
    clusterId,
    address,
    metricsUrl: runtime.metricsServer.url,
    connection,
    follower: metadataFollower,
    replicas,
    whenUnfenced: (timeoutMs) => connection.whenUnfenced(timeoutMs),
    close: async () => {
      await lifecycle.shutdown("close");
    },
  };
}

/**
 * True when no partition the controller still names can move: none has another in-sync replica
 * on a live broker (in the broker's image), so waiting longer cannot help.
 */
function noOtherLeaderPossible(
  follower: MetadataFollower,
  nodeId: number,
  remaining: readonly CommonV1.TopicPartition__Output[],
): boolean {
  const image = follower.image;
  return remaining.every(({ topic, partition }) => {
    const registration = image.topicByName(topic)?.partitions.get(partition);
    if (registration === undefined) return true;
    return registration.isr.every((id) => id === nodeId || !image.isBrokerActive(id));
  });
}

function registerMetrics(
  runtime: ProcessRuntime,
  connection: ControllerConnection,
  follower: MetadataFollower,
): void {
  runtime.metrics.gauge({
    name: "broker_metadata_offset",
    help: "the offset of the last metadata log entry the broker has applied",
    collect() {
      this.set(follower.appliedOffset);
    },
  });
  runtime.metrics.gauge({
    name: "broker_fenced",
    help: "1 while the controller keeps this broker fenced (it leads nothing)",
    collect() {
      this.set(connection.session.fenced ? 1 : 0);
    },
  });
  runtime.metrics.gauge({
    name: "broker_epoch",
    help: "the broker epoch of the current registration (-1 before registration)",
    collect() {
      this.set(connection.session.brokerEpoch);
    },
  });
  runtime.metrics.gauge({
    name: "broker_metadata_stream_connects",
    help: "metadata streams opened since start (reconnects + 1)",
    collect() {
      this.set(follower.stats.connects);
    },
  });
}
