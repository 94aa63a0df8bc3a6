/** The leader's view of one follower's replication (etcd's Progress + Inflights). */
import { invariant } from "./assert.js";

export type ProgressState = "probe" | "replicate" | "snapshot";

export class Progress {
  match = 0;
  next: number;
  state: ProgressState = "probe";
  /** Probe state: an append is outstanding, wait for its answer (or a heartbeat answer). */
  probeSent = false;
  /** Replicate state: last index of each append in flight, oldest first. */
  readonly inflight: number[] = [];
  /** Snapshot state: the snapshot index being sent and the bytes the follower confirmed. */
  pendingSnapshot = 0;
  snapshotOffset = 0;
  /** Heard from since the last check-quorum round. */
  recentActive = false;

  readonly #maxInflight: number;
  constructor(
    next: number,
    public isLearner: boolean,
    maxInflight: number,
  ) {
    this.#maxInflight = maxInflight;
    this.next = next;
  }

  becomeProbe(): void {
    if (this.state === "snapshot") {
      this.next = Math.max(this.match + 1, this.pendingSnapshot + 1);
    } else {
      this.next = this.match + 1;
    }
    this.state = "probe";
    this.#reset();
  }

  becomeReplicate(): void {
    this.state = "replicate";
    this.next = this.match + 1;
    this.#reset();
  }

  becomeSnapshot(index: number): void {
    this.state = "snapshot";
    this.#reset();
    this.pendingSnapshot = index;
    this.snapshotOffset = 0;
  }

  #reset(): void {
    this.probeSent = false;
    this.inflight.length = 0;
    this.pendingSnapshot = 0;
    this.snapshotOffset = 0;
  }

  /** An acknowledgement up to `index`; false if stale. */
  maybeUpdate(index: number): boolean {
    let updated = false;
    if (index > this.match) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /**
   * A rejection of the append at `rejected`; `hintIndex` is the follower's estimate of its last
   * matching index. False if stale.
   */
  maybeDecrTo(rejected: number, hintIndex: number): boolean {
    if (this.state === "replicate") {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hintIndex + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  isPaused(): boolean {
    switch (this.state) {
      case "probe":
        return this.probeSent;
      case "replicate":
        return this.inflight.length >= this.#maxInflight;
      case "snapshot":
        return true;
    }
  }

  /** Replicate state: an append ending at `lastIndex` was sent. */
  sentEntries(lastIndex: number): void {
    if (this.state === "replicate") {
      invariant(this.inflight.length < this.#maxInflight, "inflight overflow");
      this.next = lastIndex + 1;
      this.inflight.push(lastIndex);
    } else if (this.state === "probe") {
      this.probeSent = true;
    }
  }

  freeInflightTo(index: number): void {
    let n = 0;
    while (n < this.inflight.length && (this.inflight[n] as number) <= index) n++;
    this.inflight.splice(0, n);
  }

  freeFirstInflight(): void {
    this.inflight.shift();
  }
}
