/**
 * A deterministic simulation of the controller quorum: 3 controllers, each the real
 * QuorumController over the production Raft driver and durable log (@rill/raft's RaftNode and
 * DurableRaftStorage, through the production RaftMetadataLog adapter) with a simulated disk, on a
 * simulated network that drops, delays, reorders and partitions; controllers crash (losing or
 * tearing unsynced writes) and restart from their durable log and snapshots. N simulated brokers
 * register, heartbeat, follow the metadata, stall, die, come back, shut down in a controlled way
 * and send AlterPartition (some stale); an admin creates and deletes topics, toggles unclean
 * election and runs preferred-leader elections. Time is a simulated clock; every choice comes
 * from the seed, so a seed replays exactly.
 *
 * After every event the SimulationChecker verifies safety (see simulation-checker.ts). Then a
 * liveness phase heals everything and requires, within a bound, an active controller, every
 * broker registered and unfenced, every partition led, and every controller caught up.
 *
 * Time, the drivers' task queue and the disks are the Raft simulation's (@rill/raft/sim): each
 * step advances the simulated clock and then settles every driver task and promise continuation
 * it started, so each step's work runs in a fixed order and the run stays a function of the seed.
 */
import { isRillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { SeededRandom } from "@rill/protocol/random";
import type { Message, NodeId } from "@rill/raft";
import { SimScheduler } from "@rill/raft/sim";
import { NO_LEADER } from "../records/metadata-record.js";
import { ControllerClient } from "./controller-client.js";
import { type ControllerRequest, executeRequest } from "./controller-requests.js";
import { imageFingerprint } from "./image-fingerprint.js";
import { type Counters, emptyCounters } from "./sim-counters.js";
import type { SimMessage } from "./sim-messages.js";
import { SimulatedAdmin } from "./simulated-admin.js";
import { brokerAddress, SimulatedBroker } from "./simulated-broker.js";
import {
  type ControllerHooks,
  type ControllerProcess,
  type ControllerSettings,
  controllerAddress,
  SimulatedController,
} from "./simulated-controller.js";
import { SimulatedNetwork } from "./simulated-network.js";
import { SimulationChecker, SimulationViolation, violation } from "./simulation-checker.js";

export { COUNTER_NAMES, type CounterName, type Counters, emptyCounters } from "./sim-counters.js";

export interface MetadataSimOptions {
  readonly seed: number;
  /** Simulated brokers (default 5). */
  readonly brokers?: number;
  /** Steps of the chaos phase (default 3,000: 30 simulated seconds). */
  readonly chaosSteps?: number;
  /** Steps the liveness phase may take (default 2,000: 20 simulated seconds). */
  readonly livenessSteps?: number;
  /** Chance per step that a live controller crashes (default: one of 0.0005, 0.001, 0.003 by seed). */
  readonly crashRate?: number;
  /** Receives a line per notable event when set. */
  readonly trace?: (line: string) => void;
  /** Test-only bugs to inject, to show the checker catches them. */
  readonly faults?: SimulationFaults;
}

export interface SimulationFaults {
  /** The controller takes an AlterPartition's epochs as current: stale requests are accepted. */
  readonly acceptStaleAlterPartition?: boolean;
  /** Controller snapshots leave out one topic. */
  readonly snapshotLosesATopic?: boolean;
}

export interface MetadataSimResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly counters: Counters;
  /** The final committed state and offset, to show two runs of a seed are the same run. */
  readonly finalState: string;
}

/** Simulated time per step. */
export const STEP_MS = 10;
/** A Raft tick every 5 steps (50 ms): elections after 0.5–1 s, as the default 1 s scaled down. */
const RAFT_TICK_STEPS = 5;
/** The active controller's session check runs every 100 ms. */
const CONTROLLER_TICK_STEPS = 10;
/** broker.session.timeout.ms and the heartbeat interval, scaled down from 9 s and 2 s. */
const SESSION_TIMEOUT_MS = 1_500;
const HEARTBEAT_INTERVAL_STEPS = 30;
const REQUEST_TIMEOUT_STEPS = 100;
const LEADER_BALANCE_INTERVAL_MS = 3_000;
const CONTROLLER_COUNT = 3;
const ADMIN_ADDRESS = "admin";

export class MetadataSimulation {
  readonly counters = emptyCounters();
  readonly #random: SeededRandom;
  readonly #scheduler = new SimScheduler();
  readonly #network: SimulatedNetwork<SimMessage>;
  readonly #checker: SimulationChecker;
  readonly #controllers = new Map<NodeId, SimulatedController>();
  readonly #brokers: SimulatedBroker[] = [];
  readonly #clients = new Map<string, ControllerClient>();
  readonly #admin: SimulatedAdmin;
  #step = 0;
  #partitionUntilStep = 0;
  /** Failures seen inside promise continuations, raised after the drain. */
  #failure: unknown;
  #highestReadyTerm = 0;
  readonly #readyControllerOfTerm = new Map<number, NodeId>();
  readonly #crashRate: number;
  readonly #staleAlterPartitionChance: number;

  readonly #options: MetadataSimOptions;
  constructor(options: MetadataSimOptions) {
    this.#options = options;
    this.#random = new SeededRandom(options.seed);
    const random = this.#random;
    this.#network = new SimulatedNetwork(random.fork(), {
      dropRate: random.pick([0, 0.01, 0.05]),
      duplicateRate: random.pick([0, 0.01]),
      reorderRate: random.pick([0, 0.02, 0.1]),
    });
    const crashRate = random.pick([0.0005, 0.001, 0.003]);
    this.#crashRate = options.crashRate ?? crashRate;
    this.#staleAlterPartitionChance = random.pick([0.2, 0.5]);
    this.#checker = new SimulationChecker(
      (name) => this.counters[name]++,
      (line) => this.#trace(line),
    );
    const voters = Array.from({ length: CONTROLLER_COUNT }, (_, i) => nodeId(i + 1));
    const settings: ControllerSettings = {
      voters,
      snapshotPolicy: {
        recordsBetweenSnapshotsMax: random.pick([10, 40, 200]),
        bytesBetweenSnapshotsMax: 1024 * 1024,
      },
      tickIntervalMs: RAFT_TICK_STEPS * STEP_MS,
      tickJitterMs: STEP_MS,
      segmentBytesMax: random.pick([512, 4096, 64 * 1024]),
      maxEntriesBytesPerMessage: random.pick([64, 1024, 64 * 1024]),
      maxInflightMessages: random.pick([1, 4, 64]),
      maxSnapshotChunkBytes: random.pick([128, 1024, 64 * 1024]),
      controller: {
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        leaderImbalanceCheckIntervalMs: LEADER_BALANCE_INTERVAL_MS,
      },
      snapshotLosesATopic: options.faults?.snapshotLosesATopic === true,
    };
    const hooks = this.#controllerHooks();
    for (const voter of voters) {
      const controller = new SimulatedController(voter, settings, random.fork(), hooks);
      this.#controllers.set(voter, controller);
    }
    const transport = {
      nowStep: () => this.#step,
      send: (from: string, to: string, message: SimMessage) => this.#send(from, to, message),
    };
    for (let id = 1; id <= (options.brokers ?? 5); id++) {
      const brokerId = nodeId(id);
      const client = new ControllerClient(
        brokerAddress(brokerId),
        voters,
        transport,
        random.fork(),
        REQUEST_TIMEOUT_STEPS,
      );
      this.#clients.set(client.address, client);
      const broker = new SimulatedBroker(
        brokerId,
        client,
        random.fork(),
        { heartbeatIntervalSteps: HEARTBEAT_INTERVAL_STEPS, registerRetrySteps: 50 },
        {
          nowStep: () => this.#step,
          count: (name) => this.counters[name]++,
          onAlterPartitionAcked: (request, response) =>
            this.#checker.onAlterPartitionAcked(request, response),
          onControlledShutdownAcked: (brokerId) => this.#checker.onControlledShutdownAcked(brokerId),
          onRegistrationAcked: (brokerId, incarnationId, brokerEpoch) =>
            this.#checker.onRegistrationAcked(brokerId, incarnationId, brokerEpoch),
          trace: (line) => this.#trace(line),
        },
      );
      this.#brokers.push(broker);
    }
    const adminClient = new ControllerClient(
      ADMIN_ADDRESS,
      voters,
      transport,
      random.fork(),
      REQUEST_TIMEOUT_STEPS,
    );
    this.#clients.set(ADMIN_ADDRESS, adminClient);
    this.#admin = new SimulatedAdmin(adminClient, random.fork(), {
      count: (name, by = 1) => {
        this.counters[name] += by;
      },
      onTopicCreationAcked: (name, topicId) => this.#checker.onTopicCreationAcked(name, topicId),
      onTopicDeletionAcked: (name, topicId) => this.#checker.onTopicDeletionAcked(name, topicId),
      trace: (line) => this.#trace(line),
    });
  }

  #controllerHooks(): ControllerHooks {
    return {
      scheduler: this.#scheduler,
      nowMs: () => this.#scheduler.now,
      nowStep: () => this.#step,
      sendRaft: (message: Message) =>
        this.#send(controllerAddress(message.from), controllerAddress(message.to), { kind: "raft", message }),
      onCommittedEntry: (nodeId, entry) => this.#checker.onCommittedEntry(nodeId, entry),
      onImageChanged: (process) =>
        this.#checker.onControllerImage(process.nodeId, process.incarnation, process.quorum.image),
      onSnapshotLoaded: (nodeId, source) => {
        this.counters[source === "local" ? "snapshotsLoadedAtRestart" : "snapshotsInstalledFromLeader"]++;
        this.#trace(`controller ${nodeId} loaded a snapshot (${source})`);
      },
      onSnapshotTaken: () => {
        this.counters.snapshotsTaken++;
      },
      onFailure: (error) => {
        this.#failure ??= error;
      },
    };
  }

  #trace(line: string): void {
    this.#options.trace?.(`[${this.#step}] ${line}`);
  }

  #send(from: string, to: string, message: SimMessage): void {
    // Raft tolerates duplicates; an RPC over a connection does not duplicate.
    this.#network.send(from, to, message, this.#step, { duplicable: message.kind === "raft" });
  }

  async run(): Promise<MetadataSimResult> {
    try {
      for (const controller of this.#controllers.values()) await controller.format();
      for (const controller of this.#controllers.values()) await controller.start();
      for (const broker of this.#brokers) broker.restartAtStep = this.#random.int(0, 50);
      const chaosSteps = this.#options.chaosSteps ?? 3_000;
      for (let i = 0; i < chaosSteps; i++) {
        await this.#chaos();
        await this.#advance();
      }
      await this.#liveness(this.#options.livenessSteps ?? 2_000);
      return this.#result(undefined);
    } catch (error) {
      return this.#result(error);
    } finally {
      // Nothing of this run may act after it: every process dies with it.
      for (const controller of this.#controllers.values()) {
        if (controller.process !== undefined) controller.process.life.alive = false;
      }
    }
  }

  #result(error: unknown): MetadataSimResult {
    this.counters.messagesDropped = this.#network.dropped;
    for (const client of this.#clients.values()) {
      this.counters.requestsRedirected += client.redirects;
      this.counters.requestsTimedOut += client.timeouts;
    }
    const finalState = `${this.#checker.committedImage.offset}\n${imageFingerprint(this.#checker.committedImage)}`;
    if (error === undefined)
      return { seed: this.#options.seed, ok: true, counters: this.counters, finalState };
    const text =
      error instanceof SimulationViolation
        ? `${error.name}: ${error.message}`
        : error instanceof Error
          ? `${error.name}: ${error.message}\n${error.stack ?? ""}`
          : String(error);
    return {
      seed: this.#options.seed,
      ok: false,
      error: `${text}\n(at step ${this.#step})`,
      counters: this.counters,
      finalState,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // One step of simulated time

  async #advance(): Promise<void> {
    this.#step++;
    this.counters.steps++;
    // The drivers' ticks, fsync completions and timeouts due within this step.
    for (let ms = 0; ms < STEP_MS; ms++) this.#scheduler.step();
    if (this.#step % CONTROLLER_TICK_STEPS === 0) {
      for (const controller of this.#controllers.values()) {
        controller.process?.quorum.tick().catch((error: unknown) => this.#onOperationError(error));
      }
    }
    for (const delivery of this.#network.takeDue(this.#step))
      this.#deliver(delivery.from, delivery.to, delivery.message);
    for (const client of this.#clients.values()) client.expire();
    for (const broker of this.#brokers) {
      broker.step();
      if (broker.isUp && this.#random.chance(0.1)) this.#followMetadata(broker);
    }
    // Let the drivers and every continuation of this step's events run (QuorumController is
    // promise-based).
    await this.#scheduler.settle();
    if (this.#failure !== undefined) throw this.#failure;
    this.#observeActiveControllers();
  }

  #deliver(from: string, to: string, message: SimMessage): void {
    if (message.kind === "response") {
      this.#clients.get(to)?.onResponse(message.callId, message.outcome);
      return;
    }
    const controller = this.#controllers.get(nodeId(Number(to.slice(1))));
    const process = controller?.process;
    if (process === undefined) return; // a crashed controller hears nothing
    if (message.kind === "raft") {
      process.receiveRaft?.(message.message);
      return;
    }
    const reply = (outcome: SimMessage & { kind: "response" }) => {
      // A crashed process sends nothing, even for work it finished.
      if (process.alive) this.#send(to, from, outcome);
    };
    executeRequest(process.quorum, this.#injectFaults(process, message.request)).then(
      (response) => reply({ kind: "response", callId: message.callId, outcome: { kind: "ok", response } }),
      (error: unknown) => {
        if (!isRillError(error)) {
          this.#onOperationError(error);
          return;
        }
        reply({ kind: "response", callId: message.callId, outcome: { kind: "error", error } });
      },
    );
  }

  #injectFaults(process: ControllerProcess, request: ControllerRequest): ControllerRequest {
    if (this.#options.faults?.acceptStaleAlterPartition !== true || request.type !== "alterPartition") {
      return request;
    }
    const current = process.quorum.latestImage.partition(request.request.topicId, request.request.partition);
    if (current === undefined) return request;
    const { leaderEpoch, partitionEpoch } = current;
    return { type: "alterPartition", request: { ...request.request, leaderEpoch, partitionEpoch } };
  }

  /** An operation failed with something other than a RillError: a bug in the controller. */
  #onOperationError(error: unknown): void {
    if (isRillError(error)) return;
    this.#failure ??= error;
  }

  /** The broker replays the committed metadata of a controller it can hear from. */
  #followMetadata(broker: SimulatedBroker): void {
    const controller = this.#random.pick([...this.#controllers.values()]);
    const process = controller.process;
    if (process === undefined || this.#network.isBlocked(controller.address, broker.address)) return;
    broker.follow(process.quorum.image);
  }

  /** Counts activations and failovers; at most one controller is ready in a term. */
  #observeActiveControllers(): void {
    for (const controller of this.#controllers.values()) {
      const quorum = controller.process?.quorum;
      if (quorum === undefined || !quorum.isReady) continue;
      const term = quorum.leaderAndTerm.term;
      const other = this.#readyControllerOfTerm.get(term);
      if (other !== undefined && other !== controller.nodeId) {
        violation(`controllers ${other} and ${controller.nodeId} both active in term ${term}`);
      }
      this.#readyControllerOfTerm.set(term, controller.nodeId);
      if (term > this.#highestReadyTerm) {
        if (this.#highestReadyTerm > 0) this.counters.controllerFailovers++;
        this.#highestReadyTerm = term;
        this.counters.controllerActivations++;
        this.#trace(`controller ${controller.nodeId} active in term ${term}`);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Faults and workload

  async #chaos(): Promise<void> {
    const random = this.#random;
    if (this.#network.blockedLinks > 0 && this.#step >= this.#partitionUntilStep) {
      this.#network.heal();
      this.#trace("heal");
    }
    if (this.#network.blockedLinks === 0 && random.chance(0.003)) this.#partition();
    if (random.chance(this.#crashRate)) this.#crashController();
    for (const controller of this.#controllers.values()) {
      if (
        controller.process === undefined &&
        this.#step - controller.crashedAtStep > 20 &&
        random.chance(0.02)
      ) {
        await this.#restartController(controller);
      }
    }
    if (random.chance(0.0005)) this.#transferLeadership();
    for (const broker of this.#brokers) {
      if (broker.isUp && random.chance(0.0006)) {
        this.counters.brokerDeaths++;
        broker.die(this.#step + random.int(50, 600));
      } else if (broker.phase === "registered" && !broker.isStalled() && random.chance(0.0008)) {
        this.counters.brokerStalls++;
        broker.stall(this.#step + random.int(50, 400));
      } else if (broker.phase === "registered" && random.chance(0.0004)) {
        this.counters.controlledShutdownsRequested++;
        broker.requestShutdown();
      }
      if (random.chance(0.01)) broker.maybeAlterPartition(this.#staleAlterPartitionChance);
    }
    this.#admin.maybeAct(0.02);
  }

  #partition(): void {
    const random = this.#random;
    const controllers = [...this.#controllers.values()].map((controller) => controller.address);
    const clients = [...this.#clients.keys()];
    const kind = random.int(0, 4);
    const victim = random.pick(controllers);
    if (kind === 0) {
      // One controller cut off from the other controllers (clients still reach it).
      for (const other of controllers) {
        if (other === victim) continue;
        this.#network.block(victim, other);
        this.#network.block(other, victim);
      }
    } else if (kind === 1) {
      // One controller cut off from everyone.
      for (const other of [...controllers, ...clients]) {
        if (other === victim) continue;
        this.#network.block(victim, other);
        this.#network.block(other, victim);
      }
    } else if (kind === 2) {
      // Asymmetric: the controller is heard by nobody but hears everyone.
      for (const other of [...controllers, ...clients])
        if (other !== victim) this.#network.block(victim, other);
    } else if (kind === 3) {
      // One broker cannot reach any controller (it is fenced while it keeps running).
      const broker = random.pick(this.#brokers).address;
      for (const controller of controllers) {
        this.#network.block(broker, controller);
        this.#network.block(controller, broker);
      }
    } else {
      // Clients split from a subset of the controllers.
      const side = controllers.filter(() => random.chance(0.5));
      for (const controller of side) {
        for (const client of clients) {
          this.#network.block(controller, client);
          this.#network.block(client, controller);
        }
      }
    }
    if (this.#network.blockedLinks === 0) return;
    this.counters.partitions++;
    this.#partitionUntilStep = this.#step + random.int(50, 400);
    this.#trace(`partition kind ${kind}: ${this.#network.describeBlocked()}`);
  }

  #crashController(): void {
    const live = [...this.#controllers.values()].filter((controller) => controller.process !== undefined);
    if (live.length === 0) return;
    const controller = this.#random.pick(live);
    if (controller.crash()) this.counters.tornWrites++;
    this.counters.controllerCrashes++;
    this.#trace(`controller ${controller.nodeId} crashes`);
  }

  async #restartController(controller: SimulatedController): Promise<void> {
    await controller.start();
    this.counters.controllerRestarts++;
    this.#trace(`controller ${controller.nodeId} restarts (incarnation ${controller.incarnations})`);
  }

  #transferLeadership(): void {
    for (const controller of this.#controllers.values()) {
      const raft = controller.process?.raft;
      if (raft === undefined || raft.status().role !== "leader") continue;
      const to = this.#random.pick([...this.#controllers.keys()].filter((id) => id !== controller.nodeId));
      raft.transferLeadership(to);
      this.counters.leadershipTransfersRequested++;
      this.#trace(`controller ${controller.nodeId} transfers leadership to ${to}`);
      return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Liveness

  async #liveness(stepsMax: number): Promise<void> {
    this.#network.heal();
    this.#network.faults.dropRate = 0;
    this.#network.faults.duplicateRate = 0;
    this.#network.faults.reorderRate = 0;
    this.#trace("liveness: heal everything");
    for (const controller of this.#controllers.values()) {
      if (controller.process === undefined) await this.#restartController(controller);
    }
    for (const broker of this.#brokers) {
      broker.stalledUntilStep = 0;
      if (!broker.isUp) broker.restartAtStep = this.#step;
    }
    const started = this.#step;
    while (this.#step - started < stepsMax) {
      await this.#advance();
      const settled = this.#settledController();
      if (settled !== undefined) {
        this.counters.livenessSteps = this.#step - started;
        this.#checker.checkAcknowledgedTopics(settled.quorum.image);
        for (const [topicId, name] of this.#checker.acknowledgedTopics) {
          if (!this.#checker.isRemoved(topicId) && !settled.quorum.image.topicsById.has(topicId)) {
            violation(`acknowledged topic ${name} (${topicId}) missing after healing`);
          }
        }
        return;
      }
    }
    violation(`liveness: not settled ${stepsMax} steps after healing: ${this.#describeState()}`);
  }

  /**
   * The active controller once the cluster settled: it is ready, every broker is registered and
   * unfenced in its committed image, every partition with a live in-sync replica has a leader,
   * and every controller has applied the same offset.
   */
  #settledController(): ControllerProcess | undefined {
    const processes = [...this.#controllers.values()].map((controller) => controller.process);
    const active = processes.find((process) => process?.quorum.isReady);
    if (active === undefined) return undefined;
    const image = active.quorum.image;
    for (const broker of this.#brokers) {
      if (broker.phase !== "registered") return undefined;
      const registration = image.brokers.get(broker.brokerId);
      if (registration?.brokerEpoch !== broker.brokerEpoch || !image.isBrokerActive(broker.brokerId))
        return undefined;
    }
    for (const topic of image.topicsById.values()) {
      for (const partition of topic.partitions.values()) {
        if (partition.leader === NO_LEADER && partition.isr.some((id) => image.isBrokerActive(id)))
          return undefined;
      }
    }
    if (processes.some((process) => process?.quorum.image.offset !== image.offset)) return undefined;
    return active;
  }

  #describeState(): string {
    const controllers = [...this.#controllers.values()].map((controller) => {
      const process = controller.process;
      if (process === undefined) return `c${controller.nodeId}: down`;
      const status = process.raft.status();
      const quorum = process.quorum;
      return `c${controller.nodeId}: ${status.role} t${status.term} commit ${status.commitIndex} image ${quorum.image.offset} ready=${quorum.isReady}`;
    });
    const brokers = this.#brokers.map(
      (broker) =>
        `b${broker.brokerId}: ${broker.phase} epoch ${broker.brokerEpoch} knows ${broker.knownImage.offset}`,
    );
    const image = this.#checker.committedImage;
    const registrations = [...image.brokers.values()].map(
      (broker) =>
        `${broker.brokerId}:e${broker.brokerEpoch}${broker.fenced ? " fenced" : ""}${broker.inControlledShutdown ? " shutting-down" : ""}`,
    );
    const offline: string[] = [];
    for (const topic of image.topicsById.values()) {
      for (const [index, partition] of topic.partitions) {
        if (partition.leader === NO_LEADER)
          offline.push(`${topic.name}-${index} isr [${partition.isr.join(",")}]`);
      }
    }
    return `${controllers.join("; ")} | ${brokers.join("; ")} | registered ${registrations.join(" ")} | offline ${offline.join(", ") || "none"}`;
  }
}

/** Runs one seed. */
export function runMetadataSimulation(options: MetadataSimOptions): Promise<MetadataSimResult> {
  return new MetadataSimulation(options).run();
}

export function rerunCommand(seed: number): string {
  return `npx pnpm@9.15.9 --filter @rill/metadata sim --seed ${seed} --verbose`;
}
