/**
 * The checks every `RaftStorage` makes on the writes a Ready asks for, so that the durable and
 * the in-memory storage keep one contract: a term never goes back, a vote never changes within a
 * term, the commit index covers only held entries, and no committed entry is overwritten.
 */
import type { HardState } from "../core/types.js";

export function assertHardState(next: HardState, previous: HardState, lastIndex: number): void {
  if (next.term < previous.term)
    throw new Error(`raft storage: term went back from ${previous.term} to ${next.term}`);
  if (next.term === previous.term && previous.vote !== 0 && next.vote !== previous.vote) {
    throw new Error(`raft storage: vote changed within term ${next.term}`);
  }
  if (next.commit > lastIndex)
    throw new Error(`raft storage: commit ${next.commit} past the last entry ${lastIndex}`);
}

/** An append starting at `firstIndex` must leave every committed entry in place. */
export function assertAppendAfterCommit(firstIndex: number, commit: number): void {
  if (firstIndex <= commit) {
    throw new Error(
      `raft storage: append at ${firstIndex} would overwrite committed entries (commit ${commit})`,
    );
  }
}
