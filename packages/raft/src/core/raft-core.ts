/**
 * The pure Raft core (etcd's RawNode shape): synchronous, deterministic, no I/O. Inputs are
 * `tick`, `step`, `propose*`, `readIndex`, `transferLeadership`; outputs come out of `ready()`
 * (see ready.ts for the I/O contract the host must follow).
 *
 * Protocol: randomized election timeouts in [electionTicks, 2 * electionTicks); PreVote;
 * CheckQuorum with a leader lease (followers that heard from a leader within an election timeout
 * ignore votes); replication with fast conflict back-off; commit by counting current-term entries
 * only (a new leader appends a noop); flow control (probe/replicate/snapshot, bounded inflight,
 * bytes per message); leadership transfer via TimeoutNow; ReadIndex; InstallSnapshot in chunks;
 * one-server membership changes effective when appended.
 */
import { invariant } from "./assert.js";
import type { RaftConfig } from "./config.js";
import {
  applyConfigChange,
  committedIndex,
  decodeConfigChange,
  encodeConfigChange,
  quorumSize,
  validateConfigChange,
} from "./membership.js";
import type {
  AppendMessage,
  AppendResponseMessage,
  HeartbeatResponseMessage,
  Message,
  SnapshotMessage,
  SnapshotResponseMessage,
} from "./messages.js";
import { Progress } from "./progress.js";
import { RaftLog } from "./raft-log.js";
import { type PendingRead, ReadIndex } from "./read-index.js";
import type { Ready } from "./ready.js";
import { SnapshotReceiver } from "./snapshot-receiver.js";
import type {
  ConfigChange,
  Entry,
  EntryType,
  HardState,
  MembershipConfig,
  NodeId,
  ReadState,
  Role,
  Snapshot,
  SnapshotMetadata,
  SoftState,
} from "./types.js";

export { MAX_PENDING_READS } from "./read-index.js";

export type ProposeRefusal =
  | "not-leader"
  | "transferring"
  | "config-change-pending"
  | "too-many-uncommitted"
  | "invalid-change"
  | "not-committed-in-term";

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | { readonly ok: false; readonly reason: ProposeRefusal };

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

type InternalRole = "follower" | "pre-candidate" | "candidate" | "leader";

/** Read-only status for hosts, tests and the simulation checker. */
export interface RaftStatus {
  readonly id: NodeId;
  readonly term: number;
  readonly vote: NodeId;
  readonly leaderId: NodeId;
  readonly role: Role;
  readonly commit: number;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly config: MembershipConfig;
  readonly leadTransferee: NodeId;
}

export interface ProgressStatus {
  readonly match: number;
  readonly next: number;
  readonly state: "probe" | "replicate" | "snapshot";
  readonly isLearner: boolean;
  readonly recentActive: boolean;
}

export class RaftCore {
  readonly id: NodeId;
  private readonly cfg: RaftConfig;
  private readonly faults: UnsafeTestingFaults;
  private readonly log: RaftLog;
  private readonly maxSnapshotChunkBytes: number;
  private readonly maxUncommittedEntries: number;

  private term = 0;
  private vote: NodeId = 0;
  private lead: NodeId = 0;
  private role: InternalRole = "follower";
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;
  private readonly votes = new Map<NodeId, boolean>();
  private readonly progress = new Map<NodeId, Progress>();
  private leadTransferee: NodeId = 0;
  /** Index of the last config entry the leader appended; a new one waits until it commits. */
  private pendingConfIndex = 0;

  /** Membership in force (latest config entry in the log), with the history to undo truncation. */
  private membership: MembershipConfig;
  private configHistory: { index: number; config: MembershipConfig }[];

  private msgs: Message[] = [];
  /** Term of the entry each queued success acknowledgement vouches for (see stillTrue). */
  private readonly ackTerms = new WeakMap<Message, number>();
  private readStates: ReadState[] = [];
  private readonly reads = new ReadIndex();
  private readonly snapshotReceiver = new SnapshotReceiver();

  private prevHardState: HardState;
  private prevSoftState: SoftState;
  private outstanding: Ready | undefined;

  constructor(config: RaftConfig, faults: UnsafeTestingFaults = {}) {
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

    // Membership: the base (snapshot's or bootstrap) plus every config entry still in the log.
    this.membership = baseConfig;
    this.configHistory = [{ index: snapIndex, config: baseConfig }];
    const last = this.log.lastIndex();
    let low = snapIndex + 1;
    while (low <= last) {
      const batch = this.log.entries(low, last + 1, MAX_COMMITTED_BYTES_PER_READY);
      invariant(batch !== undefined && batch.length > 0, "cannot read the log at start-up");
      this.trackConfigEntries(batch);
      low += batch.length;
    }
    this.rebuildProgress();
    this.becomeFollower(this.term, 0);
    this.prevSoftState = this.softState();
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  /**
   * Start an election now (a pre-vote round first when PreVote is on), as if the election timeout
   * had elapsed. Ignored on a leader or a non-voter. For tests and for a host that wants a fast
   * first election.
   */
  campaign(): void {
    if (this.role === "leader") return;
    this.startCampaign(this.cfg.preVote ? "pre" : "election");
  }

  /** Advance the logical clock by one tick. */
  tick(): void {
    if (this.role === "leader") this.tickLeader();
    else this.tickElection();
  }

  /** Handle a message from a peer. Messages for another node or from ourselves are rejected. */
  step(m: Message): void {
    invariant(m.to === this.id, () => `message for ${m.to} stepped into ${this.id}`);
    if (m.from === this.id) return;
    if (m.term > this.term) {
      if (m.type === "vote" || m.type === "pre-vote") {
        const force = m.type === "vote" && m.transfer;
        const inLease =
          this.cfg.checkQuorum && this.lead !== 0 && this.electionElapsed < this.cfg.electionTicks;
        if (!force && inLease) return; // leader lease: we heard from a leader recently
      }
      if (m.type === "pre-vote") {
        // Never change term on a pre-vote.
      } else if (m.type === "pre-vote-response" && !m.reject) {
        // A granted pre-vote carries the future term; our term changes only when we campaign.
      } else if (m.type === "append" || m.type === "heartbeat" || m.type === "snapshot") {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, 0);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === "append" || m.type === "heartbeat")) {
        // A stale leader (e.g. back from a partition) learns our term from this and steps down;
        // without it, pre-vote/check-quorum could leave it stuck out of the cluster.
        this.send({
          type: "append-response",
          from: this.id,
          to: m.from,
          term: this.term,
          reject: true,
          index: 0,
          hintIndex: 0,
          hintTerm: 0,
        });
      } else if (m.type === "pre-vote") {
        this.send({ type: "pre-vote-response", from: this.id, to: m.from, term: this.term, reject: true });
      }
      return;
    }

    switch (m.type) {
      case "pre-vote":
      case "vote":
        this.handleVoteRequest(m);
        return;
      default:
        break;
    }
    switch (this.role) {
      case "leader":
        this.stepLeader(m);
        break;
      case "candidate":
      case "pre-candidate":
        this.stepCandidate(m);
        break;
      case "follower":
        this.stepFollower(m);
        break;
    }
  }

  /** Append application data. Only the leader accepts; the host forwards or retries. */
  propose(data: Uint8Array): ProposeResult {
    return this.appendProposal("normal", data);
  }

  /**
   * Append a one-server membership change. Refused unless this leader committed an entry of its
   * term (thesis §4 fix) and no other change is uncommitted.
   */
  proposeConfigChange(change: ConfigChange): ProposeResult {
    if (this.role !== "leader") return { ok: false, reason: "not-leader" };
    if (this.pendingConfIndex > this.log.committed) return { ok: false, reason: "config-change-pending" };
    if (this.log.term(this.log.committed) !== this.term)
      return { ok: false, reason: "not-committed-in-term" };
    if (validateConfigChange(this.membership, change) !== undefined)
      return { ok: false, reason: "invalid-change" };
    const result = this.appendProposal("config", encodeConfigChange(change));
    if (result.ok) this.pendingConfIndex = result.index;
    return result;
  }

  /**
   * Request a linearizable read. The answer is a ReadState with the same context in a later
   * Ready: once the host has applied up to its index, a local read is linearizable. A follower
   * forwards to the leader; when no leader is known the request is dropped (the host retries).
   */
  readIndex(context: Uint8Array): void {
    if (this.role === "leader") {
      this.leaderRead(context, this.id);
    } else if (this.lead !== 0) {
      this.send({ type: "read-index", from: this.id, to: this.lead, term: this.term, context });
    }
  }

  /**
   * Hand leadership to `to` (leader only; elsewhere ignored). Proposals are refused while the
   * transfer runs; it is abandoned after an election timeout.
   */
  transferLeadership(to: NodeId): void {
    if (this.role !== "leader" || to === this.id) return;
    const pr = this.progress.get(to);
    if (pr === undefined || pr.isLearner) return;
    if (this.leadTransferee === to) return;
    this.leadTransferee = to;
    this.electionElapsed = 0;
    if (pr.match === this.log.lastIndex()) this.sendTimeoutNow(to);
    else this.sendAppend(to, false);
  }

  /** Whether `ready()` has anything. False while a Ready is handed out and not yet advanced. */
  hasReady(): boolean {
    if (this.outstanding) return false;
    if (this.msgs.length > 0 || this.readStates.length > 0) return true;
    if (this.log.hasUnstable() || this.log.hasNextCommittedEntries()) return true;
    if (!sameHardState(this.hardState(), this.prevHardState)) return true;
    return !sameSoftState(this.softState(), this.prevSoftState);
  }

  /** The next batch of I/O. Must be followed by `advance` with the same object. */
  ready(): Ready {
    invariant(this.outstanding === undefined, "ready() called before advance() of the previous Ready");
    const unstable = this.log.unstable();
    const hs = this.hardState();
    const ss = this.softState();
    const committedEntries = this.log.nextCommittedEntries(MAX_COMMITTED_BYTES_PER_READY);
    // The Ready contract: never apply what is not already durable.
    const lastCommitted = committedEntries[committedEntries.length - 1];
    invariant(
      lastCommitted === undefined ||
        (lastCommitted.index <= this.log.persistedIndex() && lastCommitted.index <= this.log.committed),
      "committed entry handed out before it is durable",
    );
    const hsChanged = !sameHardState(hs, this.prevHardState);
    const entries = [...unstable.entries];
    const rd: Ready = {
      ...(sameSoftState(ss, this.prevSoftState) ? {} : { softState: ss }),
      ...(hsChanged ? { hardState: hs } : {}),
      entries,
      ...(unstable.snapshot ? { snapshot: unstable.snapshot } : {}),
      messages: this.msgs.filter((m) => this.stillTrue(m)),
      committedEntries,
      readStates: this.readStates,
      mustSync: hsChanged || entries.length > 0 || unstable.snapshot !== undefined,
    };
    // A persisted commit index must never run ahead of the entries persisted with it.
    invariant(hs.commit <= this.log.lastIndex(), "hard state commit beyond the log");
    // Messages promise only what this Ready (or an earlier one) makes durable.
    for (const m of rd.messages) {
      if (m.type === "vote-response" && !m.reject && m.term === this.term) {
        invariant(this.faults.forgetVote || hs.vote === m.to, "vote granted but not in the hard state");
      } else if (m.type === "append-response" && !m.reject) {
        invariant(m.index <= this.log.lastIndex(), "append acknowledged beyond the log");
      }
    }
    this.msgs = [];
    this.readStates = [];
    this.outstanding = rd;
    return rd;
  }

  /** The host persisted, sent and applied `rd` as the contract in ready.ts says. */
  advance(rd: Ready): void {
    invariant(this.outstanding !== undefined, "advance() without an outstanding Ready");
    invariant(rd === this.outstanding, "advance() got a Ready other than the one handed out");
    this.outstanding = undefined;
    if (rd.softState) this.prevSoftState = rd.softState;
    if (rd.hardState) this.prevHardState = rd.hardState;
    if (rd.snapshot) {
      this.log.stableSnapTo(rd.snapshot.metadata.index);
      this.log.appliedTo(rd.snapshot.metadata.index);
    }
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) this.log.stableTo(lastEntry.index, lastEntry.term);
    const lastApplied = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastApplied) this.log.appliedTo(lastApplied.index);
    this.pruneConfigHistory();
    if (this.role === "leader") {
      // The leader counts itself for commit only for entries it has made durable.
      const self = this.progress.get(this.id);
      if (self) self.maybeUpdate(this.log.persistedIndex());
      if (this.maybeCommit()) this.broadcastAppend();
    }
  }

  /**
   * Metadata for a snapshot the host takes at `index` (applied by the host, not compacted).
   * Throws when that entry is gone; see `trySnapshotMetadata`.
   */
  snapshotMetadata(index: number): SnapshotMetadata {
    const metadata = this.trySnapshotMetadata(index);
    invariant(metadata !== undefined, () => `snapshot at ${index}: entry compacted or superseded`);
    return metadata;
  }

  /**
   * Like `snapshotMetadata`, but undefined when the entry at `index` is no longer in the log:
   * compacted, or superseded by a leader's snapshot received meanwhile (in a Ready not yet
   * advanced). The host then skips this snapshot: the newer one replaces its state anyway.
   */
  trySnapshotMetadata(index: number): SnapshotMetadata | undefined {
    invariant(index <= this.log.applied, () => `snapshot at ${index} beyond applied ${this.log.applied}`);
    const term = this.log.term(index);
    if (term === undefined || index < this.log.firstIndex() - 1) return undefined;
    return { index, term, config: this.configAt(index) };
  }

  status(): RaftStatus {
    return {
      id: this.id,
      term: this.term,
      vote: this.vote,
      leaderId: this.lead,
      role: this.softState().role,
      commit: this.log.committed,
      applied: this.log.applied,
      firstIndex: this.log.firstIndex(),
      lastIndex: this.log.lastIndex(),
      config: this.membership,
      leadTransferee: this.leadTransferee,
    };
  }

  /** The leader's replication state of `id`, or undefined (not leader, not a member). */
  progressOf(id: NodeId): ProgressStatus | undefined {
    if (this.role !== "leader") return undefined;
    const pr = this.progress.get(id);
    if (!pr) return undefined;
    return {
      match: pr.match,
      next: pr.next,
      state: pr.state,
      isLearner: pr.isLearner,
      recentActive: pr.recentActive,
    };
  }

  /** Term of the entry at `index` in this node's log (durable or not), undefined if unknown. */
  logTerm(index: number): number | undefined {
    return this.log.term(index);
  }

  /** Entries [low, high) of this node's log; undefined if `low` was compacted. */
  logEntries(low: number, high: number): Entry[] | undefined {
    return this.log.entries(low, high, Number.MAX_SAFE_INTEGER);
  }

  // ---------------------------------------------------------------------------------------------
  // Roles

  private hardState(): HardState {
    return { term: this.term, vote: this.faults.forgetVote ? 0 : this.vote, commit: this.log.committed };
  }

  private softState(): SoftState {
    let role: Role = this.role;
    if (role === "follower" && !this.membership.voters.includes(this.id)) role = "learner";
    return { leaderId: this.lead, role };
  }

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = 0;
    }
    this.lead = 0;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout =
      this.cfg.electionTicks + Math.floor(this.cfg.random() * this.cfg.electionTicks);
    this.leadTransferee = 0;
    this.votes.clear();
    this.reads.reset();
    this.rebuildProgress();
  }

  private rebuildProgress(): void {
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

  private becomeFollower(term: number, lead: NodeId): void {
    this.reset(term);
    this.lead = lead;
    this.role = "follower";
  }

  private becomePreCandidate(): void {
    invariant(this.role !== "leader", "leader cannot become pre-candidate");
    // Term and vote stay: a pre-vote changes no durable state.
    this.votes.clear();
    this.lead = 0;
    this.role = "pre-candidate";
  }

  private becomeCandidate(): void {
    invariant(this.role !== "leader", "leader cannot become candidate");
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = "candidate";
  }

  private becomeLeader(): void {
    invariant(this.role === "candidate", "only a candidate becomes leader");
    this.reset(this.term);
    this.lead = this.id;
    this.role = "leader";
    for (const pr of this.progress.values()) pr.recentActive = true;
    // Any config entry in our log may be uncommitted: allow no change until all of it commits.
    this.pendingConfIndex = this.log.lastIndex();
    // Entries of earlier terms commit only through an entry of this term (Raft §5.4.2).
    const noop: Entry = {
      index: this.log.lastIndex() + 1,
      term: this.term,
      type: "noop",
      data: new Uint8Array(0),
    };
    this.appendLeaderEntries([noop]);
    this.broadcastAppend();
  }

  private promotable(): boolean {
    return this.membership.voters.includes(this.id) && !this.log.unstable().snapshot;
  }

  private startCampaign(kind: "pre" | "election" | "transfer"): void {
    if (!this.promotable()) return;
    let voteTerm: number;
    if (kind === "pre") {
      this.becomePreCandidate();
      voteTerm = this.term + 1;
    } else {
      this.becomeCandidate();
      voteTerm = this.term;
    }
    this.votes.set(this.id, true);
    if (this.tally() === "won") {
      if (kind === "pre") this.startCampaign("election");
      else this.becomeLeader();
      return;
    }
    const lastLogIndex = this.log.lastIndex();
    const lastLogTerm = this.log.lastTerm();
    for (const id of this.membership.voters) {
      if (id === this.id) continue;
      if (kind === "pre") {
        this.send({ type: "pre-vote", from: this.id, to: id, term: voteTerm, lastLogIndex, lastLogTerm });
      } else {
        this.send({
          type: "vote",
          from: this.id,
          to: id,
          term: voteTerm,
          lastLogIndex,
          lastLogTerm,
          transfer: kind === "transfer",
        });
      }
    }
  }

  private tally(): "won" | "lost" | "pending" {
    const voters = this.membership.voters;
    let granted = 0;
    let rejected = 0;
    for (const id of voters) {
      const v = this.votes.get(id);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    const q = quorumSize(voters);
    if (granted >= q) return "won";
    if (rejected > voters.length - q) return "lost";
    return "pending";
  }

  private handleVoteRequest(m: Extract<Message, { type: "vote" | "pre-vote" }>): void {
    const canVote =
      this.vote === m.from ||
      (this.vote === 0 && this.lead === 0) ||
      (m.type === "pre-vote" && m.term > this.term);
    const upToDate = this.faults.skipUpToDateCheck || this.log.isUpToDate(m.lastLogIndex, m.lastLogTerm);
    const responseType = m.type === "vote" ? "vote-response" : "pre-vote-response";
    if (canVote && upToDate) {
      // Answer with the requested term so the (pre-)candidate counts it.
      this.send({ type: responseType, from: this.id, to: m.from, term: m.term, reject: false });
      if (m.type === "vote") {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send({ type: responseType, from: this.id, to: m.from, term: this.term, reject: true });
    }
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.startCampaign(this.cfg.preVote ? "pre" : "election");
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.cfg.electionTicks) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        if (!this.quorumActive()) {
          this.becomeFollower(this.term, 0);
          return;
        }
        for (const [id, pr] of this.progress) pr.recentActive = id === this.id;
      }
      if (this.leadTransferee !== 0) this.leadTransferee = 0; // transfer timed out
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
  }

  private quorumActive(): boolean {
    const voters = this.membership.voters;
    let active = 0;
    for (const id of voters) {
      if (id === this.id || this.progress.get(id)?.recentActive) active++;
    }
    return active >= quorumSize(voters);
  }

  // ---------------------------------------------------------------------------------------------
  // Leader

  private appendProposal(type: EntryType, data: Uint8Array): ProposeResult {
    if (this.role !== "leader") return { ok: false, reason: "not-leader" };
    if (this.leadTransferee !== 0) return { ok: false, reason: "transferring" };
    if (this.log.lastIndex() - this.log.committed >= this.maxUncommittedEntries) {
      return { ok: false, reason: "too-many-uncommitted" };
    }
    const entry: Entry = { index: this.log.lastIndex() + 1, term: this.term, type, data };
    this.appendLeaderEntries([entry]);
    this.broadcastAppend();
    return { ok: true, index: entry.index, term: entry.term };
  }

  private appendLeaderEntries(entries: Entry[]): void {
    this.log.append(entries);
    this.trackConfigEntries(entries);
    // Our own match advances in advance(), once these entries are durable.
  }

  private stepLeader(m: Message): void {
    switch (m.type) {
      case "append-response":
        this.handleAppendResponse(m);
        return;
      case "heartbeat-response":
        this.handleHeartbeatResponse(m);
        return;
      case "snapshot-response":
        this.handleSnapshotResponse(m);
        return;
      case "read-index":
        this.leaderRead(m.context, m.from);
        return;
      default:
        return; // stale responses, or messages a leader ignores at its own term
    }
  }

  private handleAppendResponse(m: AppendResponseMessage): void {
    const pr = this.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    if (m.reject) {
      if (m.index === 0) return; // a higher-term notice; nothing to back off
      let hint = m.hintIndex;
      if (m.hintTerm > 0) hint = this.log.findConflictByTerm(m.hintIndex, m.hintTerm).index;
      if (pr.maybeDecrTo(m.index, hint)) {
        if (pr.state === "replicate") pr.becomeProbe();
        this.sendAppend(m.from, false);
      }
      return;
    }
    const wasPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index)) {
      if (wasPaused && !pr.isPaused()) this.sendAppend(m.from, false);
      return;
    }
    if (pr.state === "probe") {
      pr.becomeReplicate();
    } else if (pr.state === "snapshot" && pr.match + 1 >= this.log.firstIndex()) {
      pr.becomeProbe();
      pr.becomeReplicate();
    } else if (pr.state === "replicate") {
      pr.freeInflightTo(m.index);
    }
    if (this.maybeCommit()) {
      this.broadcastAppend();
    } else if (wasPaused) {
      // It was waiting on this answer: tell it our commit even if there is nothing new.
      this.sendAppend(m.from, true);
    }
    while (this.sendAppend(m.from, false)) {
      // keep the pipe full up to the inflight limit
    }
    if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) this.sendTimeoutNow(m.from);
  }

  private handleHeartbeatResponse(m: HeartbeatResponseMessage): void {
    const pr = this.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    pr.probeSent = false;
    if (pr.state === "replicate" && pr.isPaused()) pr.freeFirstInflight();
    if (pr.state === "snapshot") {
      this.sendSnapshotChunk(m.from, pr); // resume a stalled transfer
    } else if (pr.match < this.log.lastIndex()) {
      // Even with nothing new to send (next > last after a lost append), an empty append makes
      // the follower reject and the leader fall back to probing: the pipe never stays stuck.
      this.sendAppend(m.from, true);
    }
    if (m.readSeq > 0 && !pr.isLearner) {
      for (const r of this.reads.ack(m.from, m.readSeq, this.membership.voters)) this.releaseRead(r);
    }
  }

  private handleSnapshotResponse(m: SnapshotResponseMessage): void {
    const pr = this.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    if (pr.state !== "snapshot" || m.index !== pr.pendingSnapshot) return;
    if (m.nextOffset === pr.snapshotOffset) return; // duplicate answer
    pr.snapshotOffset = m.nextOffset;
    this.sendSnapshotChunk(m.from, pr);
  }

  /** Count voters' matches; commit only an index whose entry is of the current term. */
  private maybeCommit(): boolean {
    const index = committedIndex(this.membership.voters, (id) => this.progress.get(id)?.match ?? 0);
    if (index <= this.log.committed) return false;
    if (this.log.term(index) !== this.term && !this.faults.commitPreviousTermByCounting) return false;
    this.log.commitTo(index);
    this.onCommitAdvanced();
    return true;
  }

  private onCommitAdvanced(): void {
    if (this.role !== "leader") return;
    if (this.log.term(this.log.committed) === this.term) {
      for (const r of this.reads.takeAwaitingCommit()) this.leaderRead(r.context, r.from);
    }
    // A leader removed from the membership steps down once its removal is committed.
    if (!this.membership.voters.includes(this.id) && this.log.committed >= this.lastConfigIndex()) {
      this.becomeFollower(this.term, 0);
    }
  }

  private broadcastAppend(): void {
    for (const id of this.progress.keys()) {
      if (id !== this.id) this.sendAppend(id, true);
    }
  }

  private broadcastHeartbeat(): void {
    const readSeq = this.reads.heartbeatSeq;
    for (const [id, pr] of this.progress) {
      if (id === this.id) continue;
      this.send({
        type: "heartbeat",
        from: this.id,
        to: id,
        term: this.term,
        // Never tell a follower to commit beyond what it is known to match.
        commit: Math.min(pr.match, this.log.committed),
        readSeq,
      });
    }
  }

  /** Send an append (or a snapshot) to `to`; false when nothing was sent. */
  private sendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.progress.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevLogIndex = pr.next - 1;
    const prevLogTerm = this.log.term(prevLogIndex);
    const last = this.log.lastIndex();
    const entries =
      prevLogTerm === undefined
        ? undefined
        : this.log.entries(pr.next, last + 1, this.cfg.maxEntriesBytesPerMessage);
    if (prevLogTerm === undefined || entries === undefined) {
      return this.startSnapshot(to, pr);
    }
    if (entries.length === 0 && !sendIfEmpty) return false;
    const msg: AppendMessage = {
      type: "append",
      from: this.id,
      to,
      term: this.term,
      prevLogIndex,
      prevLogTerm,
      entries,
      commit: this.log.committed,
    };
    this.send(msg);
    const lastSent = entries[entries.length - 1];
    if (lastSent) pr.sentEntries(lastSent.index);
    else if (pr.state === "probe") pr.probeSent = true;
    return true;
  }

  private startSnapshot(to: NodeId, pr: Progress): boolean {
    if (!pr.recentActive) return false; // do not stream a snapshot into the void
    const snap = this.cfg.log.snapshot();
    invariant(snap !== undefined, "log compacted without a snapshot");
    pr.becomeSnapshot(snap.metadata.index);
    this.sendSnapshotChunk(to, pr);
    return true;
  }

  private sendSnapshotChunk(to: NodeId, pr: Progress): void {
    const snap = this.cfg.log.snapshot();
    invariant(snap !== undefined, "snapshot vanished");
    if (snap.metadata.index !== pr.pendingSnapshot) {
      // A newer snapshot replaced it: start over with that one.
      pr.becomeSnapshot(snap.metadata.index);
    }
    const offset = Math.min(pr.snapshotOffset, snap.data.length);
    const end = Math.min(offset + this.maxSnapshotChunkBytes, snap.data.length);
    const msg: SnapshotMessage = {
      type: "snapshot",
      from: this.id,
      to,
      term: this.term,
      metadata: snap.metadata,
      offset,
      data: snap.data.subarray(offset, end),
      done: end === snap.data.length,
    };
    this.send(msg);
  }

  private sendTimeoutNow(to: NodeId): void {
    this.send({ type: "timeout-now", from: this.id, to, term: this.term });
  }

  private leaderRead(context: Uint8Array, from: NodeId): void {
    if (this.log.term(this.log.committed) !== this.term) {
      // Our commit index may lag the true one until our noop commits (thesis §6.4).
      this.reads.awaitCommit({ context, from });
      return;
    }
    if (this.membership.voters.length === 1 && this.membership.voters[0] === this.id) {
      this.releaseRead({ seq: 0, index: this.log.committed, context, from, acks: new Set() });
      return;
    }
    if (!this.reads.add(this.log.committed, context, from, this.id)) return;
    this.broadcastHeartbeat();
  }

  private releaseRead(r: PendingRead): void {
    if (r.from === this.id) {
      this.readStates.push({ index: r.index, context: r.context });
    } else {
      this.send({
        type: "read-index-response",
        from: this.id,
        to: r.from,
        term: this.term,
        index: r.index,
        context: r.context,
        reject: false,
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Candidate and follower

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case "append":
      case "heartbeat":
      case "snapshot":
        // A leader of our term exists.
        this.becomeFollower(m.term, m.from);
        this.stepFollower(m);
        return;
      case "pre-vote-response":
      case "vote-response": {
        const mine = this.role === "pre-candidate" ? "pre-vote-response" : "vote-response";
        if (m.type !== mine) return;
        this.votes.set(m.from, !m.reject);
        const result = this.tally();
        if (result === "won") {
          if (this.role === "pre-candidate") this.startCampaign("election");
          else {
            this.becomeLeader();
          }
        } else if (result === "lost") {
          this.becomeFollower(this.term, 0);
        }
        return;
      }
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case "append":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppend(m);
        return;
      case "heartbeat":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));
        this.send({
          type: "heartbeat-response",
          from: this.id,
          to: m.from,
          term: this.term,
          readSeq: m.readSeq,
        });
        return;
      case "snapshot":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshotChunk(m);
        return;
      case "timeout-now":
        this.startCampaign("transfer");
        return;
      case "read-index":
        if (this.lead !== 0) this.send({ ...m, from: this.id, to: this.lead, term: this.term });
        return;
      case "read-index-response":
        if (!m.reject) this.readStates.push({ index: m.index, context: m.context });
        return;
      default:
        return;
    }
  }

  private handleAppend(m: AppendMessage): void {
    const reply = (reject: boolean, index: number, hintIndex = 0, hintTerm = 0): void => {
      this.sendAck({
        type: "append-response",
        from: this.id,
        to: m.from,
        term: this.term,
        reject,
        index,
        hintIndex,
        hintTerm,
      });
    };
    if (m.prevLogIndex < this.log.committed) {
      reply(false, this.log.committed);
      return;
    }
    const result = this.log.maybeAppend(m.prevLogIndex, m.prevLogTerm, m.commit, m.entries);
    if (result !== undefined) {
      if (result.appendedFrom !== undefined) this.onEntriesAppended(m.entries, result.appendedFrom);
      reply(false, result.lastNew);
      return;
    }
    const hint = this.log.findConflictByTerm(Math.min(m.prevLogIndex, this.log.lastIndex()), m.prevLogTerm);
    reply(true, m.prevLogIndex, hint.index, hint.term);
  }

  /**
   * A follower append replaced the log from `from` on: undo the config of replaced entries and
   * apply the config entries appended (membership follows the log, thesis §4.1).
   */
  private onEntriesAppended(entries: readonly Entry[], from: number): void {
    const kept = this.configHistory.filter((h) => h.index < from);
    if (kept.length !== this.configHistory.length) {
      this.configHistory = kept;
      this.membershipFromHistory();
    }
    this.trackConfigEntries(entries.filter((e) => e.index >= from));
  }

  private handleSnapshotChunk(m: SnapshotMessage): void {
    const index = m.metadata.index;
    const respond = (nextOffset: number): void => {
      this.send({ type: "snapshot-response", from: this.id, to: m.from, term: this.term, index, nextOffset });
    };
    if (index <= this.log.committed) {
      // We have all of it already (e.g. our final answer to an earlier copy was lost): say so.
      this.snapshotReceiver.clear();
      this.sendAck({
        type: "append-response",
        from: this.id,
        to: m.from,
        term: this.term,
        reject: false,
        index: this.log.committed,
        hintIndex: 0,
        hintTerm: 0,
      });
      return;
    }
    const outcome = this.snapshotReceiver.receive(m);
    if (outcome.kind === "continue") {
      respond(outcome.nextOffset);
      return;
    }
    const installed = this.restore(outcome.snapshot);
    this.sendAck({
      type: "append-response",
      from: this.id,
      to: m.from,
      term: this.term,
      reject: false,
      index: installed ? index : this.log.committed,
      hintIndex: 0,
      hintTerm: 0,
    });
  }

  /** Install a leader's snapshot; false when our log already covers it. */
  private restore(snapshot: Snapshot): boolean {
    const { index, term } = snapshot.metadata;
    if (index <= this.log.committed) return false;
    if (this.log.matchTerm(index, term)) {
      // We hold that entry: it is committed, no need to drop the log.
      this.log.commitTo(index);
      return false;
    }
    this.log.restore(snapshot);
    this.membership = snapshot.metadata.config;
    this.configHistory = [{ index, config: snapshot.metadata.config }];
    this.rebuildProgress();
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Membership bookkeeping

  /** Apply config entries just appended to the log (leader or follower). */
  private trackConfigEntries(entries: readonly Entry[]): void {
    let changed = false;
    for (const e of entries) {
      if (e.type !== "config") continue;
      const last = this.configHistory[this.configHistory.length - 1];
      invariant(last !== undefined && last.index < e.index, "config history out of order");
      const next = applyConfigChange(last.config, decodeConfigChange(e.data));
      this.configHistory.push({ index: e.index, config: next });
      changed = true;
    }
    if (changed) this.membershipFromHistory();
  }

  private membershipFromHistory(): void {
    const last = this.configHistory[this.configHistory.length - 1];
    invariant(last !== undefined, "empty config history");
    if (last.config === this.membership) return;
    this.membership = last.config;
    // Add and drop progress for members that came or went; keep the rest as is.
    const next = this.log.lastIndex() + 1;
    const members = new Set([...this.membership.voters, ...this.membership.learners]);
    for (const id of [...this.progress.keys()]) if (!members.has(id)) this.progress.delete(id);
    for (const id of members) {
      const isLearner = this.membership.learners.includes(id);
      const pr = this.progress.get(id);
      if (pr) pr.isLearner = isLearner;
      else {
        const p = new Progress(next, isLearner, this.cfg.maxInflightMessages);
        p.recentActive = true; // give a new member an election timeout before check-quorum counts it
        this.progress.set(id, p);
      }
    }
    if (
      this.role === "leader" &&
      this.leadTransferee !== 0 &&
      !this.membership.voters.includes(this.leadTransferee)
    ) {
      this.leadTransferee = 0;
    }
    // With fewer voters a quorum may already have the entries.
    if (this.role === "leader" && this.maybeCommit()) this.broadcastAppend();
  }

  /** Forget configs older than the one in force at the log's start (the host compacted). */
  private pruneConfigHistory(): void {
    const base = this.log.firstIndex() - 1;
    let keepFrom = 0;
    for (let i = 0; i < this.configHistory.length; i++) {
      if ((this.configHistory[i] as { index: number }).index <= base) keepFrom = i;
    }
    if (keepFrom > 0) this.configHistory = this.configHistory.slice(keepFrom);
  }

  private lastConfigIndex(): number {
    return (this.configHistory[this.configHistory.length - 1] as { index: number }).index;
  }

  private configAt(index: number): MembershipConfig {
    let config: MembershipConfig | undefined;
    for (const h of this.configHistory) {
      if (h.index <= index) config = h.config;
      else break;
    }
    invariant(config !== undefined, () => `membership at ${index} unknown (compacted)`);
    return config;
  }

  private send(m: Message): void {
    this.msgs.push(m);
  }

  /** Queue an append acknowledgement, remembering the term of the entry it vouches for. */
  private sendAck(m: AppendResponseMessage): void {
    if (!m.reject) {
      const term = this.log.term(m.index);
      if (term !== undefined) this.ackTerms.set(m, term);
    }
    this.msgs.push(m);
  }

  /**
   * An acknowledgement queued earlier may vouch for entries that a newer leader's append has
   * since replaced, before they were ever persisted: releasing it would promise durability of
   * entries we no longer have. Drop such acknowledgements (dropping a message is always safe).
   */
  private stillTrue(m: Message): boolean {
    if (m.type !== "append-response" || m.reject) return true;
    if (m.index > this.log.lastIndex()) return false;
    const term = this.ackTerms.get(m);
    if (term === undefined || m.index < this.log.firstIndex() - 1) return true; // covered by a snapshot
    return this.log.term(m.index) === term;
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.leaderId === b.leaderId && a.role === b.role;
}
