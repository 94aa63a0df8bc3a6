/**
 * The safety invariants the simulation checks after every event. Each check is incremental (it
 * looks only at what the event changed) so that thousands of seeds run in CI.
 */
import type { Entry, NodeId, RaftCore, RaftStatus } from "../core/index.js";

export class SafetyViolation extends Error {
  override readonly name = "SafetyViolation";
}

function fail(message: string): never {
  throw new SafetyViolation(message);
}

/** A stable identity of an entry's content. */
export function entryKey(e: Entry): string {
  let s = `${e.type}:`;
  for (const b of e.data) s += String.fromCharCode(b);
  return s;
}

export class Checker {
  /** term -> the node that led it (Election Safety). */
  readonly #leaderOfTerm = new Map<number, NodeId>();
  /** "index:term" -> content and previous term (Log Matching, inductively). */
  readonly #entries = new Map<string, { key: string; prevTerm: number }>();
  /** index -> committed entry (from applied entries): Leader Completeness, no lost acks. */
  readonly #committed = new Map<number, { term: number; key: string }>();
  /** index -> state-machine hash after applying it (State Machine Safety). */
  readonly #stateAt = new Map<number, number>();
  maxCommitted = 0;
  /** Durable commit per node, never decreasing across crashes. */
  readonly #durableCommit = new Map<NodeId, number>();
  /** Volatile commit per node incarnation. */
  readonly #volatileCommit = new Map<NodeId, number>();

  /** After any event on a node: roles, terms and commit monotonicity. */
  afterEvent(id: NodeId, st: RaftStatus, core: RaftCore, becameLeader: boolean): void {
    if (st.role === "leader") {
      const prev = this.#leaderOfTerm.get(st.term);
      if (prev !== undefined && prev !== id) fail(`two leaders in term ${st.term}: ${prev} and ${id}`);
      this.#leaderOfTerm.set(st.term, id);
      if (becameLeader) this.#checkLeaderCompleteness(id, st, core);
    }
    const before = this.#volatileCommit.get(id) ?? 0;
    if (st.commit < before) fail(`node ${id} commit went back from ${before} to ${st.commit}`);
    this.#volatileCommit.set(id, st.commit);
  }

  /** A node restarted from its durable state: its commit restarts from the durable one. */
  onRestart(id: NodeId, durableCommit: number): void {
    const d = this.#durableCommit.get(id) ?? 0;
    if (durableCommit < d) fail(`node ${id} durable commit went back from ${d} to ${durableCommit}`);
    this.#volatileCommit.set(id, durableCommit);
  }

  onDurableCommit(id: NodeId, commit: number): void {
    const d = this.#durableCommit.get(id) ?? 0;
    if (commit < d) fail(`node ${id} persisted commit ${commit} below earlier ${d}`);
    this.#durableCommit.set(id, commit);
  }

  /** Entries entering a node's log (from a Ready): Log Matching against every other log. */
  onEntriesAppended(id: NodeId, core: RaftCore, entries: readonly Entry[]): void {
    for (const e of entries) {
      const prevTerm = e.index === 1 ? 0 : core.logTerm(e.index - 1);
      const k = `${e.index}:${e.term}`;
      const key = entryKey(e);
      const seen = this.#entries.get(k);
      if (seen === undefined) {
        if (prevTerm !== undefined) this.#entries.set(k, { key, prevTerm });
      } else {
        if (seen.key !== key) fail(`log matching: node ${id} has a different entry at ${k}`);
        if (prevTerm !== undefined && seen.prevTerm !== prevTerm) {
          fail(`log matching: node ${id} entry ${k} follows term ${prevTerm}, elsewhere ${seen.prevTerm}`);
        }
      }
    }
  }

  /** A node applied `e` reaching state `hash`. */
  onApplied(id: NodeId, e: Entry, hash: number): void {
    const key = entryKey(e);
    const c = this.#committed.get(e.index);
    if (c === undefined) this.#committed.set(e.index, { term: e.term, key });
    else if (c.term !== e.term || c.key !== key) {
      fail(`state machine safety: node ${id} applied ${e.index}:${e.term}, another applied term ${c.term}`);
    }
    this.onState(id, e.index, hash);
    if (e.index > this.maxCommitted) this.maxCommitted = e.index;
  }

  /** A node's state machine is at `index` with `hash` (after a snapshot load or an apply). */
  onState(id: NodeId, index: number, hash: number): void {
    const h = this.#stateAt.get(index);
    if (h === undefined) this.#stateAt.set(index, hash);
    else if (h !== hash) fail(`state machine safety: node ${id} state at ${index} differs`);
  }

  committedAt(index: number): { term: number; key: string } | undefined {
    return this.#committed.get(index);
  }

  #checkLeaderCompleteness(id: NodeId, st: RaftStatus, core: RaftCore): void {
    if (st.lastIndex < this.maxCommitted) {
      fail(
        `leader completeness: leader ${id} of term ${st.term} ends at ${st.lastIndex} < committed ${this.maxCommitted}`,
      );
    }
    for (let i = Math.max(st.firstIndex, 1); i <= this.maxCommitted; i++) {
      const c = this.#committed.get(i);
      if (c === undefined) continue;
      const t = core.logTerm(i);
      if (t !== c.term)
        fail(`leader completeness: leader ${id} of term ${st.term} lacks committed ${i}:${c.term}`);
    }
  }
}
