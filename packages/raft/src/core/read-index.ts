import { quorumSize } from "./membership.js";
import type { NodeId } from "./types.js";

/** Limit on linearizable reads waiting at the leader; more are refused (dropped). */
export const MAX_PENDING_READS = 4096;

/** A read waiting for a quorum to confirm the leadership it was asked under. */
export interface PendingRead {
  /** The heartbeat round that confirms it (0: released at once, a single-voter leader). */
  readonly seq: number;
  /** The commit index when it was asked: the host may read once it applied this far. */
  readonly index: number;
  readonly context: Uint8Array;
  /** The follower that asked, or the leader's own id. */
  readonly from: NodeId;
  readonly acks: Set<NodeId>;
}

/** A read asked before the leader committed an entry of its term. */
export interface ReadAwaitingCommit {
  readonly context: Uint8Array;
  readonly from: NodeId;
}

/**
 * The leader's ReadIndex bookkeeping (etcd's readOnly, thesis §6.4): reads wait until the leader
 * has committed an entry of its term, then each is tagged with the commit index and a heartbeat
 * round; a quorum of voters answering that round (or a later one) confirms the leader was still
 * leader when the read was asked, and releases it. Reads are released in the order asked. Both
 * queues are bounded by MAX_PENDING_READS; a read beyond that is dropped (the host retries). The
 * RaftCore sends the heartbeats and delivers the released reads; this holds no I/O.
 */
export class ReadIndex {
  #seq = 0;
  #pending: PendingRead[] = [];
  #awaitingCommit: ReadAwaitingCommit[] = [];

  /** Drops every waiting read (a new term: the answers would not prove leadership). */
  reset(): void {
    this.#pending = [];
    this.#awaitingCommit = [];
  }

  /** The round a heartbeat carries: the latest, or 0 when no read waits for one. */
  get heartbeatSeq(): number {
    return this.#pending.length > 0 ? this.#seq : 0;
  }

  /** Parks a read until the leader commits an entry of its term; dropped when full. */
  awaitCommit(read: ReadAwaitingCommit): void {
    if (this.#awaitingCommit.length < MAX_PENDING_READS) this.#awaitingCommit.push(read);
  }

  /** The parked reads, handed back once an entry of the leader's term committed. */
  takeAwaitingCommit(): ReadAwaitingCommit[] {
    const waiting = this.#awaitingCommit;
    this.#awaitingCommit = [];
    return waiting;
  }

  /**
   * Starts a heartbeat round for a read at `index`, acknowledged by `leaderId` itself. False
   * (the read dropped) when MAX_PENDING_READS reads already wait; the caller then sends no round.
   */
  add(index: number, context: Uint8Array, from: NodeId, leaderId: NodeId): boolean {
    if (this.#pending.length >= MAX_PENDING_READS) return false;
    this.#seq++;
    this.#pending.push({ seq: this.#seq, index, context, from, acks: new Set([leaderId]) });
    return true;
  }

  /**
   * A heartbeat answer from `from` for round `seq` confirms the leadership for every read up to
   * `seq`. Returns the reads now confirmed by a quorum of `voters`, in the order asked.
   */
  ack(from: NodeId, seq: number, voters: readonly NodeId[]): PendingRead[] {
    const q = quorumSize(voters);
    for (const r of this.#pending) {
      if (r.seq > seq) break;
      r.acks.add(from);
    }
    // A quorum for a later round also acknowledged every earlier one: release in order.
    let released = 0;
    for (const r of this.#pending) {
      let n = 0;
      for (const id of r.acks) if (voters.includes(id)) n++;
      if (n < q) break;
      released++;
    }
    return this.#pending.splice(0, released);
  }
}
