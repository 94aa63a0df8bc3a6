/**
 * The I/O the core asks of its host (driver or simulation), etcd's Ready.
 *
 * THE CONTRACT, in order, for one Ready `rd` from `core.ready()`:
 *  1. Persist durably (fsync) `rd.snapshot` (if any), then `rd.entries` (appending; an entry at
 *     an index already in the log replaces it and everything after it), then `rd.hardState`.
 *  2. Only then send `rd.messages`: votes and append acknowledgements in them promise that the
 *     state of step 1 survives a crash.
 *  3. Apply `rd.committedEntries` in order (they are always already durable: the core never hands
 *     out an entry to apply that was not persisted by an earlier, advanced Ready), and load
 *     `rd.snapshot` into the state machine if present.
 *  4. Call `core.advance(rd)` with the same object. No other `ready()` is handed out before that.
 *
 * `core.advance` asserts it gets back the Ready it handed out; the core never puts into a Ready a
 * committed entry beyond the last persisted index.
 */
import type { Message } from "./messages.js";
import type { Entry, HardState, ReadState, Snapshot, SoftState } from "./types.js";

export interface Ready {
  /** Present when the role or known leader changed. Informational, not persisted. */
  readonly softState?: SoftState;
  /** Present when term, vote or commit changed: persist before sending `messages`. */
  readonly hardState?: HardState;
  /** Entries to append to the durable log before sending `messages`. */
  readonly entries: readonly Entry[];
  /** A snapshot received from the leader: persist (and compact the log up to it), then load. */
  readonly snapshot?: Snapshot;
  /** Messages to send once steps 1 is durable. Order per destination matters little. */
  readonly messages: readonly Message[];
  /** Entries committed and persisted, to apply in order. */
  readonly committedEntries: readonly Entry[];
  /** Linearizable reads whose index is now known; answer each once `index` is applied. */
  readonly readStates: readonly ReadState[];
  /** True when step 1 has anything to persist (hard state, entries or snapshot). */
  readonly mustSync: boolean;
}
