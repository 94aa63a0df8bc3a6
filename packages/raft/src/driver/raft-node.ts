/**
 * The driver: the only asynchronous part of a Raft member. It owns the clock that ticks the pure
 * core, the transport, the storage and the listeners (the state machine), and runs the Ready loop
 * of core/ready.ts:
 *
 *   feed inputs (messages, then ticks, proposals, reads) → ready() → persist (one fsync) → send
 *   messages → load a received snapshot → apply committed entries → answer reads → advance()
 *   → snapshot the state machine every N applied entries/bytes and compact the log.
 *
 * One loop runs at a time; inputs that arrive while it awaits the disk wait in bounded queues and
 * are fed on the next turn, so the core is never touched between ready() and advance().
 */
import { randomInt } from "node:crypto";
import { RillError } from "@rill/protocol";
import { SeededRandom } from "@rill/protocol/random";
import type { CommitPosition, LeaderAndTerm, RaftClient, RaftListener } from "../client/raft-client.js";
import type { RaftConfig } from "../core/config.js";
import type { Message } from "../core/messages.js";
import type { ProposeResult } from "../core/raft-core.js";
import { RaftCore } from "../core/raft-core.js";
import type { Ready } from "../core/ready.js";
import type {
  ConfigChange,
  Entry,
  MembershipConfig,
  NodeId,
  Role,
  Snapshot,
  SnapshotMetadata,
} from "../core/types.js";
import type { RaftStorage } from "../storage/raft-storage.js";
import type { RaftTransport } from "../transport/transport.js";
import { type DriverClock, systemClock } from "./clock.js";
import { coalesceAppends } from "./coalesce-appends.js";

/** Core settings the host may choose; the rest (id, log, random, applied) the driver supplies. */
export type CoreOptions = Partial<Omit<RaftConfig, "id" | "log" | "random" | "applied">>;

export interface RaftNodeOptions {
  readonly nodeId: NodeId;
  readonly storage: RaftStorage;
  readonly transport: RaftTransport<Message>;
  readonly core?: CoreOptions;
  /** Seed of the core's generator; default random. */
  readonly seed?: number;
  readonly clock?: DriverClock;
  /** One core tick per interval; election timeout = tickIntervalMs × electionTicks. Default 100. */
  readonly tickIntervalMs?: number;
  /** propose() calls waiting to be fed to the core before new ones are refused. Default 4096. */
  readonly proposalQueueMax?: number;
  /** Messages received while the loop is busy before new ones are dropped. Default 16384. */
  readonly inboundMessagesMax?: number;
  /** readIndex() calls pending before new ones are refused. Default 4096. */
  readonly readsPendingMax?: number;
  /** After this long a proposal is answered INDETERMINATE. Default 10 s. */
  readonly proposeTimeoutMs?: number;
  /** After this long a read is answered REQUEST_TIMED_OUT. Default 5 s. */
  readonly readIndexTimeoutMs?: number;
  /** Snapshot the state machine after this many applied entries. Default 10 000. */
  readonly snapshotEveryEntries?: number;
  /** ... or after this many applied entry bytes. Default 64 MiB. */
  readonly snapshotEveryBytes?: number;
  /**
   * The largest record propose() accepts (MESSAGE_TOO_LARGE above). Default 1 MiB, SPEC's max
   * message; it must stay well under the transport's gRPC message limit, as an entry travels whole.
   */
  readonly recordBytesMax?: number;
  /** Called when storage, the core or a listener fails; default: crash the process. */
  readonly onFatal?: (error: unknown) => void;
  /**
   * Told the membership in force whenever it changes (a config entry appended or truncated, a
   * snapshot installed), before the messages of that turn are sent: the host points its
   * transport at the members' endpoints here, so a leader reaches a learner it has just added.
   */
  readonly onMembershipChange?: (membership: MembershipConfig) => void;
}

/** A member's view, for status RPCs, tests and logs. */
export interface RaftNodeStatus {
  readonly nodeId: NodeId;
  readonly leaderId: NodeId;
  readonly term: number;
  readonly role: Role;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  /** The membership in force: the latest config entry in this member's log, committed or not. */
  readonly membership: MembershipConfig;
}

export const CORE_DEFAULTS = {
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  maxEntriesBytesPerMessage: 1024 * 1024,
  maxInflightMessages: 256,
  maxSnapshotChunkBytes: 1024 * 1024,
  maxUncommittedEntries: 65_536,
} as const;

interface QueuedProposal {
  readonly records: readonly Uint8Array[];
  /** Set for a membership change (then `records` is empty). */
  readonly change?: ConfigChange;
  readonly resolve: (position: CommitPosition) => void;
  readonly reject: (error: unknown) => void;
}

interface InflightProposal {
  readonly term: number;
  readonly resolve: (position: CommitPosition) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: unknown;
}

interface PendingRead {
  readonly context: Uint8Array;
  /** Known once the core answers; the read completes when applied reaches it. */
  index: number | undefined;
  readonly resolve: (index: number) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: unknown;
}

export class RaftNode implements RaftClient {
  readonly nodeId: NodeId;
  private readonly core: RaftCore;
  private readonly storage: RaftStorage;
  private readonly transport: RaftTransport<Message>;
  private readonly clock: DriverClock;
  private readonly listeners = new Set<RaftListener>();
  private readonly limits: Required<
    Pick<
      RaftNodeOptions,
      | "tickIntervalMs"
      | "proposalQueueMax"
      | "inboundMessagesMax"
      | "readsPendingMax"
      | "proposeTimeoutMs"
      | "readIndexTimeoutMs"
      | "snapshotEveryEntries"
      | "snapshotEveryBytes"
      | "recordBytesMax"
    >
  >;
  private readonly electionTicks: number;
  private readonly entriesBytesPerMessageMax: number;
  private readonly onFatal: (error: unknown) => void;
  private readonly onMembershipChange: ((membership: MembershipConfig) => void) | undefined;
  private membership: MembershipConfig;

  private readonly inbound: Message[] = [];
  private pendingTicks = 0;
  private readonly proposalQueue: QueuedProposal[] = [];
  private readonly inflight = new Map<number, InflightProposal>();
  private readonly readQueue: PendingRead[] = [];
  private readonly reads = new Map<string, PendingRead>();
  private readonly snapshotWaiters: ((metadata: SnapshotMetadata | undefined) => void)[] = [];
  private readonly snapshotPushes: {
    readonly index: number;
    readonly data: Uint8Array;
    readonly resolve: (metadata: SnapshotMetadata) => void;
    readonly reject: (error: unknown) => void;
  }[] = [];
  private nextReadId = 1;

  private role: Role = "follower";
  private leaderId: NodeId = 0;
  private term: number;
  private commitIndex: number;
  private appliedIndex: number;
  private snapshotIndex: number;
  private bytesSinceSnapshot = 0;
  private announced: LeaderAndTerm = { leaderId: 0, term: 0 };

  private tickHandle: unknown;
  private pumpScheduled = false;
  private pumping: Promise<void> | undefined;
  private started = false;
  private closed = false;
  private failed: unknown;

  /** Builds a member over opened storage; register listeners, then `start()`. */
  constructor(options: RaftNodeOptions) {
    this.nodeId = options.nodeId;
    this.storage = options.storage;
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.limits = {
      tickIntervalMs: options.tickIntervalMs ?? 100,
      proposalQueueMax: options.proposalQueueMax ?? 4096,
      inboundMessagesMax: options.inboundMessagesMax ?? 16_384,
      readsPendingMax: options.readsPendingMax ?? 4096,
      proposeTimeoutMs: options.proposeTimeoutMs ?? 10_000,
      readIndexTimeoutMs: options.readIndexTimeoutMs ?? 5_000,
      snapshotEveryEntries: options.snapshotEveryEntries ?? 10_000,
      snapshotEveryBytes: options.snapshotEveryBytes ?? 64 * 1024 * 1024,
      recordBytesMax: options.recordBytesMax ?? 1024 * 1024,
    };
    this.onFatal =
      options.onFatal ??
      ((error) => {
        // An fsync or invariant failure cannot be retried safely: crash, as TigerBeetle does.
        setImmediate(() => {
          throw error;
        });
      });
    const { hardState } = this.storage.initialState();
    const snapshot = this.storage.snapshot();
    this.term = hardState.term;
    this.commitIndex = hardState.commit;
    this.snapshotIndex = snapshot?.metadata.index ?? 0;
    this.appliedIndex = this.snapshotIndex;
    const coreOptions = { ...CORE_DEFAULTS, ...options.core };
    this.electionTicks = coreOptions.electionTicks;
    this.entriesBytesPerMessageMax = coreOptions.maxEntriesBytesPerMessage;
    this.core = new RaftCore({
      ...coreOptions,
      id: options.nodeId,
      log: this.storage,
      random: seededTimeouts(options.seed ?? randomInt(2 ** 31)),
      applied: this.appliedIndex,
    });
    this.onMembershipChange = options.onMembershipChange;
    this.membership = this.core.status().config;
    this.transport.setReceiver((message) => this.receive(message));
  }

  /**
   * Starts ticking and applying. Listeners registered before `start` first get the latest local
   * snapshot (if any) through onSnapshotLoad, then every committed entry after it.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const snapshot = this.storage.snapshot();
    if (snapshot !== undefined) for (const listener of this.listeners) listener.onSnapshotLoad(snapshot);
    this.tickHandle = this.clock.setInterval(() => {
      // Ticks pile up while the loop waits for the disk; more than an election timeout's worth
      // would only trigger elections in a burst, so they are capped.
      this.pendingTicks = Math.min(this.pendingTicks + 1, this.electionTicks);
      this.schedulePump();
    }, this.limits.tickIntervalMs);
    this.schedulePump();
  }

  register(listener: RaftListener): () => void {
    if (listener.saveSnapshot !== undefined) {
      for (const other of this.listeners) {
        if (other.saveSnapshot !== undefined)
          throw new Error("raft: only one listener may provide saveSnapshot");
      }
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  leaderAndTerm(): LeaderAndTerm {
    return { leaderId: this.leaderId, term: this.term };
  }

  status(): RaftNodeStatus {
    return {
      nodeId: this.nodeId,
      leaderId: this.leaderId,
      term: this.term,
      role: this.role,
      commitIndex: this.commitIndex,
      appliedIndex: this.appliedIndex,
      lastIndex: this.storage.lastIndex(),
      membership: this.core.status().config,
    };
  }

  /**
   * How far member `id` has replicated this leader's log (its match index), or undefined when
   * this node does not lead or `id` is not a member: what a membership change checks before it
   * promotes a learner that must be caught up.
   */
  matchIndexOf(id: NodeId): number | undefined {
    return this.core.progressOf(id)?.match;
  }

  latestSnapshot(): Snapshot | undefined {
    return this.storage.snapshot();
  }

  propose(records: readonly Uint8Array[]): Promise<CommitPosition> {
    if (records.length === 0)
      return Promise.reject(new RillError("INVALID_REQUEST", "propose needs at least one record"));
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    const tooLarge = records.find((record) => record.length > this.limits.recordBytesMax);
    if (tooLarge !== undefined) {
      return Promise.reject(
        new RillError(
          "MESSAGE_TOO_LARGE",
          `raft: a ${tooLarge.length}-byte record exceeds ${this.limits.recordBytesMax}`,
        ),
      );
    }
    if (this.role !== "leader") return Promise.reject(this.notLeader());
    if (this.proposalQueue.length >= this.limits.proposalQueueMax) {
      return Promise.reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many proposals queued"));
    }
    return new Promise((resolve, reject) => {
      this.proposalQueue.push({ records, resolve, reject });
      this.schedulePump();
    });
  }

  /**
   * Propose one membership change (leader only) and resolve once it commits. Refused with
   * OPERATION_NOT_ATTEMPTED while another change is uncommitted or this leader has not yet
   * committed an entry of its term (retry), INCONSISTENT_VOTER_SET when the change does not apply
   * to the membership (already a member, not a learner, the last voter). Losing leadership or the
   * deadline after the append is INDETERMINATE: the change may still commit.
   */
  proposeConfigChange(change: ConfigChange): Promise<CommitPosition> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    if (this.role !== "leader") return Promise.reject(this.notLeader());
    if (this.proposalQueue.length >= this.limits.proposalQueueMax) {
      return Promise.reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many proposals queued"));
    }
    return new Promise((resolve, reject) => {
      this.proposalQueue.push({ records: [], change, resolve, reject });
      this.schedulePump();
    });
  }

  readIndex(): Promise<number> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    // With no leader known there is nobody to confirm the read: fail fast, the caller retries.
    if (this.role !== "leader" && this.leaderId === 0) return Promise.reject(this.notLeader());
    if (this.reads.size + this.readQueue.length >= this.limits.readsPendingMax) {
      return Promise.reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many reads pending"));
    }
    return new Promise((resolve, reject) => {
      const id = this.nextReadId++;
      const context = new Uint8Array(8);
      new DataView(context.buffer).setFloat64(0, id);
      const key = contextKey(context);
      const read: PendingRead = {
        context,
        index: undefined,
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.reads.delete(key);
          reject(new RillError("REQUEST_TIMED_OUT", "raft: read index not confirmed in time"));
        }, this.limits.readIndexTimeoutMs),
      };
      this.reads.set(key, read);
      this.readQueue.push(read);
      this.schedulePump();
    });
  }

  createSnapshot(): Promise<SnapshotMetadata | undefined> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise((resolve) => {
      this.snapshotWaiters.push(resolve);
      this.schedulePump();
    });
  }

  saveSnapshot(snapshot: { readonly index: number; readonly data: Uint8Array }): Promise<SnapshotMetadata> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise((resolve, reject) => {
      this.snapshotPushes.push({ index: snapshot.index, data: snapshot.data, resolve, reject });
      this.schedulePump();
    });
  }

  /** Hands leadership to `to` (which must be caught up); see RaftCore.transferLeadership. */
  transferLeadership(to: NodeId): void {
    this.core.transferLeadership(to);
    this.schedulePump();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.tickHandle !== undefined) this.clock.clearInterval(this.tickHandle);
    await this.pumping;
    this.rejectEverything(new RillError("SERVER_NOT_READY", "raft: member is closing"));
    await this.transport.close();
    await this.storage.close();
  }

  // ---- the loop ----

  private receive(message: Message): void {
    if (this.closed) return;
    if (this.inbound.length >= this.limits.inboundMessagesMax) return; // Raft tolerates loss.
    this.inbound.push(message);
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.closed || !this.started || this.failed !== undefined) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      if (this.pumping === undefined) this.pumping = this.pump().finally(() => (this.pumping = undefined));
    });
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        this.feedInputs();
        if (this.core.hasReady()) {
          await this.handleReady(this.core.ready());
          continue;
        }
        if (this.snapshotWaiters.length > 0) {
          const metadata = await this.takeSnapshot();
          for (const waiter of this.snapshotWaiters.splice(0)) waiter(metadata);
          continue;
        }
        const push = this.snapshotPushes.shift();
        if (push !== undefined) {
          await this.storePushedSnapshot(push);
          continue;
        }
        break;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.hasInputs()) this.schedulePump();
  }

  private hasInputs(): boolean {
    return (
      this.inbound.length > 0 ||
      this.pendingTicks > 0 ||
      this.proposalQueue.length > 0 ||
      this.readQueue.length > 0
    );
  }

  /** Messages first: heartbeats that arrived during a slow fsync count before the ticks that passed. */
  private feedInputs(): void {
    for (const message of this.inbound.splice(0)) this.core.step(message);
    for (; this.pendingTicks > 0; this.pendingTicks--) this.core.tick();
    for (const proposal of this.proposalQueue.splice(0)) this.feedProposal(proposal);
    for (const read of this.readQueue.splice(0)) this.core.readIndex(read.context);
  }

  private feedProposal(proposal: QueuedProposal): void {
    if (proposal.change !== undefined) {
      const result = this.core.proposeConfigChange(proposal.change);
      if (!result.ok) proposal.reject(this.configChangeRefused(result.reason, proposal.change));
      else this.awaitCommit(proposal, result);
      return;
    }
    let last: ProposeResult | undefined;
    for (const [position, record] of proposal.records.entries()) {
      const result = this.core.propose(record);
      if (!result.ok) {
        proposal.reject(
          position === 0
            ? this.proposeRefused(result.reason)
            : new RillError(
                "INDETERMINATE",
                `raft: ${position} of ${proposal.records.length} records appended before ${result.reason}`,
              ),
        );
        return;
      }
      last = result;
    }
    this.awaitCommit(proposal, last as ProposeResult & { ok: true });
  }

  private awaitCommit(proposal: QueuedProposal, appended: ProposeResult & { ok: true }): void {
    const timer = this.clock.setTimeout(() => {
      if (this.inflight.delete(appended.index)) {
        proposal.reject(new RillError("INDETERMINATE", "raft: not committed in time; it may still commit"));
      }
    }, this.limits.proposeTimeoutMs);
    this.inflight.set(appended.index, {
      term: appended.term,
      resolve: proposal.resolve,
      reject: proposal.reject,
      timer,
    });
  }

  private async handleReady(ready: Ready): Promise<void> {
    this.noticeMembership();
    if (ready.mustSync) {
      await this.storage.persist({
        hardState: ready.hardState,
        entries: ready.entries,
        snapshot: ready.snapshot,
      });
    }
    // Sent only once what they promise is durable (ready.ts, step 2).
    this.transport.send(coalesceAppends(ready.messages, this.entriesBytesPerMessageMax));
    if (ready.hardState !== undefined) {
      this.term = ready.hardState.term;
      this.commitIndex = ready.hardState.commit;
    }
    if (ready.snapshot !== undefined) this.loadSnapshot(ready.snapshot);
    // Applied before a role change settles proposals: a leader that commits its own removal steps
    // down in the same turn, and its proposal of that removal has committed, not become indeterminate.
    this.apply(ready.committedEntries);
    if (ready.softState !== undefined) this.changeRole(ready.softState.role, ready.softState.leaderId);
    for (const readState of ready.readStates) {
      const read = this.reads.get(contextKey(readState.context));
      if (read !== undefined) read.index = readState.index;
    }
    this.answerReads();
    this.announceLeader();
    this.core.advance(ready);
    if (this.snapshotDue()) await this.takeSnapshot();
  }

  private noticeMembership(): void {
    const membership = this.core.status().config;
    // The core replaces its membership object on every change and only then.
    if (membership === this.membership) return;
    this.membership = membership;
    this.onMembershipChange?.(membership);
  }

  private changeRole(role: Role, leaderId: NodeId): void {
    const wasLeader = this.role === "leader";
    this.role = role;
    this.leaderId = leaderId;
    if (wasLeader && role !== "leader") {
      const error = new RillError(
        "INDETERMINATE",
        "raft: leadership lost after appending; the records may still commit",
        {
          details: { leaderId, term: this.term },
        },
      );
      for (const proposal of this.inflight.values()) {
        this.clock.clearTimeout(proposal.timer);
        proposal.reject(error);
      }
      this.inflight.clear();
    }
  }

  private loadSnapshot(snapshot: Snapshot): void {
    for (const listener of this.listeners) listener.onSnapshotLoad(snapshot);
    this.appliedIndex = snapshot.metadata.index;
    this.snapshotIndex = snapshot.metadata.index;
    this.bytesSinceSnapshot = 0;
  }

  private apply(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const records: Entry[] = [];
    for (const entry of entries) {
      if (entry.index !== this.appliedIndex + 1) {
        throw new Error(`raft: applying ${entry.index} after ${this.appliedIndex}`);
      }
      this.appliedIndex = entry.index;
      this.bytesSinceSnapshot += entry.data.length;
      // Config entries carry a ConfigChange, not records; noops mark a new leader's term.
      if (entry.type !== "config") records.push(entry);
    }
    if (records.length > 0) for (const listener of this.listeners) listener.onCommit(records);
    // Proposals are keyed by their last index: any at or below applied is settled now.
    for (const entry of entries) {
      const proposal = this.inflight.get(entry.index);
      if (proposal === undefined) continue;
      this.inflight.delete(entry.index);
      this.clock.clearTimeout(proposal.timer);
      if (entry.term === proposal.term) proposal.resolve({ index: entry.index, term: entry.term });
      else
        proposal.reject(
          new RillError("INDETERMINATE", "raft: the proposal's entry was replaced by another leader's"),
        );
    }
  }

  private answerReads(): void {
    for (const [key, read] of this.reads) {
      if (read.index !== undefined && read.index <= this.appliedIndex) {
        this.reads.delete(key);
        this.clock.clearTimeout(read.timer);
        read.resolve(read.index);
      }
    }
  }

  private announceLeader(): void {
    const current = { leaderId: this.leaderId, term: this.term };
    if (current.leaderId === this.announced.leaderId && current.term === this.announced.term) return;
    this.announced = current;
    for (const listener of this.listeners) listener.onLeaderChange(current);
  }

  private snapshotDue(): boolean {
    return (
      this.appliedIndex - this.snapshotIndex >= this.limits.snapshotEveryEntries ||
      this.bytesSinceSnapshot >= this.limits.snapshotEveryBytes
    );
  }

  /** Snapshots the state machine at the applied index and compacts the log through it. */
  private async takeSnapshot(): Promise<SnapshotMetadata | undefined> {
    const provider = [...this.listeners].find((listener) => listener.saveSnapshot !== undefined);
    if (provider?.saveSnapshot === undefined || this.appliedIndex <= this.snapshotIndex) {
      return this.storage.snapshot()?.metadata;
    }
    const metadata = this.core.snapshotMetadata(this.appliedIndex);
    const data = provider.saveSnapshot();
    await this.storage.saveSnapshot({ metadata, data });
    this.snapshotIndex = metadata.index;
    this.bytesSinceSnapshot = 0;
    return metadata;
  }

  /** A snapshot the state machine made itself at a committed index it has applied. */
  private async storePushedSnapshot(push: (typeof this.snapshotPushes)[number]): Promise<void> {
    if (push.index > this.appliedIndex) {
      push.reject(
        new RillError(
          "INVALID_REQUEST",
          `raft: snapshot at ${push.index} beyond applied ${this.appliedIndex}`,
        ),
      );
      return;
    }
    if (push.index <= this.snapshotIndex) {
      // Already covered by a newer snapshot: nothing to keep.
      const current = this.storage.snapshot()?.metadata;
      if (current !== undefined) push.resolve(current);
      else
        push.reject(
          new RillError("INVALID_REQUEST", `raft: snapshot at ${push.index} is not after the log start`),
        );
      return;
    }
    const metadata = this.core.snapshotMetadata(push.index);
    await this.storage.saveSnapshot({ metadata, data: push.data });
    this.snapshotIndex = metadata.index;
    this.bytesSinceSnapshot = 0;
    push.resolve(metadata);
  }

  // ---- errors ----

  private refusal(): RillError | undefined {
    if (this.failed !== undefined)
      return new RillError("STORAGE_ERROR", "raft: member failed", { cause: this.failed });
    if (this.closed) return new RillError("SERVER_NOT_READY", "raft: member is closed");
    return undefined;
  }

  private notLeader(): RillError {
    return new RillError("NOT_CONTROLLER", `raft: node ${this.nodeId} is not the leader`, {
      details: { leaderId: this.leaderId, term: this.term },
    });
  }

  private proposeRefused(reason: string): RillError {
    if (reason === "not-leader") return this.notLeader();
    if (reason === "too-many-uncommitted") {
      return new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many uncommitted entries; retry later");
    }
    return new RillError("NOT_CONTROLLER", `raft: proposal refused (${reason})`, {
      details: { leaderId: this.leaderId, term: this.term, reason },
    });
  }

  private configChangeRefused(reason: string, change: ConfigChange): RillError {
    const details = { leaderId: this.leaderId, term: this.term, reason, nodeId: change.nodeId };
    switch (reason) {
      case "config-change-pending":
        return new RillError(
          "OPERATION_NOT_ATTEMPTED",
          "raft: another membership change is not committed yet; retry once it is",
          { details },
        );
      case "not-committed-in-term":
        return new RillError(
          "OPERATION_NOT_ATTEMPTED",
          "raft: the new leader has not committed an entry of its term yet; retry",
          { details },
        );
      case "invalid-change":
        return new RillError(
          "INCONSISTENT_VOTER_SET",
          `raft: ${change.type} of node ${change.nodeId} does not apply to voters ` +
            `${this.core.status().config.voters.join(",")}`,
          { details },
        );
      default:
        return this.proposeRefused(reason);
    }
  }

  private fail(error: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = error;
    if (this.tickHandle !== undefined) this.clock.clearInterval(this.tickHandle);
    this.rejectEverything(new RillError("STORAGE_ERROR", "raft: member failed", { cause: error }));
    this.onFatal(error);
  }

  private rejectEverything(error: RillError): void {
    const indeterminate = new RillError("INDETERMINATE", error.message, { cause: error });
    for (const proposal of this.proposalQueue.splice(0)) proposal.reject(error);
    for (const proposal of this.inflight.values()) {
      this.clock.clearTimeout(proposal.timer);
      proposal.reject(indeterminate);
    }
    this.inflight.clear();
    for (const read of this.reads.values()) {
      this.clock.clearTimeout(read.timer);
      read.reject(error);
    }
    this.reads.clear();
    this.readQueue.length = 0;
    for (const waiter of this.snapshotWaiters.splice(0)) waiter(undefined);
    for (const push of this.snapshotPushes.splice(0)) push.reject(error);
  }
}

function contextKey(context: Uint8Array): string {
  return Buffer.from(context.buffer, context.byteOffset, context.byteLength).toString("hex");
}

/** The core's source of randomized election timeouts: uniform in [0, 1) from a seed. */
function seededTimeouts(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
