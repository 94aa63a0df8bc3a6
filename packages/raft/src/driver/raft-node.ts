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
import type { Message } from "../core/messages.js";
import type { ProposeResult } from "../core/raft-core.js";
import { RaftCore } from "../core/raft-core.js";
import type { Ready } from "../core/ready.js";
import {
  type ConfigChange,
  type Entry,
  type MembershipConfig,
  type NodeId,
  RAFT_NO_NODE,
  type Role,
  type Snapshot,
  type SnapshotMetadata,
} from "../core/types.js";
import type { RaftStorage } from "../storage/raft-storage.js";
import type { RaftTransport } from "../transport/transport.js";
import { type DriverClock, systemClock } from "./clock.js";
import { coalesceAppends } from "./coalesce-appends.js";
import { InflightProposals } from "./inflight-proposals.js";
import { PendingReads } from "./pending-reads.js";
import {
  configChangeRefusedError,
  type LeaderView,
  notLeaderError,
  proposeRefusedError,
} from "./raft-errors.js";
import {
  CORE_DEFAULTS,
  type RaftNodeObserver,
  type RaftNodeOptions,
  type RaftNodeStatus,
} from "./raft-node-options.js";

export {
  CORE_DEFAULTS,
  type CoreOptions,
  type RaftNodeObserver,
  type RaftNodeOptions,
  type RaftNodeStatus,
} from "./raft-node-options.js";

interface QueuedProposal {
  readonly records: readonly Uint8Array[];
  /** Set for a membership change (then `records` is empty). */
  readonly change?: ConfigChange;
  readonly resolve: (position: CommitPosition) => void;
  readonly reject: (error: unknown) => void;
}

/** A snapshot the state machine pushed, waiting for its turn to be stored. */
interface SnapshotPush {
  readonly index: number;
  readonly data: Uint8Array;
  readonly resolve: (metadata: SnapshotMetadata) => void;
  readonly reject: (error: unknown) => void;
}

export class RaftNode implements RaftClient {
  readonly nodeId: NodeId;
  readonly #core: RaftCore;
  readonly #storage: RaftStorage;
  readonly #transport: RaftTransport<Message>;
  readonly #clock: DriverClock;
  readonly #schedule: (task: () => void) => void;
  readonly #observer: RaftNodeObserver | undefined;
  readonly #listeners = new Set<RaftListener>();
  readonly #limits: Required<
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
  readonly #electionTicks: number;
  readonly #entriesBytesPerMessageMax: number;
  readonly #onFatal: (error: unknown) => void;
  readonly #onMembershipChange: ((membership: MembershipConfig) => void) | undefined;
  #membership: MembershipConfig;

  readonly #inbound: Message[] = [];
  #pendingTicks = 0;
  readonly #proposalQueue: QueuedProposal[] = [];
  readonly #inflight: InflightProposals;
  readonly #reads: PendingReads;
  readonly #snapshotWaiters: ((metadata: SnapshotMetadata | undefined) => void)[] = [];
  readonly #snapshotPushes: SnapshotPush[] = [];

  #role: Role = "follower";
  #leaderId: NodeId = RAFT_NO_NODE;
  #term: number;
  #commitIndex: number;
  #appliedIndex: number;
  #snapshotIndex: number;
  #bytesSinceSnapshot = 0;
  #announced: LeaderAndTerm = { leaderId: RAFT_NO_NODE, term: 0 };

  #tickHandle: unknown;
  #pumpScheduled = false;
  #pumping: Promise<void> | undefined;
  #started = false;
  #closed = false;
  #failed: unknown;

  /** Builds a member over opened storage; register listeners, then `start()`. */
  constructor(options: RaftNodeOptions) {
    this.nodeId = options.nodeId;
    this.#storage = options.storage;
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#schedule = options.schedule ?? setImmediate;
    this.#observer = options.observer;
    this.#limits = {
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
    this.#reads = new PendingReads(this.#clock, this.#limits);
    this.#inflight = new InflightProposals(this.#clock, this.#limits.proposeTimeoutMs);
    this.#onFatal =
      options.onFatal ??
      ((error) => {
        // An fsync or invariant failure cannot be retried safely: crash, as TigerBeetle does.
        setImmediate(() => {
          throw error;
        });
      });
    const { hardState } = this.#storage.initialState();
    const snapshot = this.#storage.snapshot();
    this.#term = hardState.term;
    this.#commitIndex = hardState.commit;
    this.#snapshotIndex = snapshot?.metadata.index ?? 0;
    this.#appliedIndex = this.#snapshotIndex;
    const coreOptions = { ...CORE_DEFAULTS, ...options.core };
    this.#electionTicks = coreOptions.electionTicks;
    this.#entriesBytesPerMessageMax = coreOptions.maxEntriesBytesPerMessage;
    this.#core = new RaftCore(
      {
        ...coreOptions,
        id: options.nodeId,
        log: this.#storage,
        random: seededTimeouts(options.seed ?? randomInt(2 ** 31)),
        applied: this.#appliedIndex,
      },
      options.unsafeTestingFaults,
    );
    this.#onMembershipChange = options.onMembershipChange;
    this.#membership = this.#core.status().config;
    this.#transport.setReceiver((message) => this.#receive(message));
  }

  /**
   * Starts ticking and applying. Listeners registered before `start` first get the latest local
   * snapshot (if any) through onSnapshotLoad, then every committed entry after it.
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const snapshot = this.#storage.snapshot();
    if (snapshot !== undefined) for (const listener of this.#listeners) listener.onSnapshotLoad(snapshot);
    this.#tickHandle = this.#clock.setInterval(() => {
      // Ticks pile up while the loop waits for the disk; more than an election timeout's worth
      // would only trigger elections in a burst, so they are capped.
      this.#pendingTicks = Math.min(this.#pendingTicks + 1, this.#electionTicks);
      this.#schedulePump();
    }, this.#limits.tickIntervalMs);
    this.#schedulePump();
  }

  register(listener: RaftListener): () => void {
    if (listener.saveSnapshot !== undefined) {
      for (const other of this.#listeners) {
        if (other.saveSnapshot !== undefined)
          throw new Error("raft: only one listener may provide saveSnapshot");
      }
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  leaderAndTerm(): LeaderAndTerm {
    return { leaderId: this.#leaderId, term: this.#term };
  }

  status(): RaftNodeStatus {
    return {
      nodeId: this.nodeId,
      leaderId: this.#leaderId,
      term: this.#term,
      role: this.#role,
      commitIndex: this.#commitIndex,
      appliedIndex: this.#appliedIndex,
      lastIndex: this.#storage.lastIndex(),
      membership: this.#core.status().config,
    };
  }

  /**
   * How far member `id` has replicated this leader's log (its match index), or undefined when
   * this node does not lead or `id` is not a member: what a membership change checks before it
   * promotes a learner that must be caught up.
   */
  matchIndexOf(id: NodeId): number | undefined {
    return this.#core.progressOf(id)?.match;
  }

  latestSnapshot(): Snapshot | undefined {
    return this.#storage.snapshot();
  }

  propose(records: readonly Uint8Array[]): Promise<CommitPosition> {
    if (records.length === 0)
      return Promise.reject(new RillError("INVALID_REQUEST", "propose needs at least one record"));
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    const tooLarge = records.find((record) => record.length > this.#limits.recordBytesMax);
    if (tooLarge !== undefined) {
      return Promise.reject(
        new RillError(
          "MESSAGE_TOO_LARGE",
          `raft: a ${tooLarge.length}-byte record exceeds ${this.#limits.recordBytesMax}`,
        ),
      );
    }
    if (this.#role !== "leader") return Promise.reject(notLeaderError(this.#view()));
    if (this.#proposalQueue.length >= this.#limits.proposalQueueMax) {
      return Promise.reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many proposals queued"));
    }
    return new Promise((resolve, reject) => {
      this.#proposalQueue.push({ records, resolve, reject });
      this.#schedulePump();
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
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    if (this.#role !== "leader") return Promise.reject(notLeaderError(this.#view()));
    if (this.#proposalQueue.length >= this.#limits.proposalQueueMax) {
      return Promise.reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many proposals queued"));
    }
    return new Promise((resolve, reject) => {
      this.#proposalQueue.push({ records: [], change, resolve, reject });
      this.#schedulePump();
    });
  }

  readIndex(): Promise<number> {
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    // With no leader known there is nobody to confirm the read: fail fast, the caller retries.
    if (this.#role !== "leader" && this.#leaderId === RAFT_NO_NODE)
      return Promise.reject(notLeaderError(this.#view()));
    const read = this.#reads.add();
    this.#schedulePump();
    return read;
  }

  createSnapshot(): Promise<SnapshotMetadata | undefined> {
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise((resolve) => {
      this.#snapshotWaiters.push(resolve);
      this.#schedulePump();
    });
  }

  saveSnapshot(snapshot: { readonly index: number; readonly data: Uint8Array }): Promise<SnapshotMetadata> {
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise((resolve, reject) => {
      this.#snapshotPushes.push({ index: snapshot.index, data: snapshot.data, resolve, reject });
      this.#schedulePump();
    });
  }

  /** Hands leadership to `to` (which must be caught up); see RaftCore.transferLeadership. */
  transferLeadership(to: NodeId): void {
    this.#core.transferLeadership(to);
    this.#schedulePump();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#tickHandle !== undefined) this.#clock.clearInterval(this.#tickHandle);
    await this.#pumping;
    this.#rejectEverything(new RillError("SERVER_NOT_READY", "raft: member is closing"));
    await this.#transport.close();
    await this.#storage.close();
  }

  // ---- the loop ----

  #receive(message: Message): void {
    if (this.#closed) return;
    if (this.#inbound.length >= this.#limits.inboundMessagesMax) return; // Raft tolerates loss.
    this.#inbound.push(message);
    this.#schedulePump();
  }

  #schedulePump(): void {
    if (this.#pumpScheduled || this.#closed || !this.#started || this.#failed !== undefined) return;
    this.#pumpScheduled = true;
    this.#schedule(() => {
      this.#pumpScheduled = false;
      if (this.#pumping === undefined)
        this.#pumping = this.#pump().finally(() => (this.#pumping = undefined));
    });
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        if (this.#closed) return;
        this.#feedInputs();
        if (this.#core.hasReady()) {
          await this.#handleReady(this.#core.ready());
          continue;
        }
        if (this.#snapshotWaiters.length > 0) {
          const metadata = await this.#takeSnapshot();
          for (const waiter of this.#snapshotWaiters.splice(0)) waiter(metadata);
          continue;
        }
        const push = this.#snapshotPushes.shift();
        if (push !== undefined) {
          await this.#storePushedSnapshot(push);
          continue;
        }
        break;
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (this.#hasInputs()) this.#schedulePump();
  }

  #hasInputs(): boolean {
    return (
      this.#inbound.length > 0 ||
      this.#pendingTicks > 0 ||
      this.#proposalQueue.length > 0 ||
      this.#reads.hasQueued
    );
  }

  /** Messages first: heartbeats that arrived during a slow fsync count before the ticks that passed. */
  #feedInputs(): void {
    for (const message of this.#inbound.splice(0)) {
      this.#core.step(message);
      this.#observer?.onCoreChanged(this.#core);
    }
    for (; this.#pendingTicks > 0; this.#pendingTicks--) {
      this.#core.tick();
      this.#observer?.onCoreChanged(this.#core);
    }
    for (const proposal of this.#proposalQueue.splice(0)) {
      this.#feedProposal(proposal);
      this.#observer?.onCoreChanged(this.#core);
    }
    for (const context of this.#reads.takeQueued()) {
      this.#core.readIndex(context);
      this.#observer?.onCoreChanged(this.#core);
    }
  }

  #feedProposal(proposal: QueuedProposal): void {
    if (proposal.change !== undefined) {
      const result = this.#core.proposeConfigChange(proposal.change);
      if (!result.ok) {
        const { voters } = this.#core.status().config;
        proposal.reject(configChangeRefusedError(this.#view(), result.reason, proposal.change, voters));
      } else this.#awaitCommit(proposal, result);
      return;
    }
    let last: ProposeResult | undefined;
    for (const [position, record] of proposal.records.entries()) {
      const result = this.#core.propose(record);
      if (!result.ok) {
        proposal.reject(
          position === 0
            ? proposeRefusedError(this.#view(), result.reason)
            : new RillError(
                "INDETERMINATE",
                `raft: ${position} of ${proposal.records.length} records appended before ${result.reason}`,
              ),
        );
        return;
      }
      last = result;
    }
    this.#awaitCommit(proposal, last as ProposeResult & { ok: true });
  }

  #awaitCommit(proposal: QueuedProposal, appended: ProposeResult & { ok: true }): void {
    this.#inflight.add(appended.index, appended.term, proposal.resolve, proposal.reject);
  }

  async #handleReady(ready: Ready): Promise<void> {
    this.#observer?.onReady(ready, this.#core);
    this.#noticeMembership();
    if (ready.mustSync) {
      await this.#storage.persist({
        hardState: ready.hardState,
        entries: ready.entries,
        snapshot: ready.snapshot,
      });
    }
    this.#observer?.onPersisted(ready);
    // Sent only once what they promise is durable (ready.ts, step 2).
    this.#transport.send(coalesceAppends(ready.messages, this.#entriesBytesPerMessageMax));
    if (ready.hardState !== undefined) {
      this.#term = ready.hardState.term;
      this.#commitIndex = ready.hardState.commit;
    }
    if (ready.snapshot !== undefined) this.#loadSnapshot(ready.snapshot);
    // Applied before a role change settles proposals: a leader that commits its own removal steps
    // down in the same turn, and its proposal of that removal has committed, not become indeterminate.
    this.#apply(ready.committedEntries);
    if (ready.softState !== undefined) this.#changeRole(ready.softState.role, ready.softState.leaderId);
    this.#reads.confirm(ready.readStates);
    this.#reads.answer(this.#appliedIndex);
    this.#announceLeader();
    this.#core.advance(ready);
    this.#observer?.onCoreChanged(this.#core);
    if (this.#snapshotDue()) await this.#takeSnapshot();
  }

  #noticeMembership(): void {
    const membership = this.#core.status().config;
    // The core replaces its membership object on every change and only then.
    if (membership === this.#membership) return;
    this.#membership = membership;
    this.#onMembershipChange?.(membership);
  }

  #changeRole(role: Role, leaderId: NodeId): void {
    const wasLeader = this.#role === "leader";
    this.#role = role;
    this.#leaderId = leaderId;
    if (wasLeader && role !== "leader") {
      this.#inflight.rejectAll(
        new RillError(
          "INDETERMINATE",
          "raft: leadership lost after appending; the records may still commit",
          {
            details: { leaderId, term: this.#term },
          },
        ),
      );
    }
  }

  #loadSnapshot(snapshot: Snapshot): void {
    for (const listener of this.#listeners) listener.onSnapshotLoad(snapshot);
    this.#appliedIndex = snapshot.metadata.index;
    this.#snapshotIndex = snapshot.metadata.index;
    this.#bytesSinceSnapshot = 0;
  }

  #apply(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const records: Entry[] = [];
    for (const entry of entries) {
      if (entry.index !== this.#appliedIndex + 1) {
        throw new Error(`raft: applying ${entry.index} after ${this.#appliedIndex}`);
      }
      this.#appliedIndex = entry.index;
      this.#bytesSinceSnapshot += entry.data.length;
      // Config entries carry a ConfigChange, not records; noops mark a new leader's term.
      if (entry.type !== "config") records.push(entry);
    }
    if (records.length > 0) for (const listener of this.#listeners) listener.onCommit(records);
    this.#observer?.onApplied(entries);
    this.#inflight.settle(entries);
  }

  #announceLeader(): void {
    const current = { leaderId: this.#leaderId, term: this.#term };
    if (current.leaderId === this.#announced.leaderId && current.term === this.#announced.term) return;
    this.#announced = current;
    for (const listener of this.#listeners) listener.onLeaderChange(current);
  }

  #snapshotDue(): boolean {
    return (
      this.#appliedIndex - this.#snapshotIndex >= this.#limits.snapshotEveryEntries ||
      this.#bytesSinceSnapshot >= this.#limits.snapshotEveryBytes
    );
  }

  /** Snapshots the state machine at the applied index and compacts the log through it. */
  async #takeSnapshot(): Promise<SnapshotMetadata | undefined> {
    const provider = [...this.#listeners].find((listener) => listener.saveSnapshot !== undefined);
    if (provider?.saveSnapshot === undefined || this.#appliedIndex <= this.#snapshotIndex) {
      return this.#storage.snapshot()?.metadata;
    }
    const metadata = this.#core.snapshotMetadata(this.#appliedIndex);
    const data = provider.saveSnapshot();
    await this.#storage.saveSnapshot({ metadata, data });
    this.#snapshotIndex = metadata.index;
    this.#bytesSinceSnapshot = 0;
    return metadata;
  }

  /** A snapshot the state machine made itself at a committed index it has applied. */
  async #storePushedSnapshot(push: SnapshotPush): Promise<void> {
    if (push.index > this.#appliedIndex) {
      push.reject(
        new RillError(
          "INVALID_REQUEST",
          `raft: snapshot at ${push.index} beyond applied ${this.#appliedIndex}`,
        ),
      );
      return;
    }
    if (push.index <= this.#snapshotIndex) {
      // Already covered by a newer snapshot: nothing to keep.
      const current = this.#storage.snapshot()?.metadata;
      if (current !== undefined) push.resolve(current);
      else
        push.reject(
          new RillError("INVALID_REQUEST", `raft: snapshot at ${push.index} is not after the log start`),
        );
      return;
    }
    const metadata = this.#core.snapshotMetadata(push.index);
    await this.#storage.saveSnapshot({ metadata, data: push.data });
    this.#snapshotIndex = metadata.index;
    this.#bytesSinceSnapshot = 0;
    push.resolve(metadata);
  }

  // ---- errors ----

  #refusal(): RillError | undefined {
    if (this.#failed !== undefined)
      return new RillError("STORAGE_ERROR", "raft: member failed", { cause: this.#failed });
    if (this.#closed) return new RillError("SERVER_NOT_READY", "raft: member is closed");
    return undefined;
  }

  #view(): LeaderView {
    return { nodeId: this.nodeId, leaderId: this.#leaderId, term: this.#term };
  }

  #fail(error: unknown): void {
    if (this.#failed !== undefined) return;
    this.#failed = error;
    if (this.#tickHandle !== undefined) this.#clock.clearInterval(this.#tickHandle);
    this.#rejectEverything(new RillError("STORAGE_ERROR", "raft: member failed", { cause: error }));
    this.#onFatal(error);
  }

  #rejectEverything(error: RillError): void {
    const indeterminate = new RillError("INDETERMINATE", error.message, { cause: error });
    for (const proposal of this.#proposalQueue.splice(0)) proposal.reject(error);
    this.#inflight.rejectAll(indeterminate);
    this.#reads.rejectAll(error);
    for (const waiter of this.#snapshotWaiters.splice(0)) waiter(undefined);
    for (const push of this.#snapshotPushes.splice(0)) push.reject(error);
  }
}

/** The core's source of randomized election timeouts: uniform in [0, 1) from a seed. */
function seededTimeouts(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
