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
 *
 * This file is the façade: the public API, and the Ready/advance hand-over with its assertions.
 * The protocol lives in one file per concern over the shared RaftState (raft-state.ts): message
 * routing and the term rules (step.ts), elections (election.ts), the leader's replication,
 * commit and reads (leader.ts), the follower's appends and snapshots (follower.ts), and the
 * membership that follows the log (membership-tracking.ts).
 */
import { invariant } from "./assert.js";
import type { RaftConfig } from "./config.js";
import { startCampaign, tickElection } from "./election.js";
import {
  appendProposal,
  broadcastAppend,
  leaderRead,
  maybeCommit,
  type ProposeResult,
  tickLeader,
  transferLeadership,
} from "./leader.js";
import { encodeConfigChange, validateConfigChange } from "./membership.js";
import { configAt, pruneConfigHistory, trackConfigEntries } from "./membership-tracking.js";
import type { Message } from "./messages.js";
import { MAX_COMMITTED_BYTES_PER_READY, RaftState, type UnsafeTestingFaults } from "./raft-state.js";
import type { Ready } from "./ready.js";
import { step } from "./step.js";
import {
  type ConfigChange,
  type Entry,
  type HardState,
  type MembershipConfig,
  type NodeId,
  RAFT_NO_NODE,
  type Role,
  type SnapshotMetadata,
  type SoftState,
} from "./types.js";

export type { ProposeRefusal, ProposeResult } from "./leader.js";
export {
  DEFAULT_MAX_SNAPSHOT_CHUNK_BYTES,
  DEFAULT_MAX_UNCOMMITTED_ENTRIES,
  MAX_COMMITTED_BYTES_PER_READY,
  type UnsafeTestingFaults,
} from "./raft-state.js";
export { MAX_PENDING_READS } from "./read-index.js";

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
  readonly #s: RaftState;

  constructor(config: RaftConfig, faults: UnsafeTestingFaults = {}) {
    this.#s = new RaftState(config, faults);
    this.id = this.#s.id;
    const s = this.#s;
    // Membership: the base (snapshot's or bootstrap) plus every config entry still in the log.
    const last = s.log.lastIndex();
    let low = s.cfg.log.firstIndex();
    while (low <= last) {
      const batch = s.log.entries(low, last + 1, MAX_COMMITTED_BYTES_PER_READY);
      invariant(batch !== undefined && batch.length > 0, "cannot read the log at start-up");
      trackConfigEntries(s, batch);
      low += batch.length;
    }
    s.rebuildProgress();
    s.becomeFollower(s.term, RAFT_NO_NODE);
    s.prevSoftState = s.softState();
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  /**
   * Start an election now (a pre-vote round first when PreVote is on), as if the election timeout
   * had elapsed. Ignored on a leader or a non-voter. For tests and for a host that wants a fast
   * first election.
   */
  campaign(): void {
    if (this.#s.role === "leader") return;
    startCampaign(this.#s, this.#s.cfg.preVote ? "pre" : "election");
  }

  /** Advance the logical clock by one tick. */
  tick(): void {
    if (this.#s.role === "leader") tickLeader(this.#s);
    else tickElection(this.#s);
  }

  /** Handle a message from a peer. Messages for another node or from ourselves are rejected. */
  step(m: Message): void {
    step(this.#s, m);
  }

  /** Append application data. Only the leader accepts; the host forwards or retries. */
  propose(data: Uint8Array): ProposeResult {
    return appendProposal(this.#s, "normal", data);
  }

  /**
   * Append a one-server membership change. Refused unless this leader committed an entry of its
   * term (thesis §4 fix) and no other change is uncommitted.
   */
  proposeConfigChange(change: ConfigChange): ProposeResult {
    const s = this.#s;
    if (s.role !== "leader") return { ok: false, reason: "not-leader" };
    if (s.pendingConfIndex > s.log.committed) return { ok: false, reason: "config-change-pending" };
    if (s.log.term(s.log.committed) !== s.term) return { ok: false, reason: "not-committed-in-term" };
    if (validateConfigChange(s.membership, change) !== undefined)
      return { ok: false, reason: "invalid-change" };
    const result = appendProposal(s, "config", encodeConfigChange(change));
    if (result.ok) s.pendingConfIndex = result.index;
    return result;
  }

  /**
   * Request a linearizable read. The answer is a ReadState with the same context in a later
   * Ready: once the host has applied up to its index, a local read is linearizable. A follower
   * forwards to the leader; when no leader is known the request is dropped (the host retries).
   */
  readIndex(context: Uint8Array): void {
    const s = this.#s;
    if (s.role === "leader") {
      leaderRead(s, context, s.id);
    } else if (s.lead !== RAFT_NO_NODE) {
      s.send({ type: "read-index", from: s.id, to: s.lead, term: s.term, context });
    }
  }

  /**
   * Hand leadership to `to` (leader only; elsewhere ignored). Proposals are refused while the
   * transfer runs; it is abandoned after an election timeout.
   */
  transferLeadership(to: NodeId): void {
    transferLeadership(this.#s, to);
  }

  /** Whether `ready()` has anything. False while a Ready is handed out and not yet advanced. */
  hasReady(): boolean {
    const s = this.#s;
    if (s.outstanding) return false;
    if (s.msgs.length > 0 || s.readStates.length > 0) return true;
    if (s.log.hasUnstable() || s.log.hasNextCommittedEntries()) return true;
    if (!sameHardState(s.hardState(), s.prevHardState)) return true;
    return !sameSoftState(s.softState(), s.prevSoftState);
  }

  /** The next batch of I/O. Must be followed by `advance` with the same object. */
  ready(): Ready {
    const s = this.#s;
    invariant(s.outstanding === undefined, "ready() called before advance() of the previous Ready");
    const unstable = s.log.unstable();
    const hs = s.hardState();
    const ss = s.softState();
    const committedEntries = s.log.nextCommittedEntries(MAX_COMMITTED_BYTES_PER_READY);
    // The Ready contract: never apply what is not already durable.
    const lastCommitted = committedEntries[committedEntries.length - 1];
    invariant(
      lastCommitted === undefined ||
        (lastCommitted.index <= s.log.persistedIndex() && lastCommitted.index <= s.log.committed),
      "committed entry handed out before it is durable",
    );
    const hsChanged = !sameHardState(hs, s.prevHardState);
    const entries = [...unstable.entries];
    const rd: Ready = {
      ...(sameSoftState(ss, s.prevSoftState) ? {} : { softState: ss }),
      ...(hsChanged ? { hardState: hs } : {}),
      entries,
      ...(unstable.snapshot ? { snapshot: unstable.snapshot } : {}),
      messages: s.msgs.filter((m) => s.stillTrue(m)),
      committedEntries,
      readStates: s.readStates,
      mustSync: hsChanged || entries.length > 0 || unstable.snapshot !== undefined,
    };
    // A persisted commit index must never run ahead of the entries persisted with it.
    invariant(hs.commit <= s.log.lastIndex(), "hard state commit beyond the log");
    // Messages promise only what this Ready (or an earlier one) makes durable.
    for (const m of rd.messages) {
      if (m.type === "vote-response" && !m.reject && m.term === s.term) {
        invariant(s.faults.forgetVote || hs.vote === m.to, "vote granted but not in the hard state");
      } else if (m.type === "append-response" && !m.reject) {
        invariant(m.index <= s.log.lastIndex(), "append acknowledged beyond the log");
      }
    }
    s.msgs = [];
    s.readStates = [];
    s.outstanding = rd;
    return rd;
  }

  /** The host persisted, sent and applied `rd` as the contract in ready.ts says. */
  advance(rd: Ready): void {
    const s = this.#s;
    invariant(s.outstanding !== undefined, "advance() without an outstanding Ready");
    invariant(rd === s.outstanding, "advance() got a Ready other than the one handed out");
    s.outstanding = undefined;
    if (rd.softState) s.prevSoftState = rd.softState;
    if (rd.hardState) s.prevHardState = rd.hardState;
    if (rd.snapshot) {
      s.log.stableSnapTo(rd.snapshot.metadata.index);
      s.log.appliedTo(rd.snapshot.metadata.index);
    }
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) s.log.stableTo(lastEntry.index, lastEntry.term);
    const lastApplied = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastApplied) s.log.appliedTo(lastApplied.index);
    pruneConfigHistory(s);
    if (s.role === "leader") {
      // The leader counts itself for commit only for entries it has made durable.
      const self = s.progress.get(s.id);
      if (self) self.maybeUpdate(s.log.persistedIndex());
      if (maybeCommit(s)) broadcastAppend(s);
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
    const s = this.#s;
    invariant(index <= s.log.applied, () => `snapshot at ${index} beyond applied ${s.log.applied}`);
    const term = s.log.term(index);
    if (term === undefined || index < s.log.firstIndex() - 1) return undefined;
    return { index, term, config: configAt(s, index) };
  }

  status(): RaftStatus {
    const s = this.#s;
    return {
      id: s.id,
      term: s.term,
      vote: s.vote,
      leaderId: s.lead,
      role: s.softState().role,
      commit: s.log.committed,
      applied: s.log.applied,
      firstIndex: s.log.firstIndex(),
      lastIndex: s.log.lastIndex(),
      config: s.membership,
      leadTransferee: s.leadTransferee,
    };
  }

  /** The leader's replication state of `id`, or undefined (not leader, not a member). */
  progressOf(id: NodeId): ProgressStatus | undefined {
    if (this.#s.role !== "leader") return undefined;
    const pr = this.#s.progress.get(id);
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
    return this.#s.log.term(index);
  }

  /** Entries [low, high) of this node's log; undefined if `low` was compacted. */
  logEntries(low: number, high: number): Entry[] | undefined {
    return this.#s.log.entries(low, high, Number.MAX_SAFE_INTEGER);
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.leaderId === b.leaderId && a.role === b.role;
}
