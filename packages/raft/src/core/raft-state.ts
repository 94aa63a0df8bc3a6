/**
 * The state of one Raft node that every part of the core reads and writes (etcd's `raft` struct):
 * the durable term and vote, the role and its timers, the leader's view of each member's
 * progress, the membership in force with its history, and the outbox (messages and read states)
 * that the next Ready hands out. Also the transitions that touch nothing but this state: `reset`
 * for a new term, `becomeFollower`, and the message queueing rules.
 *
 * Contract: one RaftState belongs to one RaftCore (the façade) and is changed only by the core's
 * step functions (election.ts, leader.ts, follower.ts,
 * membership-tracking.ts, step.ts), synchronously; it does no I/O and reads no clock (the only
 * randomness is `cfg.random`, called once per `reset`).
 */
import { invariant } from "./assert.js";
import type { RaftConfig } from "./config.js";
import type { AppendResponseMessage, Message } from "./messages.js";
import { Progress } from "./progress.js";
import { RaftLog } from "./raft-log.js";
import { ReadIndex } from "./read-index.js";
import type { Ready } from "./ready.js";
import { SnapshotReceiver } from "./snapshot-receiver.js";
import {
  type HardState,
  type MembershipConfig,
  type NodeId,
  RAFT_NO_NODE,
  type ReadState,
  type Role,
  type SoftState,
} from "./types.js";

/** Default limits when the config leaves them out. */
export const DEFAULT_MAX_SNAPSHOT_CHUNK_BYTES = 1024 * 1024;
export const DEFAULT_MAX_UNCOMMITTED_ENTRIES = 10_000;
/** Limit on committed entry bytes handed out in one Ready (at least one entry). */
export const MAX_COMMITTED_BYTES_PER_READY = 16 * 1024 * 1024;

/**
 * Test-only faults that break safety on purpose, so the simulation can prove its checker
 * catches them. Never set in production.
 */
export interface UnsafeTestingFaults {
  /** Commit entries of earlier terms by counting replicas (Raft paper Figure 8). */
  readonly commitPreviousTermByCounting?: boolean;
  /** Leave the vote out of the persisted hard state (a restarted node may vote twice). */
  readonly forgetVote?: boolean;
  /** Grant votes without the log up-to-date check. */
  readonly skipUpToDateCheck?: boolean;
}

export type InternalRole = "follower" | "pre-candidate" | "candidate" | "leader";

export class RaftState {
  readonly id: NodeId;
  readonly cfg: RaftConfig;
  readonly faults: UnsafeTestingFaults;
  readonly log: RaftLog;
  readonly maxSnapshotChunkBytes: number;
  readonly maxUncommittedEntries: number;

  term = 0;
  vote: NodeId = RAFT_NO_NODE;
  lead: NodeId = RAFT_NO_NODE;
  role: InternalRole = "follower";
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  readonly votes = new Map<NodeId, boolean>();
  readonly progress = new Map<NodeId, Progress>();
  leadTransferee: NodeId = RAFT_NO_NODE;
  /** Index of the last config entry the leader appended; a new one waits until it commits. */
  pendingConfIndex = 0;

  /** Membership in force (latest config entry in the log), with the history to undo truncation. */
  membership: MembershipConfig;
  configHistory: { index: number; config: MembershipConfig }[];

  msgs: Message[] = [];
  /** Term of the entry each queued success acknowledgement vouches for (see stillTrue). */
  readonly #ackTerms = new WeakMap<Message, number>();
  readStates: ReadState[] = [];
  readonly reads = new ReadIndex();
  readonly snapshotReceiver = new SnapshotReceiver();

  prevHardState: HardState;
  prevSoftState: SoftState;
  outstanding: Ready | undefined;

  /**
   * Loads the durable state (hard state, snapshot base) from `config.log`. The caller then
   * replays the config entries still in the log and becomes follower (see RaftCore).
   */
  constructor(config: RaftConfig, faults: UnsafeTestingFaults) {
    invariant(config.id > 0, "id must be > 0");
    invariant(
      config.heartbeatTicks > 0 && config.heartbeatTicks < config.electionTicks,
      "need 0 < heartbeatTicks < electionTicks",
    );
    invariant(config.maxInflightMessages > 0, "maxInflightMessages must be > 0");
    invariant(config.maxEntriesBytesPerMessage > 0, "maxEntriesBytesPerMessage must be > 0");
    this.id = config.id;
    this.cfg = config;
    this.faults = faults;
    this.maxSnapshotChunkBytes = config.maxSnapshotChunkBytes ?? DEFAULT_MAX_SNAPSHOT_CHUNK_BYTES;
    this.maxUncommittedEntries = config.maxUncommittedEntries ?? DEFAULT_MAX_UNCOMMITTED_ENTRIES;
    invariant(this.maxSnapshotChunkBytes > 0, "maxSnapshotChunkBytes must be > 0");
    this.log = new RaftLog(config.log);
    const { hardState, config: baseConfig } = config.log.initialState();
    const snapIndex = config.log.firstIndex() - 1;
    invariant(
      hardState.commit <= this.log.lastIndex(),
      () =>
        `hard state commit ${hardState.commit} beyond last index ${this.log.lastIndex()}: the log lost committed entries`,
    );
    this.term = hardState.term;
    this.vote = hardState.vote;
    this.log.committed = Math.max(hardState.commit, snapIndex);
    invariant(
      config.applied <= this.log.committed,
      () => `applied ${config.applied} beyond commit ${this.log.committed}`,
    );
    this.log.applied = Math.max(config.applied, snapIndex);
    this.prevHardState = { term: this.term, vote: this.vote, commit: this.log.committed };
    // Membership: the base (snapshot's or bootstrap); the caller adds the log's config entries.
    this.membership = baseConfig;
    this.configHistory = [{ index: snapIndex, config: baseConfig }];
    this.prevSoftState = this.softState();
  }

  hardState(): HardState {
    return {
      term: this.term,
      vote: this.faults.forgetVote ? RAFT_NO_NODE : this.vote,
      commit: this.log.committed,
    };
  }

  softState(): SoftState {
    let role: Role = this.role;
    if (role === "follower" && !this.membership.voters.includes(this.id)) role = "learner";
    return { leaderId: this.lead, role };
  }

  /** A new term (or a new role in the same term): timers, votes, reads and progress start over. */
  reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = RAFT_NO_NODE;
    }
    this.lead = RAFT_NO_NODE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout =
      this.cfg.electionTicks + Math.floor(this.cfg.random() * this.cfg.electionTicks);
    this.leadTransferee = RAFT_NO_NODE;
    this.votes.clear();
    this.reads.reset();
    this.rebuildProgress();
  }

  /** One fresh Progress per member, all starting after our last entry; ours matches what is durable. */
  rebuildProgress(): void {
    const next = this.log.lastIndex() + 1;
    this.progress.clear();
    for (const id of this.membership.voters) {
      this.progress.set(id, new Progress(next, false, this.cfg.maxInflightMessages));
    }
    for (const id of this.membership.learners) {
      this.progress.set(id, new Progress(next, true, this.cfg.maxInflightMessages));
    }
    const self = this.progress.get(this.id);
    if (self) {
      self.match = this.log.persistedIndex();
      self.recentActive = true;
    }
  }

  becomeFollower(term: number, lead: NodeId): void {
    this.reset(term);
    this.lead = lead;
    this.role = "follower";
  }

  send(m: Message): void {
    this.msgs.push(m);
  }

  /** Queue an append acknowledgement, remembering the term of the entry it vouches for. */
  sendAck(m: AppendResponseMessage): void {
    if (!m.reject) {
      const term = this.log.term(m.index);
      if (term !== undefined) this.#ackTerms.set(m, term);
    }
    this.msgs.push(m);
  }

  /**
   * An acknowledgement queued earlier may vouch for entries that a newer leader's append has
   * since replaced, before they were ever persisted: releasing it would promise durability of
   * entries we no longer have. Drop such acknowledgements (dropping a message is always safe).
   */
  stillTrue(m: Message): boolean {
    if (m.type !== "append-response" || m.reject) return true;
    if (m.index > this.log.lastIndex()) return false;
    const term = this.#ackTerms.get(m);
    if (term === undefined || m.index < this.log.firstIndex() - 1) return true; // covered by a snapshot
    return this.log.term(m.index) === term;
  }
}
