/**
 * Proposals appended to this leader's log and waiting to apply, keyed by the index of their last
 * entry. Every way one can end is settled here: applied in its term (resolved with its position),
 * replaced by another leader's entry, leadership lost, the deadline passed, the member failing —
 * all of them INDETERMINATE, since an appended entry may still commit.
 */
import { RillError } from "@rill/protocol";
import type { CommitPosition } from "../client/raft-client.js";
import type { Entry } from "../core/types.js";
import type { DriverClock } from "./clock.js";

interface InflightProposal {
  readonly term: number;
  readonly resolve: (position: CommitPosition) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: unknown;
}

export class InflightProposals {
  readonly #byIndex = new Map<number, InflightProposal>();

  readonly #clock: DriverClock;
  readonly #proposeTimeoutMs: number;
  constructor(clock: DriverClock, proposeTimeoutMs: number) {
    this.#clock = clock;
    this.#proposeTimeoutMs = proposeTimeoutMs;
  }

  /** Waits for the entry at `index` of `term` (the proposal's last) to apply. */
  add(
    index: number,
    term: number,
    resolve: (position: CommitPosition) => void,
    reject: (error: unknown) => void,
  ): void {
    const timer = this.#clock.setTimeout(() => {
      if (this.#byIndex.delete(index)) {
        reject(new RillError("INDETERMINATE", "raft: not committed in time; it may still commit"));
      }
    }, this.#proposeTimeoutMs);
    this.#byIndex.set(index, { term, resolve, reject, timer });
  }

  /** Settles the proposals whose last entry is among `applied`. */
  settle(applied: readonly Entry[]): void {
    for (const entry of applied) {
      const proposal = this.#byIndex.get(entry.index);
      if (proposal === undefined) continue;
      this.#byIndex.delete(entry.index);
      this.#clock.clearTimeout(proposal.timer);
      if (entry.term === proposal.term) proposal.resolve({ index: entry.index, term: entry.term });
      else
        proposal.reject(
          new RillError("INDETERMINATE", "raft: the proposal's entry was replaced by another leader's"),
        );
    }
  }

  /** Ends every proposal with `error` (leadership lost, the member closing or failing). */
  rejectAll(error: RillError): void {
    for (const proposal of this.#byIndex.values()) {
      this.#clock.clearTimeout(proposal.timer);
      proposal.reject(error);
    }
    this.#byIndex.clear();
  }
}
