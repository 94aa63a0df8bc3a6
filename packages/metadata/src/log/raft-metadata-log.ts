/**
 * @rill/metadata's `MetadataLog` over @rill/raft's `RaftClient` (a `RaftNode` in the process).
 *
 * The two contracts differ in a few places, bridged here:
 * - `RaftClient.propose` resolves once the entries are committed; `MetadataLog.propose` only
 *   promises "appended" and says its resolution tells nothing of commitment, so resolving later
 *   is allowed (QuorumController then matches its proposal by bytes when the entry commits,
 *   which happens before the promise resolves). Rejections pass through: NOT_CONTROLLER means
 *   nothing was appended, INDETERMINATE that the entry may still commit.
 * - Raft passes the empty entry each new leader commits ("noop") to `onCommit`; the metadata
 *   layer reads empty data as an empty record batch, so it is passed on unchanged. Membership
 *   entries never reach listeners.
 * - Raft's "no leader" is node id 0; the metadata layer's is null.
 * - Snapshots: Raft hands a `Snapshot` (metadata + data) to `onSnapshotLoad`; the metadata layer
 *   wants `{ index, term, data }`. `saveSnapshot` stores the state machine's own snapshot at a
 *   committed index it has applied and lets Raft compact the log through it.
 *
 * It also remembers the position of the last entry it handed on (the committed image's offset
 * and that entry's term) and wakes `waitForCommit` callers, for the metadata stream.
 *
 * It lives beside the MetadataLog contract so that the controller app and the metadata
 * simulation run the same adapter; as the rest of this package, it takes time from its caller.
 */
import type { TimerClock } from "@rill/protocol/time";
import { type Entry, RAFT_NO_NODE, type RaftClient, type Snapshot } from "@rill/raft";
import type { CommittedEntry, MetadataLog, MetadataLogListener } from "./metadata-log.js";

export interface LogPosition {
  readonly index: number;
  readonly term: number;
}

export interface RaftMetadataLogOptions {
  /** Timers for `waitForChange` (the caller's: the system clock, or a simulated one). */
  readonly clock: TimerClock;
  /** Told how long each proposal took from `propose` to its commit (metrics). */
  readonly onProposalCommitted?: (seconds: number) => void;
  /** For the commit latency; default `clock.now` (the controller passes a monotonic clock). */
  readonly nowMs?: () => number;
}

export class RaftMetadataLog implements MetadataLog {
  #position: LogPosition = { index: 0, term: 0 };
  readonly #commitWaiters = new Set<() => void>();
  readonly #unregister: (() => void)[] = [];

  readonly #raft: RaftClient;
  readonly #options: RaftMetadataLogOptions;
  constructor(raft: RaftClient, options: RaftMetadataLogOptions) {
    this.#raft = raft;
    this.#options = options;
  }

  /** The last committed entry handed to the listener (or the snapshot loaded last). */
  get lastCommitted(): LogPosition {
    return this.#position;
  }

  propose(records: readonly Uint8Array[]): Promise<{ index: number; term: number }> {
    const observe = this.#options.onProposalCommitted;
    if (observe === undefined) return this.#raft.propose(records);
    const clock = this.#options.clock;
    const nowMs = this.#options.nowMs ?? (() => clock.now());
    const startedMs = nowMs();
    // RaftClient.propose resolves once the entries are committed: its duration is the commit latency.
    return this.#raft.propose(records).then((position) => {
      observe((nowMs() - startedMs) / 1000);
      return position;
    });
  }

  async saveSnapshot(snapshot: { index: number; data: Uint8Array }): Promise<void> {
    await this.#raft.saveSnapshot(snapshot);
  }

  /** Registers the metadata listener; call before the Raft node starts (it replays the snapshot). */
  register(listener: MetadataLogListener): void {
    this.#unregister.push(
      this.#raft.register({
        onCommit: (entries: readonly Entry[]) => {
          const committed: CommittedEntry[] = entries.map((entry) => ({
            index: entry.index,
            term: entry.term,
            data: entry.data,
          }));
          listener.onCommit(committed);
          const last = committed.at(-1);
          if (last !== undefined) this.#position = { index: last.index, term: last.term };
          this.#wakeCommitWaiters();
        },
        onLeaderChange: (leader) => {
          listener.onLeaderChange({
            leaderId: leader.leaderId === RAFT_NO_NODE ? null : leader.leaderId,
            term: leader.term,
          });
          this.#wakeCommitWaiters();
        },
        onSnapshotLoad: (snapshot: Snapshot) => {
          listener.onSnapshotLoad({
            index: snapshot.metadata.index,
            term: snapshot.metadata.term,
            data: snapshot.data,
          });
          this.#position = { index: snapshot.metadata.index, term: snapshot.metadata.term };
          this.#wakeCommitWaiters();
        },
      }),
    );
  }

  /**
   * Resolves at the next commit, leader change or snapshot load (whichever comes first), or after
   * `timeoutMs` at the latest: the metadata stream re-checks its position then.
   */
  waitForChange(timeoutMs: number): Promise<void> {
    const clock = this.#options.clock;
    return new Promise((resolve) => {
      const waiters = this.#commitWaiters;
      const done = (): void => {
        clock.clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = clock.setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  #wakeCommitWaiters(): void {
    for (const wake of [...this.#commitWaiters]) wake();
  }

  close(): void {
    for (const unregister of this.#unregister.splice(0)) unregister();
    this.#wakeCommitWaiters();
  }
}
