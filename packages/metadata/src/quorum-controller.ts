/**
 * The controller driver: runs the pure MetadataController on the active controller and keeps
 * every replica's image up to date from the metadata log (KRaft's QuorumController, one
 * event at a time on the JS thread).
 *
 * On every replica, committed entries are replayed into `image` (the committed image). On the
 * active controller, an operation runs against `latestImage` (committed plus its own proposals
 * not yet committed), its records are applied there at once so the next operation sees them,
 * proposed as one Raft entry, and the response is released only once that entry commits. If a
 * proposal is lost (another entry commits at its index, or the proposal is refused), it and every
 * later one fail with NOT_CONTROLLER: each was computed on top of the lost ones.
 *
 * A new active controller first proposes an empty batch and accepts operations only once an
 * entry of its own term has committed: only then has it replayed every entry of earlier terms,
 * so its image is the whole truth (Raft's rule that a leader commits only current-term entries).
 *
 * Time is read through the injected clock; the app calls `tick()` on its timer.
 */
import { isRillError, RillError } from "@rill/protocol";
import type { ControllerResult } from "./controller/controller-result.js";
import { MetadataController, type MetadataControllerOptions } from "./controller/metadata-controller.js";
import { MetadataImage } from "./image/metadata-image.js";
import { decodeMetadataSnapshot, encodeMetadataSnapshot } from "./image/snapshot.js";
import type {
  CommittedEntry,
  LeaderAndTerm,
  MetadataLog,
  MetadataLogListener,
  MetadataSnapshotData,
} from "./log/metadata-log.js";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "./records/codec.js";
import type { MetadataRecord } from "./records/metadata-record.js";

export interface SnapshotPolicy {
  /** Take a snapshot after this many records since the last one. */
  readonly recordsBetweenSnapshotsMax: number;
  /** Or after this many bytes of entries since the last one. */
  readonly bytesBetweenSnapshotsMax: number;
}

export interface QuorumControllerOptions {
  readonly nodeId: number;
  readonly log: MetadataLog;
  /** Milliseconds since the epoch (or any monotonic origin); injected for determinism. */
  readonly clock: () => number;
  readonly controller?: MetadataControllerOptions;
  readonly snapshotPolicy?: SnapshotPolicy;
  /** The most operations proposed and not yet committed; more are refused (retriable). */
  readonly pendingOperationsMax?: number;
}

export const QUORUM_CONTROLLER_DEFAULTS = {
  snapshotPolicy: { recordsBetweenSnapshotsMax: 20_000, bytesBetweenSnapshotsMax: 16 * 1024 * 1024 },
  pendingOperationsMax: 1_000,
} as const;

interface PendingOperation {
  readonly records: readonly MetadataRecord[];
  readonly data: Uint8Array;
  /** The term this controller led when it proposed the entry. */
  readonly proposedInTerm: number;
  /** The Raft index and term, once `propose` resolved. */
  index: number | undefined;
  term: number | undefined;
  /** Who waits for the commit: the operation itself, and read-only operations behind it. */
  readonly waiters: { resolve: () => void; reject: (error: RillError) => void }[];
}

export class QuorumController implements MetadataLogListener {
  readonly controller: MetadataController;
  #committed = MetadataImage.EMPTY;
  #latest = MetadataImage.EMPTY;
  readonly #pending: PendingOperation[] = [];
  #leader: LeaderAndTerm = { leaderId: null, term: 0 };
  /** Term of the last committed entry replayed. */
  #committedTerm = 0;
  #readyWaiters: { resolve: () => void; reject: (error: RillError) => void }[] = [];
  #recordsSinceSnapshot = 0;
  #bytesSinceSnapshot = 0;
  #snapshotInFlight = false;
  readonly #options: Required<Pick<QuorumControllerOptions, "snapshotPolicy" | "pendingOperationsMax">>;

  readonly #config: QuorumControllerOptions;
  constructor(config: QuorumControllerOptions) {
    this.#config = config;
    this.controller = new MetadataController(config.controller);
    this.#options = {
      snapshotPolicy: config.snapshotPolicy ?? QUORUM_CONTROLLER_DEFAULTS.snapshotPolicy,
      pendingOperationsMax: config.pendingOperationsMax ?? QUORUM_CONTROLLER_DEFAULTS.pendingOperationsMax,
    };
    config.log.register(this);
  }

  /**
   * The committed image as snapshot data, for a Raft driver that pulls snapshots from the
   * state machine (RaftListener.saveSnapshot) rather than being handed them.
   */
  snapshotData(): Uint8Array {
    return encodeMetadataSnapshot(this.#committed);
  }

  /** The committed image. */
  get image(): MetadataImage {
    return this.#committed;
  }

  /** The committed image plus this controller's proposals not yet committed. */
  get latestImage(): MetadataImage {
    return this.#latest;
  }

  get leaderAndTerm(): LeaderAndTerm {
    return this.#leader;
  }

  get isActive(): boolean {
    return this.#leader.leaderId === this.#config.nodeId;
  }

  /** Active and caught up with every entry of earlier terms. */
  get isReady(): boolean {
    return this.isActive && this.#committedTerm === this.#leader.term;
  }

  #notController(): RillError {
    return new RillError("NOT_CONTROLLER", undefined, { details: { leaderId: this.#leader.leaderId } });
  }

  // ---- MetadataLogListener ----

  onCommit(entries: readonly CommittedEntry[]): void {
    let onlyOurs = true;
    for (const entry of entries) onlyOurs = this.#replayCommitted(entry) && onlyOurs;
    // When every entry was one of our proposals, `latest` already holds them and the rest: keep
    // it (re-applying every pending proposal on each commit would cost O(pending²)).
    const keepLatest =
      onlyOurs && this.isActive && this.#pending.length > 0 && this.#latest.offset >= this.#committed.offset;
    if (!keepLatest) this.#rebuildLatest();
    if (this.isReady) {
      this.#failStalePending();
      this.#releaseReadyWaiters();
    }
    this.#maybeSnapshot();
  }

  /** Replays one committed entry; true when it was this controller's next proposal. */
  #replayCommitted(entry: CommittedEntry): boolean {
    const records = decodeMetadataRecordBatch(entry.data);
    this.#committed = this.#committed.apply(records, entry.index);
    this.#committedTerm = entry.term;
    this.#recordsSinceSnapshot += records.length;
    this.#bytesSinceSnapshot += entry.data.byteLength;
    const first = this.#pending[0];
    if (first === undefined) return false;
    const ours =
      first.index === undefined
        ? sameBytes(first.data, entry.data)
        : first.index === entry.index && first.term === entry.term;
    if (ours) {
      const wasInLatest = this.isActive && this.#isOfCurrentTerm(first);
      this.#pending.shift();
      for (const waiter of first.waiters) waiter.resolve();
      // `latest` already holds it only when it was a proposal of the current term.
      return wasInLatest;
    }
    if (first.index !== undefined && entry.index >= first.index) {
      // Another entry holds our index: ours can never commit (Raft's log matching), nor can
      // any later proposal, which was computed on top of it.
      this.#failPending(this.#notController());
    }
    // A foreign entry before our first proposal can only be from an earlier term, before we
    // were ready (see whenReady); it does not decide the fate of ours.
    return false;
  }

  onLeaderChange(leader: LeaderAndTerm): void {
    const previous = this.#leader;
    const wasActive = this.isActive;
    this.#leader = leader;
    if (this.isActive && !wasActive) {
      this.controller.becomeActive(this.#config.clock());
    }
    if (this.isActive && (!wasActive || leader.term !== previous.term)) {
      // Commit an entry of our own term to learn that every earlier entry is committed (Raft
      // does not pass its own no-op entries on). Not from inside the listener call: the log
      // may not accept re-entrant calls.
      const term = leader.term;
      queueMicrotask(() => {
        if (!this.isActive || this.#leader.term !== term) return;
        this.#config.log.propose([encodeMetadataRecordBatch([])]).catch(() => {});
      });
    }
    if (!this.isActive) {
      // Proposals already made may still commit (their waiters resolve then); the view for new
      // operations falls back to the committed image.
      for (const waiter of this.#readyWaiters) waiter.reject(this.#notController());
      this.#readyWaiters = [];
    }
    this.#rebuildLatest();
  }

  /**
   * Once an entry of the current term has committed, a proposal of ours from an earlier term
   * that is still pending can never commit: Raft appends in call order and a leader's first
   * entry of a term goes after every entry already in its log, so every earlier-term entry that
   * survived has been delivered (and matched) by now. Fails it and every later proposal (computed
   * on top of it), before any operation of the new term is computed.
   */
  #failStalePending(): void {
    const position = this.#pending.findIndex(
      (operation) => (operation.term ?? operation.proposedInTerm) < this.#leader.term,
    );
    if (position < 0) return;
    const failed = this.#pending.splice(position);
    for (const operation of failed)
      for (const waiter of operation.waiters) waiter.reject(this.#notController());
    this.#rebuildLatest();
  }

  onSnapshotLoad(snapshot: MetadataSnapshotData): void {
    this.#committed = decodeMetadataSnapshot(snapshot.data, snapshot.index);
    this.#committedTerm = snapshot.term;
    this.#recordsSinceSnapshot = 0;
    this.#bytesSinceSnapshot = 0;
    this.#failPending(new RillError("INDETERMINATE", "The controller state was replaced by a snapshot"));
    this.#rebuildLatest();
  }

  /**
   * Only proposals of the current term are part of `latest`. One left from an earlier term (its
   * fate unknown, e.g. INDETERMINATE after a leadership loss) may never commit, and entries of
   * other leaders committed since may contradict it: applying it could compute operations on a
   * state that never exists, or fail replay outright. It counts once it commits (then it is in
   * `committed`), and failStalePending drops it once this term is ready.
   */
  #rebuildLatest(): void {
    let image = this.#committed;
    if (this.isActive) {
      for (const operation of this.#pending) {
        if (this.#isOfCurrentTerm(operation)) image = image.apply(operation.records, image.offset + 1);
      }
    }
    this.#latest = image;
  }

  #isOfCurrentTerm(operation: PendingOperation): boolean {
    return (operation.term ?? operation.proposedInTerm) === this.#leader.term;
  }

  #failPending(error: RillError): void {
    const failed = this.#pending.splice(0);
    for (const operation of failed) for (const waiter of operation.waiters) waiter.reject(error);
    this.#rebuildLatest();
  }

  #releaseReadyWaiters(): void {
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  #maybeSnapshot(): void {
    const policy = this.#options.snapshotPolicy;
    if (this.#snapshotInFlight) return;
    if (
      this.#recordsSinceSnapshot < policy.recordsBetweenSnapshotsMax &&
      this.#bytesSinceSnapshot < policy.bytesBetweenSnapshotsMax
    ) {
      return;
    }
    const image = this.#committed;
    this.#snapshotInFlight = true;
    this.#config.log
      .saveSnapshot({ index: image.offset, data: encodeMetadataSnapshot(image) })
      .then(
        () => {
          this.#recordsSinceSnapshot = 0;
          this.#bytesSinceSnapshot = 0;
        },
        () => {
          // Kept counting: the next commit tries again.
        },
      )
      .finally(() => {
        this.#snapshotInFlight = false;
      });
  }

  // ---- operations ----

  async #whenReady(): Promise<void> {
    if (this.isReady) return;
    if (!this.isActive) throw this.#notController();
    await new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  /**
   * Runs one controller operation: computes it on the latest image, proposes its records, and
   * resolves with its response once they commit. An operation without records waits for the
   * proposals before it, so its response never shows state that could still be lost.
   */
  async run<Response>(
    operation: (image: MetadataImage, nowMs: number) => ControllerResult<Response>,
  ): Promise<Response> {
    // Re-checked after every wait: the term may have changed while this operation waited.
    do await this.#whenReady();
    while (!this.isReady);
    if (this.#pending.length >= this.#options.pendingOperationsMax) {
      throw new RillError("THROTTLING_QUOTA_EXCEEDED", "Too many metadata operations in flight");
    }
    const result = operation(this.#latest, this.#config.clock());
    if (result.records.length === 0) {
      const last = this.#pending.at(-1);
      if (last !== undefined)
        await new Promise<void>((resolve, reject) => last.waiters.push({ resolve, reject }));
      return result.response;
    }
    const data = encodeMetadataRecordBatch(result.records);
    const committed = new Promise<void>((resolve, reject) => {
      const operationState: PendingOperation = {
        records: result.records,
        data,
        proposedInTerm: this.#leader.term,
        index: undefined,
        term: undefined,
        waiters: [{ resolve, reject }],
      };
      this.#pending.push(operationState);
      this.#latest = this.#latest.apply(result.records, this.#latest.offset + 1);
      this.#config.log.propose([data]).then(
        ({ index, term }) => {
          if (!this.#pending.includes(operationState)) return;
          operationState.index = index;
          operationState.term = term;
        },
        (error: unknown) => {
          if (!this.#pending.includes(operationState)) return;
          if (isRillError(error, "NOT_CONTROLLER")) {
            // Refused, nothing appended: this one and every later proposal (built on it) are
            // not done.
            const failed = this.#pending.splice(this.#pending.indexOf(operationState));
            for (const pendingOperation of failed) {
              for (const waiter of pendingOperation.waiters) waiter.reject(error);
            }
            this.#rebuildLatest();
            return;
          }
          // Appended but its fate is unknown (leadership lost, timeout): the caller learns
          // that, and the proposal stays tracked so that the image stays right whether it
          // commits (matched then) or not (dropped once a later term is ready).
          const reason =
            error instanceof RillError
              ? error
              : new RillError("INDETERMINATE", "The metadata proposal failed", { cause: error });
          const waiters = operationState.waiters.splice(0);
          for (const waiter of waiters) waiter.reject(reason);
        },
      );
    });
    await committed;
    return result.response;
  }

  /**
   * The periodic work of the active controller: fence brokers whose session expired, remove the
   * reassignment throttle once no partition moves and, when leader balancing is enabled and its
   * interval has passed, move leaderships back to preferred replicas (see
   * MetadataController.tickLeaderBalance). Does nothing on a controller that is not ready.
   */
  async tick(): Promise<void> {
    if (!this.isReady) return;
    await this.run((image, nowMs) => this.controller.tick(image, nowMs));
    await this.run((image) => this.controller.clearIdleReassignmentThrottle(image));
    await this.run((image, nowMs) => this.controller.tickLeaderBalance(image, nowMs));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
