/**
 * One simulated controller: the real Raft core (@rill/raft) over a simulated disk, with the real
 * QuorumController on top through the MetadataLog interface, as the controller app wires them.
 *
 * The host (`SimulatedController`) owns what survives a crash: the durable Raft log (a
 * MemoryLog: a Ready is durable only at its fsync point, and a crash before it loses the Ready
 * or tears its entries). Each start is a new `ControllerProcess` (incarnation): a fresh core and
 * QuorumController that load the latest local snapshot and replay the log after it, exactly as a
 * restarted process does. A crashed incarnation never acts again.
 *
 * The process follows the Ready contract of @rill/raft's core (ready.ts): persist, send, apply,
 * advance; and the RaftClient contract the driver gives listeners: onSnapshotLoad, then onCommit
 * of normal and noop entries (config entries are not records), then onLeaderChange.
 */
import { RillError } from "@rill/protocol";
import type { SeededRandom } from "@rill/protocol/random";
import {
  type Entry,
  MemoryLog,
  type Message,
  type NodeId,
  RaftCore,
  type Ready,
  type SoftState,
} from "@rill/raft";
import type { MetadataControllerOptions } from "../controller/metadata-controller.js";
import type { MetadataImage } from "../image/metadata-image.js";
import type { CommittedEntry, LeaderAndTerm, MetadataLog, MetadataLogListener } from "../log/metadata-log.js";
import { QuorumController, type SnapshotPolicy } from "../quorum-controller.js";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "../records/codec.js";

/** Snapshot requests a process queues between two Readies; more are refused (retried later). */
export const SNAPSHOT_REQUESTS_MAX = 4;

/** Raft timing in ticks (the simulation decides how long a tick is). */
export const ELECTION_TICKS = 10;
export const HEARTBEAT_TICKS = 2;

export interface ControllerSettings {
  readonly voters: readonly NodeId[];
  /**
   * "append": `propose` resolves once the entries are appended (the MetadataLog contract's
   * minimum); "commit": once they commit, rejecting INDETERMINATE on a leadership loss, as
   * @rill/raft's RaftClient does. Seeds alternate, so both paths of QuorumController run.
   */
  readonly proposeResolves: "append" | "commit";
  readonly snapshotPolicy: SnapshotPolicy;
  /** Entries kept in the log before a snapshot's index when compacting (followers catch up from it). */
  readonly entriesKeptAfterSnapshot: number;
  readonly maxEntriesBytesPerMessage: number;
  readonly maxInflightMessages: number;
  readonly maxSnapshotChunkBytes: number;
  readonly controller: MetadataControllerOptions;
  /** Test-only bug: snapshots leave out one topic (to show the checker catches a bad snapshot). */
  readonly snapshotLosesATopic: boolean;
}

/** What a controller tells the simulation; the simulation checks and counts. */
export interface ControllerHooks {
  nowMs(): number;
  nowStep(): number;
  sendRaft(message: Message): void;
  /** Every committed entry a process applies, before its QuorumController sees it. */
  onCommittedEntry(nodeId: NodeId, entry: Entry): void;
  /** The committed image of a process changed (after a commit or a snapshot load). */
  onImageChanged(process: ControllerProcess): void;
  onSnapshotLoaded(nodeId: NodeId, source: "local" | "leader"): void;
  onSnapshotTaken(nodeId: NodeId): void;
  trace(line: string): void;
}

interface SnapshotRequest {
  readonly index: number;
  readonly data: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: RillError) => void;
}

interface InflightProposal {
  readonly term: number;
  readonly resolve: (position: { index: number; term: number }) => void;
  readonly reject: (error: RillError) => void;
}

export class ControllerProcess implements MetadataLog {
  readonly core: RaftCore;
  readonly quorum: QuorumController;
  alive = true;
  #listener: MetadataLogListener | undefined;
  #pendingWrite: { ready: Ready; fsyncAtStep: number } | undefined;
  #announced: LeaderAndTerm = { leaderId: null, term: 0 };
  #role: SoftState["role"] = "follower";
  readonly #inflight = new Map<number, InflightProposal>();
  readonly #snapshotRequests: SnapshotRequest[] = [];
  #lastImage: MetadataImage | undefined;

  readonly #disk: MemoryLog;
  readonly #settings: ControllerSettings;
  readonly #random: SeededRandom;
  readonly #hooks: ControllerHooks;
  constructor(
    readonly nodeId: NodeId,
    readonly incarnation: number,
    disk: MemoryLog,
    settings: ControllerSettings,
    random: SeededRandom,
    hooks: ControllerHooks,
  ) {
    this.#disk = disk;
    this.#settings = settings;
    this.#random = random;
    this.#hooks = hooks;
    const snapshot = disk.snapshot();
    this.core = new RaftCore({
      id: nodeId,
      electionTicks: ELECTION_TICKS,
      heartbeatTicks: HEARTBEAT_TICKS,
      log: disk,
      random: () => random.next(),
      preVote: true,
      checkQuorum: true,
      maxEntriesBytesPerMessage: settings.maxEntriesBytesPerMessage,
      maxInflightMessages: settings.maxInflightMessages,
      maxSnapshotChunkBytes: settings.maxSnapshotChunkBytes,
      applied: snapshot?.metadata.index ?? 0,
    });
    this.quorum = new QuorumController({
      nodeId,
      log: this,
      clock: () => hooks.nowMs(),
      controller: { ...settings.controller, seed: random.nextUint32() },
      snapshotPolicy: settings.snapshotPolicy,
    });
    if (snapshot !== undefined) {
      this.#requireListener().onSnapshotLoad({
        index: snapshot.metadata.index,
        term: snapshot.metadata.term,
        data: snapshot.data,
      });
      hooks.onSnapshotLoaded(nodeId, "local");
      this.#reportImage();
    }
  }

  // ---- MetadataLog (what the QuorumController calls) ----

  register(listener: MetadataLogListener): void {
    if (this.#listener !== undefined) throw new Error("sim: one listener per controller process");
    this.#listener = listener;
  }

  async propose(records: readonly Uint8Array[]): Promise<{ index: number; term: number }> {
    if (!this.alive) throw new RillError("SERVER_NOT_READY", "sim: the controller process crashed");
    let last: { index: number; term: number } | undefined;
    for (const [position, data] of records.entries()) {
      const result = this.core.propose(data);
      if (!result.ok) {
        // As @rill/raft's driver maps refusals: nothing appended is NOT_CONTROLLER (or
        // throttling); a refusal after some records were appended is indeterminate.
        if (position > 0) throw new RillError("INDETERMINATE", `sim: refused after ${position} records`);
        if (result.reason === "too-many-uncommitted")
          throw new RillError("THROTTLING_QUOTA_EXCEEDED", "sim: too many uncommitted entries");
        throw new RillError("NOT_CONTROLLER", `sim: proposal refused (${result.reason})`, {
          details: { leaderId: this.#announced.leaderId, term: this.#announced.term },
        });
      }
      last = { index: result.index, term: result.term };
    }
    if (last === undefined) throw new RillError("INVALID_REQUEST", "sim: nothing to propose");
    if (this.#settings.proposeResolves === "append") return last;
    const position = last;
    return new Promise((resolve, reject) => {
      if (this.#inflight.has(position.index)) throw new Error(`sim: two proposals at ${position.index}`);
      this.#inflight.set(position.index, { term: position.term, resolve, reject });
    });
  }

  saveSnapshot(snapshot: { index: number; data: Uint8Array }): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#snapshotRequests.length >= SNAPSHOT_REQUESTS_MAX) {
        reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "sim: too many snapshot requests"));
        return;
      }
      // Taken after the current Ready is advanced: the core only snapshots applied entries.
      const data = this.#settings.snapshotLosesATopic ? withoutFirstTopic(snapshot.data) : snapshot.data;
      this.#snapshotRequests.push({ index: snapshot.index, data, resolve, reject });
    });
  }

  // ---- the host loop ----

  /** Takes a Ready when there is one, and carries it out once its fsync point is reached. */
  driveDisk(): void {
    if (!this.alive) return;
    const nowStep = this.#hooks.nowStep();
    if (this.#pendingWrite === undefined) {
      if (!this.core.hasReady()) return;
      const ready = this.core.ready();
      this.#pendingWrite = {
        ready,
        fsyncAtStep: ready.mustSync ? nowStep + this.#random.int(0, 2) : nowStep,
      };
    }
    if (this.#pendingWrite.fsyncAtStep > nowStep) return;
    const ready = this.#pendingWrite.ready;
    this.#pendingWrite = undefined;
    // 1. persist (the fsync point)
    if (ready.snapshot !== undefined) this.#disk.applySnapshot(ready.snapshot);
    this.#disk.append(ready.entries);
    if (ready.hardState !== undefined) this.#disk.setHardState(ready.hardState);
    // 2. send what is now durable
    for (const message of ready.messages) this.#hooks.sendRaft(message);
    // 3. apply
    if (ready.softState !== undefined) this.#changeRole(ready.softState);
    if (ready.snapshot !== undefined) this.#loadLeaderSnapshot(ready);
    this.#apply(ready.committedEntries);
    this.#announceLeader();
    // 4. advance
    this.core.advance(ready);
    this.#takeRequestedSnapshots();
    this.#reportImage();
  }

  /** The pending Ready's entries, for the crash model (a torn write keeps a prefix). */
  get unsyncedEntries(): readonly Entry[] {
    const ready = this.#pendingWrite?.ready;
    return ready === undefined || ready.snapshot !== undefined ? [] : ready.entries;
  }

  #requireListener(): MetadataLogListener {
    if (this.#listener === undefined) throw new Error("sim: no listener registered");
    return this.#listener;
  }

  #changeRole(softState: SoftState): void {
    const wasLeader = this.#role === "leader";
    this.#role = softState.role;
    if (wasLeader && softState.role !== "leader") {
      this.#rejectInflight(() => true, "sim: leadership lost after appending; the records may still commit");
    }
  }

  #loadLeaderSnapshot(ready: Ready): void {
    const snapshot = ready.snapshot;
    if (snapshot === undefined) return;
    this.#requireListener().onSnapshotLoad({
      index: snapshot.metadata.index,
      term: snapshot.metadata.term,
      data: snapshot.data,
    });
    this.#rejectInflight(
      (index) => index <= snapshot.metadata.index,
      "sim: replaced by a snapshot; the records may have committed",
    );
    this.#hooks.onSnapshotLoaded(this.nodeId, "leader");
  }

  #apply(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const records: CommittedEntry[] = [];
    for (const entry of entries) {
      this.#hooks.onCommittedEntry(this.nodeId, entry);
      if (entry.type !== "config") records.push({ index: entry.index, term: entry.term, data: entry.data });
    }
    if (records.length > 0) this.#requireListener().onCommit(records);
    for (const entry of entries) {
      const proposal = this.#inflight.get(entry.index);
      if (proposal === undefined) continue;
      this.#inflight.delete(entry.index);
      if (proposal.term === entry.term) proposal.resolve({ index: entry.index, term: entry.term });
      else proposal.reject(new RillError("INDETERMINATE", "sim: the entry was replaced by another leader's"));
    }
  }

  #rejectInflight(matches: (index: number) => boolean, message: string): void {
    for (const [index, proposal] of [...this.#inflight]) {
      if (!matches(index)) continue;
      this.#inflight.delete(index);
      proposal.reject(new RillError("INDETERMINATE", message));
    }
  }

  #announceLeader(): void {
    const status = this.core.status();
    const current: LeaderAndTerm = {
      leaderId: status.leaderId === 0 ? null : status.leaderId,
      term: status.term,
    };
    if (current.leaderId === this.#announced.leaderId && current.term === this.#announced.term) return;
    this.#announced = current;
    this.#hooks.trace(`controller ${this.nodeId} learns leader ${current.leaderId} in term ${current.term}`);
    this.#requireListener().onLeaderChange(current);
  }

  #takeRequestedSnapshots(): void {
    for (const request of this.#snapshotRequests.splice(0)) {
      const current = this.#disk.snapshot();
      if (current !== undefined && request.index <= current.metadata.index) {
        request.resolve();
        continue;
      }
      const metadata = this.core.trySnapshotMetadata(request.index);
      if (metadata === undefined) {
        request.reject(new RillError("INVALID_REQUEST", `sim: snapshot at ${request.index} superseded`));
        continue;
      }
      this.#disk.createSnapshot({ metadata, data: request.data });
      this.#disk.compact(
        Math.max(this.#disk.firstIndex() - 1, request.index - this.#settings.entriesKeptAfterSnapshot),
      );
      this.#hooks.onSnapshotTaken(this.nodeId);
      request.resolve();
    }
  }

  #reportImage(): void {
    const image = this.quorum.image;
    if (image === this.#lastImage) return;
    this.#lastImage = image;
    this.#hooks.onImageChanged(this);
  }
}

/** The durable part of a controller, across crashes and restarts. */
export class SimulatedController {
  readonly disk: MemoryLog;
  process: ControllerProcess | undefined;
  incarnations = 0;
  crashedAtStep = 0;
  nextTickAtStep: number;

  readonly #settings: ControllerSettings;
  readonly #random: SeededRandom;
  readonly #hooks: ControllerHooks;
  constructor(
    readonly nodeId: NodeId,
    settings: ControllerSettings,
    random: SeededRandom,
    hooks: ControllerHooks,
    firstTickAtStep: number,
  ) {
    this.#settings = settings;
    this.#random = random;
    this.#hooks = hooks;
    this.disk = new MemoryLog({ voters: settings.voters, learners: [] });
    this.nextTickAtStep = firstTickAtStep;
  }

  get address(): string {
    return controllerAddress(this.nodeId);
  }

  start(): ControllerProcess {
    if (this.process !== undefined) throw new Error(`sim: controller ${this.nodeId} is running`);
    this.incarnations++;
    this.process = new ControllerProcess(
      this.nodeId,
      this.incarnations,
      this.disk,
      this.#settings,
      this.#random.fork(),
      this.#hooks,
    );
    return this.process;
  }

  /**
   * kill -9: the process stops; a Ready not yet at its fsync point is lost, or (a torn write)
   * a prefix of its entries reached the disk without the hard state, which is written last.
   * Returns whether a write was torn.
   */
  crash(): boolean {
    const process = this.process;
    if (process === undefined) return false;
    const unsynced = process.unsyncedEntries;
    let torn = false;
    if (unsynced.length > 0 && this.#random.chance(0.5)) {
      // Some (or all) of the entries, never the hard state: it is written last.
      this.disk.append(unsynced.slice(0, this.#random.int(1, unsynced.length)));
      torn = true;
    }
    process.alive = false;
    this.process = undefined;
    this.crashedAtStep = this.#hooks.nowStep();
    return torn;
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
