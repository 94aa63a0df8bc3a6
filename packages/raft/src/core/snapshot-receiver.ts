import type { SnapshotMessage } from "./messages.js";
import type { Snapshot, SnapshotMetadata } from "./types.js";

/** What the follower does with a chunk: answer where to go on, or install the whole snapshot. */
export type SnapshotChunkOutcome =
  | { readonly kind: "continue"; readonly nextOffset: number }
  | { readonly kind: "complete"; readonly snapshot: Snapshot };

interface ReceivingSnapshot {
  readonly metadata: SnapshotMetadata;
  readonly chunks: Uint8Array[];
  bytes: number;
}

/**
 * A follower's reassembly of an InstallSnapshot sent in chunks. One snapshot (index and term) is
 * received at a time, in order: a chunk at offset 0 of another snapshot starts over, a chunk at
 * any other offset than the bytes held is answered with the offset wanted (a duplicate or a gap
 * after a lost message), and after a restart (nothing held) the leader is told to start from 0.
 * No limit of its own: it holds the one snapshot being sent. Holds no I/O; the RaftCore sends
 * the answers and installs the result.
 */
export class SnapshotReceiver {
  #receiving: ReceivingSnapshot | undefined;

  /** Forgets a partial copy (the snapshot is already covered by the log). */
  clear(): void {
    this.#receiving = undefined;
  }

  /** Takes one chunk; `complete` hands over the reassembled snapshot and forgets it. */
  receive(m: SnapshotMessage): SnapshotChunkOutcome {
    const index = m.metadata.index;
    let rcv = this.#receiving;
    if (m.offset === 0 && (!rcv || rcv.metadata.index !== index || rcv.metadata.term !== m.metadata.term)) {
      rcv = { metadata: m.metadata, chunks: [], bytes: 0 };
      this.#receiving = rcv;
    }
    if (!rcv || rcv.metadata.index !== index || rcv.metadata.term !== m.metadata.term) {
      return { kind: "continue", nextOffset: 0 }; // lost our partial copy (restart): start over
    }
    if (m.offset !== rcv.bytes) return { kind: "continue", nextOffset: rcv.bytes };
    rcv.chunks.push(m.data);
    rcv.bytes += m.data.length;
    if (!m.done) return { kind: "continue", nextOffset: rcv.bytes };
    this.#receiving = undefined;
    const data = new Uint8Array(rcv.bytes);
    let at = 0;
    for (const c of rcv.chunks) {
      data.set(c, at);
      at += c.length;
    }
    return { kind: "complete", snapshot: { metadata: rcv.metadata, data } };
  }
}
