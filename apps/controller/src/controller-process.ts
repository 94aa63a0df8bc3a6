/**
 * The controller process: one member of the Raft metadata quorum, assembled in order:
 *
 *   config (file < RILL_* env < flags, validated) → runtime (JSON logs, lifecycle, data-dir
 *   identity check and lock, /metrics) → metadata log (Raft storage under <data.dir>/metadata-log)
 *   → RaftNode + gRPC transport → QuorumController → one gRPC server on `listeners` carrying
 *   RaftService (peer traffic), ControllerService and grpc.health.v1 → health SERVING →
 *   the session-check timer.
 *
 * The data dir must have been formatted with `rill storage format` (meta.properties with this
 * node id); an unformatted, foreign or corrupt dir is refused, never formatted here. Inside it,
 * the Raft log directory is created on the first start with the configured voters as its
 * bootstrap membership (as KRaft creates __cluster_metadata-0), or, for a controller joining a
 * running quorum (controller.quorum.bootstrap.servers), with the quorum's own bootstrap
 * membership: it is then an observer (a learner once added) that never campaigns until
 * `rill controllers add` makes it a voter. After that the membership is the one in the Raft log
 * (its latest config entry, or the snapshot's): `rill controllers add|remove` change it, and a
 * restart keeps it whatever `controller.quorum.voters` says. Members' addresses come from the log
 * too (an added member's endpoint travels in its config entry); `controller.quorum.voters` is
 * only the fallback for the initial voters.
 *
 * Shutdown (SIGTERM/SIGINT, or `close()`): health NOT_SERVING, stop the timer, end metadata
 * streams, stop the gRPC server (1 s grace), stop Raft (pending proposals answer
 * SERVER_NOT_READY/INDETERMINATE), then the runtime releases the metrics port and the lock.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type MetadataImage, QuorumController, RaftMetadataLog } from "@rill/metadata";
import {
  bindRillServer,
  controllerServiceDefinition,
  createRillServer,
  type RaftV1,
  RillError,
  serviceDefinitionByName,
  shutdownRillServer,
  unaryHandler,
} from "@rill/protocol";
import { systemClock } from "@rill/protocol/time";
import {
  DurableRaftStorage,
  GrpcRaftTransport,
  type MembershipConfig,
  RAFT_SERVICE_NAME,
  RaftNode,
  type RaftNodeStatus,
  raftMessageCodec,
  statusToWire,
} from "@rill/raft";
import {
  crash,
  describeConfig,
  type FlagValue,
  type Logger,
  type ProcessRuntime,
  startProcessRuntime,
} from "@rill/runtime";
import { NodeFileSystem } from "@rill/storage";
import { BrokerLivenessWatcher, type WatchedBroker } from "./broker-liveness.js";
import {
  addressOf,
  type ControllerConfig,
  controllerConfigSchema,
  loadControllerConfig,
  type Voter,
} from "./config.js";
import { type ControllerMetrics, registerControllerMetrics } from "./controller-metrics.js";
import { joiningBootstrapMembership, probeController } from "./controller-probe.js";
import { ControllerService } from "./controller-service.js";
import { ActiveControllerForwarder } from "./forwarder.js";
import { QuorumAddressBook } from "./quorum-address-book.js";
import { QuorumStatusReader } from "./quorum-status.js";
import { raftMetadataStreamSource } from "./raft-metadata-stream-source.js";
import { addVoter } from "./voter-addition.js";

/** The name of the Raft log directory inside the data dir. */
export const METADATA_LOG_DIR = "metadata-log";
/** How long a joining controller asks controller.quorum.bootstrap.servers before it gives up. */
const JOIN_BOOTSTRAP_TIMEOUT_MS = 30_000;
/** The longest AddVoter waits for the new member to catch up: within one admin attempt (10 s). */
const CATCH_UP_TIMEOUT_MS_MAX = 5_000;

export interface StartControllerOptions {
  /** A `.properties` or `.json` config file. */
  readonly configFile?: string | undefined;
  /** Environment to read RILL_* keys from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Config values from command-line flags, keyed by config key (`{ "node.id": "1" }`). */
  readonly flags?: Readonly<Record<string, FlagValue>>;
  /** Install SIGTERM/SIGINT and uncaught-error handlers (a process: true; in-process tests: false). */
  readonly installSignalHandlers?: boolean;
  /** What a signal-triggered shutdown calls at the end; default process.exit. */
  readonly exit?: (code: number) => void;
}

export interface ControllerHandle {
  readonly nodeId: number;
  readonly clusterId: string;
  /** The gRPC listener, host:port. */
  readonly address: string;
  /** The Prometheus endpoint, http://host:port/metrics. */
  readonly metricsUrl: string;
  readonly config: ControllerConfig;
  readonly quorum: QuorumController;
  readonly logger: Logger;
  status(): RaftNodeStatus;
  /** Stops the controller (the same steps as SIGTERM, without exiting the process). */
  close(): Promise<void>;
}

export async function startController(options: StartControllerOptions = {}): Promise<ControllerHandle> {
  const loaded = loadControllerConfig({
    configFile: options.configFile,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.flags === undefined ? {} : { flags: options.flags }),
  });
  const config = loaded.values;
  const nodeId = config["node.id"];
  const runtime = await startProcessRuntime({
    name: "controller",
    logLevel: config["log.level"],
    logFile: config["log.file"],
    identityFields: { nodeId },
    metricsListener: config["metrics.listener"],
    dataDir: { path: config["data.dir"], expectedNodeId: nodeId },
    installHandlers: options.installSignalHandlers ?? true,
    ...(options.exit === undefined ? {} : { exit: options.exit }),
  });
  runtime.logger.info({ config: describeConfig(controllerConfigSchema, loaded) }, "controller configuration");
  try {
    return await assemble(config, runtime);
  } catch (error) {
    runtime.logger.error({ err: error }, "controller start-up failed");
    await runtime.lifecycle.shutdown("start-up failed");
    throw error;
  }
}

async function openMetadataLog(
  config: ControllerConfig,
  logger: Logger,
  clusterId: string,
): Promise<DurableRaftStorage> {
  const nodeId = config["node.id"];
  const dir = join(config["data.dir"], METADATA_LOG_DIR);
  // The metadata log's files go through storage's file layer, as the partition logs' do.
  const fileSystem = new NodeFileSystem();
  if (!(await DurableRaftStorage.isFormatted(fileSystem, dir))) {
    const bootstrapConfig = await bootstrapMembership(config, clusterId, logger);
    await mkdir(dir, { recursive: true });
    // Refuses a non-empty dir without a meta file (a half-written or foreign log): never overwritten.
    await DurableRaftStorage.format(fileSystem, dir, { nodeId, bootstrapConfig });
    logger.info({ dir, ...bootstrapConfig }, "created the metadata log");
  }
  const storage = await DurableRaftStorage.open({ dir, fileSystem });
  const problem =
    storage.meta.nodeId !== nodeId ? `belongs to node ${storage.meta.nodeId}, not ${nodeId}` : undefined;
  if (problem !== undefined) {
    await storage.close();
    throw new RillError("INVALID_DATA_DIR", `metadata log ${dir} ${problem}`, { details: { dataDir: dir } });
  }
  if (storage.recovery.tornBytesTruncated > 0) {
    logger.warn({ dir, ...storage.recovery }, "metadata log: truncated a torn tail after a crash");
  }
  return storage;
}

/**
 * The membership a new metadata log starts from: the configured voters for a controller of the
 * initial quorum; for a joining controller (controller.quorum.bootstrap.servers), the quorum's own
 * bootstrap membership with its members' addresses, so that it replays the log's config entries
 * from the same base and is no voter of it (an observer until AddVoter).
 */
async function bootstrapMembership(
  config: ControllerConfig,
  clusterId: string,
  logger: Logger,
): Promise<MembershipConfig> {
  const voters = config["controller.quorum.voters"];
  if (voters !== undefined)
    return { voters: voters.map((voter) => voter.nodeId).sort((a, b) => a - b), learners: [] };
  const servers = config["controller.quorum.bootstrap.servers"] ?? [];
  const joined = await joiningBootstrapMembership(servers, clusterId, JOIN_BOOTSTRAP_TIMEOUT_MS);
  logger.info({ answeredBy: joined.answeredBy }, "joining a running quorum as an observer");
  return joined.membership;
}

async function assemble(config: ControllerConfig, runtime: ProcessRuntime): Promise<ControllerHandle> {
  const { logger, lifecycle } = runtime;
  const nodeId = config["node.id"];
  const configuredVoters: readonly Voter[] = config["controller.quorum.voters"] ?? [];
  const clusterId = runtime.identity?.clusterId;
  if (clusterId === undefined) throw new Error("controller: the runtime did not read the data dir identity");

  const storage = await openMetadataLog(config, logger, clusterId);
  const transport = new GrpcRaftTransport({ selfId: nodeId, peers: [], codec: raftMessageCodec });
  // Peers come from the membership in the log (endpoints) with the configured voters as fallback.
  const addressBook = new QuorumAddressBook(configuredVoters, (peers) => transport.updatePeers(peers));
  const tickMs = config["raft.tick.ms"];
  const node = new RaftNode({
    nodeId,
    storage,
    transport,
    tickIntervalMs: tickMs,
    core: { electionTicks: Math.round(config["raft.election.timeout.ms"] / tickMs), heartbeatTicks: 1 },
    proposeTimeoutMs: config["raft.propose.timeout.ms"],
    onMembershipChange: (membership) => {
      addressBook.update(membership);
      logger.info({ ...membership }, "metadata quorum membership changed");
    },
    // A storage or invariant failure: state after it is suspect, and everything is crash-safe.
    // The process edge's one fatal path (a fatal line, exit code 1), as the broker's.
    onFatal: (error: unknown) => crash("metadata log failed", error),
  });
  // The membership in force comes from the log; every voter of it needs an address to be reached.
  addressBook.update(node.status().membership);
  if (addressBook.unaddressed.length > 0 && configuredVoters.length === 0) {
    // A joining controller starts from the quorum's first membership, which may name members
    // removed since (no address is known for them); replaying the log drops them.
    logger.warn({ unaddressed: addressBook.unaddressed }, "members without a known address");
  } else if (addressBook.unaddressed.length > 0) {
    await storage.close();
    throw new RillError(
      "INVALID_DATA_DIR",
      `the metadata log's members include ${addressBook.unaddressed.join(",")}, whose address neither the log nor controller.quorum.voters gives`,
      { details: { dataDir: join(config["data.dir"], METADATA_LOG_DIR) } },
    );
  }
  let controllerMetrics: ControllerMetrics | undefined;
  const metadataLog = new RaftMetadataLog(node, {
    clock: systemClock,
    nowMs: () => performance.now(),
    onProposalCommitted: (seconds) => controllerMetrics?.commitLatency.observe(seconds),
  });
  const quorum = new QuorumController({
    nodeId,
    log: metadataLog,
    clock: Date.now,
    controller: {
      sessionTimeoutMs: config["broker.session.timeout.ms"],
      defaultNumPartitions: config["num.partitions"],
      defaultReplicationFactor: config["default.replication.factor"],
      autoLeaderRebalanceEnable: config["auto.leader.rebalance.enable"],
      leaderImbalancePercentMax: config["leader.imbalance.per.broker.percentage"],
      leaderImbalanceCheckIntervalMs: config["leader.imbalance.check.interval.seconds"] * 1_000,
      seed: Math.floor(Math.random() * 2 ** 31),
    },
    snapshotPolicy: {
      recordsBetweenSnapshotsMax: config["metadata.log.max.records.between.snapshots"],
      bytesBetweenSnapshotsMax: config["metadata.log.max.record.bytes.between.snapshots"],
    },
  });
  node.register({
    onCommit: () => {},
    onLeaderChange: (leader) =>
      logger.info(
        { leaderId: leader.leaderId, term: leader.term },
        leader.leaderId === nodeId
          ? "this controller leads the metadata quorum"
          : "metadata quorum leader changed",
      ),
    onSnapshotLoad: (snapshot) =>
      logger.info(
        { index: snapshot.metadata.index, term: snapshot.metadata.term, bytes: snapshot.data.byteLength },
        "loaded a metadata snapshot",
      ),
  });
  let raftStarted = false;
  const statusReader = new QuorumStatusReader(
    nodeId,
    () => addressBook.members,
    () => node.status(),
  );
  const forwarder = new ActiveControllerForwarder(nodeId, () => addressBook.members);
  const service = new ControllerService({
    nodeId,
    clusterId,
    quorum,
    get voters() {
      return addressBook.members;
    },
    highWatermark: () => node.status().commitIndex,
    readBarrier: async () => {
      await node.readIndex();
    },
    describeControllers: () => statusReader.describe(),
    removeVoter: (voterId) => node.proposeConfigChange({ type: "remove-node", nodeId: voterId }),
    addVoter: (voterId, address) =>
      addVoter(
        {
          clusterId,
          membership: () => node.status().membership,
          commitIndex: () => node.status().commitIndex,
          matchIndexOf: (id) => node.matchIndexOf(id),
          proposeConfigChange: (change) => node.proposeConfigChange(change),
          probe: probeController,
          catchUpTimeoutMs: Math.min(CATCH_UP_TIMEOUT_MS_MAX, config["controller.forward.timeout.ms"] / 2),
        },
        voterId,
        address,
      ),
    forward: async (method, request, leaderId, timeoutMs, receivedAtMs) => {
      try {
        const response = await forwarder.forward(method, request, leaderId, timeoutMs, receivedAtMs);
        controllerMetrics?.forwarded.inc({ outcome: "ok" });
        return response;
      } catch (error) {
        controllerMetrics?.forwarded.inc({ outcome: "error" });
        throw error;
      }
    },
    streamHooks: { onSnapshot: () => controllerMetrics?.streamSnapshots.inc() },
    metadataSource: raftMetadataStreamSource({ storage, node, quorum, metadataLog }),
    requestTimeoutMs: config["controller.forward.timeout.ms"],
    logger: { error: (fields, message) => logger.error(fields, message) },
  });
  controllerMetrics = registerControllerMetrics(runtime.metrics, {
    quorum,
    status: () => node.status(),
    metadataStreams: () => service.openStreams,
  });

  const server = createRillServer({ extra: { interceptors: [runtime.rpcInterceptor] } });
  server.addService(serviceDefinitionByName(RAFT_SERVICE_NAME), {
    Stream: transport.streamHandler,
    GetStatus: unaryHandler<RaftV1.GetStatusRequest__Output, RaftV1.GetStatusResponse>(async () =>
      statusToWire(
        {
          ...node.status(),
          // Every member with the address this controller reaches it at (a joining controller
          // takes the addresses of the quorum's initial members from here).
          membership: {
            ...node.status().membership,
            endpoints: addressBook.members.map((member) => ({
              nodeId: member.nodeId,
              address: addressOf(member),
            })),
          },
        },
        storage.meta.bootstrapConfig,
      ),
    ),
    Propose: unaryHandler(async () => {
      throw new RillError("INVALID_REQUEST", "controllers take metadata writes through ControllerService");
    }),
  });
  server.addService(controllerServiceDefinition(), service.handlers());
  runtime.health.addToServer(server);

  const livenessWatcher = new BrokerLivenessWatcher({
    brokersToWatch: () => (quorum.isReady ? brokersToWatch(quorum.image) : []),
    fence: (brokerId, brokerEpoch) =>
      quorum.run((image) => quorum.controller.fenceBroker(image, brokerId, brokerEpoch)),
    logger,
  });

  let tickTimer: NodeJS.Timeout | undefined;
  lifecycle.onShutdown("controller", async () => {
    if (tickTimer !== undefined) clearInterval(tickTimer);
    livenessWatcher.close();
    service.close();
    await shutdownRillServer(server, 1_000);
    forwarder.close();
    statusReader.close();
    metadataLog.close();
    if (raftStarted) await node.close();
    else await storage.close();
  });

  const listener = addressOf(config.listeners);
  await bindRillServer(server, listener);
  node.start();
  raftStarted = true;

  // The session check (fencing brokers that stopped heartbeating) runs on the active controller;
  // a tick that is still waiting for its commit is not overlapped.
  let ticking = false;
  tickTimer = setInterval(() => {
    if (config["broker.crash.detection.enable"]) livenessWatcher.sync();
    if (ticking || !quorum.isReady) return;
    ticking = true;
    quorum
      .tick()
      .catch((error: unknown) => logger.debug({ err: error }, "controller tick did not complete"))
      .finally(() => {
        ticking = false;
      });
  }, config["controller.tick.interval.ms"]);
  tickTimer.unref();

  runtime.health.setServing("", true);
  runtime.health.setServing("rill.controller.v1.ControllerService", true);
  logger.info(
    {
      listener,
      members: addressBook.members.map((member) => `${member.nodeId}@${addressOf(member)}`),
      role: node.status().role,
      clusterId,
    },
    `controller ${nodeId} listening on ${listener}`,
  );

  return {
    nodeId,
    clusterId,
    address: listener,
    metricsUrl: `${runtime.metricsServer.url}/metrics`,
    config,
    quorum,
    logger,
    status: () => node.status(),
    close: async () => {
      await lifecycle.shutdown("close");
    },
  };
}

/** The unfenced brokers and the listener each registered (its first endpoint). */
function brokersToWatch(image: MetadataImage): WatchedBroker[] {
  const brokers: WatchedBroker[] = [];
  for (const broker of image.brokers.values()) {
    const endpoint = broker.endpoints[0];
    if (broker.fenced || endpoint === undefined) continue;
    brokers.push({
      brokerId: broker.brokerId,
      brokerEpoch: broker.brokerEpoch,
      host: endpoint.host,
      port: endpoint.port,
    });
  }
  return brokers;
}
