/**
 * An in-memory stand-in for the Raft quorum, for tests: one shared log that several controller
 * replicas (listeners) follow. The test decides who leads, when entries commit, and when
 * uncommitted entries are lost (a leader change that truncates them), so failover cases are
 * deterministic. With `autoCommit`, every proposal commits in the next microtask.
 */
import { RillError } from "@rill/protocol";
import type {
  CommittedEntry,
  LeaderAndTerm,
  MetadataLog,
  MetadataLogListener,
  MetadataSnapshotData,
} from "./metadata-log.js";

interface Member {
  readonly nodeId: number;
  listener?: MetadataLogListener;
}

export class InMemoryQuorum {
  readonly entries: CommittedEntry[] = [];
  commitIndex = 0;
  term = 0;
  leaderId: number | null = null;
  autoCommit: boolean;
  snapshot: MetadataSnapshotData | undefined;
  /**
   * "append": `propose` resolves once the entries are in the log (and says nothing of commit).
   * "commit": it resolves once they commit and rejects with INDETERMINATE when leadership
   * changes first, as @rill/raft's RaftClient does.
   */
  readonly proposeResolves: "append" | "commit";
  readonly #members = new Map<number, Member>();
  #commitScheduled = false;
  #commitWaiters: {
    index: number;
    term: number;
    resolve: (position: { index: number; term: number }) => void;
    reject: (error: RillError) => void;
  }[] = [];

  constructor(options: { autoCommit?: boolean; proposeResolves?: "append" | "commit" } = {}) {
    this.autoCommit = options.autoCommit ?? true;
    this.proposeResolves = options.proposeResolves ?? "append";
  }

  /** The MetadataLog as node `nodeId` sees it. */
  logFor(nodeId: number): MetadataLog {
    const member: Member = { nodeId };
    this.#members.set(nodeId, member);
    return {
      propose: async (records) => {
        const position = this.#propose(nodeId, records);
        if (this.proposeResolves === "append") return position;
        return new Promise((resolve, reject) => this.#commitWaiters.push({ ...position, resolve, reject }));
      },
      saveSnapshot: async ({ index, data }) => {
        const entry = this.entries[index - 1];
        if (entry === undefined || index > this.commitIndex)
          throw new Error(`snapshot at uncommitted index ${index}`);
        this.snapshot = { index, term: entry.term, data };
      },
      register: (listener) => {
        member.listener = listener;
      },
    };
  }

  #propose(nodeId: number, records: readonly Uint8Array[]): { index: number; term: number } {
    if (this.leaderId !== nodeId) {
      throw new RillError("NOT_CONTROLLER", undefined, { details: { leaderId: this.leaderId } });
    }
    for (const data of records) this.entries.push({ index: this.entries.length + 1, term: this.term, data });
    this.#scheduleCommit();
    return { index: this.entries.length, term: this.term };
  }

  #scheduleCommit(): void {
    if (!this.autoCommit || this.#commitScheduled) return;
    this.#commitScheduled = true;
    queueMicrotask(() => {
      this.#commitScheduled = false;
      this.commit();
    });
  }

  /**
   * Makes `nodeId` the leader of a new term. `truncate` drops the uncommitted entries first (the
   * old leader's proposals that did not reach a majority). The new leader appends an empty entry,
   * as a Raft leader does.
   */
  elect(nodeId: number | null, options: { truncate?: boolean } = {}): void {
    const waiters = this.#commitWaiters;
    this.#commitWaiters = [];
    for (const waiter of waiters) {
      waiter.reject(new RillError("INDETERMINATE", "Leadership changed before the proposal committed"));
    }
    if (options.truncate === true) this.entries.length = this.commitIndex;
    this.term++;
    this.leaderId = nodeId;
    const leader: LeaderAndTerm = { leaderId: nodeId, term: this.term };
    for (const member of this.#members.values()) member.listener?.onLeaderChange(leader);
    if (nodeId !== null) {
      this.entries.push({ index: this.entries.length + 1, term: this.term, data: new Uint8Array() });
      this.#scheduleCommit();
    }
  }

  /** Commits every entry up to `upTo` (default: all) and delivers them to every member. */
  commit(upTo: number = this.entries.length): void {
    if (upTo <= this.commitIndex) return;
    const committed = this.entries.slice(this.commitIndex, upTo);
    this.commitIndex = upTo;
    for (const member of this.#members.values()) member.listener?.onCommit(committed);
    const waiters = this.#commitWaiters;
    this.#commitWaiters = waiters.filter((waiter) => waiter.index > upTo);
    for (const waiter of waiters)
      if (waiter.index <= upTo) waiter.resolve({ index: waiter.index, term: waiter.term });
  }

  /** Delivers the latest snapshot to `nodeId` (as InstallSnapshot would). */
  installSnapshot(nodeId: number): void {
    const snapshot = this.snapshot;
    if (snapshot === undefined) throw new Error("no snapshot");
    this.#members.get(nodeId)?.listener?.onSnapshotLoad(snapshot);
  }

  /** Brings a (re)started member up to date: the snapshot, if any, then the entries after it. */
  catchUp(nodeId: number): void {
    const listener = this.#members.get(nodeId)?.listener;
    if (listener === undefined) return;
    const from = this.snapshot?.index ?? 0;
    if (this.snapshot !== undefined) listener.onSnapshotLoad(this.snapshot);
    const entries = this.entries.slice(from, this.commitIndex);
    if (entries.length > 0) listener.onCommit(entries);
    if (this.term > 0) listener.onLeaderChange({ leaderId: this.leaderId, term: this.term });
  }
}
