/**
 * One simulated controller, wired as the controller app wires it: the production Raft driver
 * (`RaftNode`: its Ready loop persist → send → apply) over the production durable log
 * (`DurableRaftStorage`) on a simulated disk, and the real QuorumController on top through the
 * production `RaftMetadataLog` adapter. Time, the drivers' task queue and the disks are the Raft
 * simulation's (@rill/raft/sim: `SimScheduler`, `SimDisk`); Raft messages travel on the metadata
 * simulation's network, with the RPCs.
 *
 * The host (`SimulatedController`) owns what survives a crash: its disk. Each start is a new
 * incarnation: a fresh RaftNode that reopens the log from the disk (loading the latest local
 * snapshot and replaying the log after it, as a restarted process does) and a fresh
 * QuorumController. A crashed incarnation never acts again: its timers and tasks never run, its
 * file handles fail, and messages to it are lost.
 */
import type { SeededRandom } from "@rill/protocol/random";
import {
  DurableRaftStorage,
  type Entry,
  type Message,
  type NodeId,
  type RaftClient,
  RaftNode,
  type RaftTransport,
} from "@rill/raft";
import { type Incarnation, SimDisk, type SimScheduler } from "@rill/raft/sim";
import type { MetadataControllerOptions } from "../controller/metadata-controller.js";
import type { MetadataImage } from "../image/metadata-image.js";
import { RaftMetadataLog } from "../log/raft-metadata-log.js";
import { QuorumController, type SnapshotPolicy } from "../quorum-controller.js";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "../records/codec.js";

/** Raft timing in ticks (the simulation decides how long a tick is). */
export const ELECTION_TICKS = 10;
export const HEARTBEAT_TICKS = 2;
/** Where each controller keeps its Raft log (on its own simulated disk). */
const DATA_DIR = "/metadata-log";

export interface ControllerSettings {
  readonly voters: readonly NodeId[];
  readonly snapshotPolicy: SnapshotPolicy;
  readonly tickIntervalMs: number;
  /** How far each tick interval drifts (± ms), as separate machines' clocks do. */
  readonly tickJitterMs: number;
  readonly segmentBytesMax: number;
  readonly maxEntriesBytesPerMessage: number;
  readonly maxInflightMessages: number;
  readonly maxSnapshotChunkBytes: number;
  readonly controller: MetadataControllerOptions;
  /** Test-only bug: snapshots leave out one topic (to show the checker catches a bad snapshot). */
  readonly snapshotLosesATopic: boolean;
}

/** What a controller tells the simulation; the simulation checks and counts. */
export interface ControllerHooks {
  readonly scheduler: SimScheduler;
  nowMs(): number;
  nowStep(): number;
  sendRaft(message: Message): void;
  /** Every committed entry a process applies, before its QuorumController sees it. */
  onCommittedEntry(nodeId: NodeId, entry: Entry): void;
  /** The committed image of a process changed (after each commit or snapshot load). */
  onImageChanged(process: ControllerProcess): void;
  onSnapshotLoaded(nodeId: NodeId, source: "local" | "leader"): void;
  onSnapshotTaken(nodeId: NodeId): void;
  /** A failure of the code under simulation (a live driver failed): ends the run. */
  onFailure(error: unknown): void;
}

/** One incarnation of a controller process. */
export class ControllerProcess {
  readonly quorum: QuorumController;
  /** The Raft network's delivery to this process (set by the driver at start). */
  receiveRaft: ((message: Message) => void) | undefined;
  #lastImage: MetadataImage | undefined;

  constructor(
    readonly nodeId: NodeId,
    readonly incarnation: number,
    readonly life: Incarnation,
    readonly raft: RaftNode,
    quorum: (log: RaftMetadataLog) => QuorumController,
    metadataLog: RaftMetadataLog,
  ) {
    this.quorum = quorum(metadataLog);
  }

  get alive(): boolean {
    return this.life.alive;
  }

  /** True (once) when the committed image changed since the last call. */
  takeImageChange(): boolean {
    const image = this.quorum.image;
    if (image === this.#lastImage) return false;
    this.#lastImage = image;
    return true;
  }
}

/** The durable part of a controller, across crashes and restarts. */
export class SimulatedController {
  readonly disk: SimDisk;
  process: ControllerProcess | undefined;
  incarnations = 0;
  crashedAtStep = 0;

  readonly #settings: ControllerSettings;
  readonly #random: SeededRandom;
  readonly #hooks: ControllerHooks;
  constructor(
    readonly nodeId: NodeId,
    settings: ControllerSettings,
    random: SeededRandom,
    hooks: ControllerHooks,
  ) {
    this.#settings = settings;
    this.#random = random;
    this.#hooks = hooks;
    this.disk = new SimDisk(hooks.scheduler, random.fork());
  }

  get address(): string {
    return controllerAddress(this.nodeId);
  }

  /** Formats the disk as a founding member of the quorum (once, before the first start). */
  async format(): Promise<void> {
    await DurableRaftStorage.format(this.disk, DATA_DIR, {
      nodeId: this.nodeId,
      bootstrapConfig: { voters: [...this.#settings.voters], learners: [] },
    });
  }

  async start(): Promise<ControllerProcess> {
    if (this.process !== undefined) throw new Error(`sim: controller ${this.nodeId} is running`);
    this.incarnations++;
    const life: Incarnation = { alive: true };
    const settings = this.#settings;
    const hooks = this.#hooks;
    const random = this.#random.fork();
    this.disk.owner = undefined; // recovery runs at once, before the process takes any input
    const storage = await DurableRaftStorage.open({
      dir: DATA_DIR,
      fileSystem: this.disk,
      segmentBytesMax: settings.segmentBytesMax,
    });
    this.disk.owner = life;
    const clock = hooks.scheduler.clock(life, random.fork(), settings.tickJitterMs);
    let process: ControllerProcess | undefined;
    const transport: RaftTransport<Message> = {
      send: (messages) => {
        for (const message of messages) hooks.sendRaft(message);
      },
      setReceiver: (receiver) => {
        if (process !== undefined) process.receiveRaft = receiver;
        else pendingReceiver = receiver;
      },
      close: async () => {},
    };
    let pendingReceiver: ((message: Message) => void) | undefined;
    const raft = new RaftNode({
      nodeId: this.nodeId,
      storage,
      transport,
      clock,
      schedule: (task) => hooks.scheduler.defer(life, task),
      observer: {
        onCoreChanged: () => {},
        onReady: () => {},
        onPersisted: () => {},
        // Listeners see only normal and noop entries, the checker sees the config entries here.
        onApplied: (entries) => {
          for (const entry of entries)
            if (entry.type === "config") hooks.onCommittedEntry(this.nodeId, entry);
        },
      },
      seed: random.nextUint32(),
      tickIntervalMs: settings.tickIntervalMs,
      core: {
        electionTicks: ELECTION_TICKS,
        heartbeatTicks: HEARTBEAT_TICKS,
        preVote: true,
        checkQuorum: true,
        maxEntriesBytesPerMessage: settings.maxEntriesBytesPerMessage,
        maxInflightMessages: settings.maxInflightMessages,
        maxSnapshotChunkBytes: settings.maxSnapshotChunkBytes,
      },
      onFatal: (error) => {
        if (life.alive) hooks.onFailure(error);
      },
    });
    const running = { value: false };
    // Registered before the QuorumController's listener: the checker sees each committed entry
    // before the image built from it.
    raft.register({
      onCommit: (entries) => {
        for (const entry of entries) hooks.onCommittedEntry(this.nodeId, entry);
      },
      onLeaderChange: () => {},
      onSnapshotLoad: () => {
        if (life.alive) hooks.onSnapshotLoaded(this.nodeId, running.value ? "leader" : "local");
      },
    });
    const metadataLog = new RaftMetadataLog(this.#snapshotting(raft, life), { clock });
    process = new ControllerProcess(
      this.nodeId,
      this.incarnations,
      life,
      raft,
      (log) =>
        new QuorumController({
          nodeId: this.nodeId,
          log,
          clock: () => hooks.nowMs(),
          controller: { ...settings.controller, seed: random.nextUint32() },
          snapshotPolicy: settings.snapshotPolicy,
        }),
      metadataLog,
    );
    process.receiveRaft = pendingReceiver;
    const started = process;
    // After the QuorumController's listener, so it sees each image the controller just built.
    const reportImage = (): void => {
      if (life.alive && started.takeImageChange()) hooks.onImageChanged(started);
    };
    raft.register({ onCommit: reportImage, onLeaderChange: () => {}, onSnapshotLoad: reportImage });
    raft.start(); // loads the local snapshot, if any
    running.value = true;
    this.process = process;
    return process;
  }

  /** The RaftClient the adapter sees: counts stored snapshots, and injects the snapshot fault. */
  #snapshotting(raft: RaftNode, life: Incarnation): RaftClient {
    const hooks = this.#hooks;
    const losesATopic = this.#settings.snapshotLosesATopic;
    return {
      nodeId: raft.nodeId,
      propose: (records) => raft.propose(records),
      register: (listener) => raft.register(listener),
      readIndex: () => raft.readIndex(),
      leaderAndTerm: () => raft.leaderAndTerm(),
      createSnapshot: () => raft.createSnapshot(),
      saveSnapshot: async (snapshot) => {
        const data = losesATopic ? withoutFirstTopic(snapshot.data) : snapshot.data;
        const metadata = await raft.saveSnapshot({ index: snapshot.index, data });
        if (life.alive) hooks.onSnapshotTaken(this.nodeId);
        return metadata;
      },
      latestSnapshot: () => raft.latestSnapshot(),
      close: () => raft.close(),
    };
  }

  /**
   * kill -9: the process stops; writes not yet covered by an fsync are lost, or (a torn write)
   * part of one segment's unsynced append reaches the disk. Returns whether a write was torn.
   */
  crash(): boolean {
    const process = this.process;
    if (process === undefined) return false;
    process.life.alive = false;
    this.process = undefined;
    this.crashedAtStep = this.#hooks.nowStep();
    return this.disk.crash(this.disk.hasUnsyncedWrites() && this.#random.chance(0.5));
  }
}

export function controllerAddress(nodeId: NodeId): string {
  return `c${nodeId}`;
}

/** The snapshot's records without its first topic (the snapshotLosesATopic fault). */
function withoutFirstTopic(data: Uint8Array): Uint8Array {
  const records = decodeMetadataRecordBatch(data);
  const topic = records.find((record) => record.type === "Topic");
  if (topic === undefined) return data;
  return encodeMetadataRecordBatch(
    records.filter(
      (record) => record !== topic && !(record.type === "Partition" && record.topicId === topic.topicId),
    ),
  );
}
