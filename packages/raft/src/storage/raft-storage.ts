/**
 * What the driver needs from storage: the core's read-only `LogReader` plus the writes a `Ready`
 * asks for. `DurableRaftStorage` (files, fsync) and `MemoryRaftStorage` (tests, the in-memory
 * cluster) implement it.
 */
import type { Entry, HardState, LogReader, Snapshot } from "../core/types.js";

/** What one `Ready` asks to be made durable. */
export interface PersistRequest {
  readonly hardState?: HardState | undefined;
  /** Entries to append; a first index at or below the last one truncates the conflicting suffix. */
  readonly entries?: readonly Entry[] | undefined;
  /** A snapshot received from the leader: it replaces the whole log. */
  readonly snapshot?: Snapshot | undefined;
}

export interface RaftStorage extends LogReader {
  /**
   * Makes one Ready's hard state, entries (truncating a conflicting suffix) and received snapshot
   * durable; resolves only when they are.
   */
  persist(request: PersistRequest): Promise<void>;
  /** Saves a snapshot of the local state machine at a committed index and compacts the log through it. */
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  close(): Promise<void>;
}
