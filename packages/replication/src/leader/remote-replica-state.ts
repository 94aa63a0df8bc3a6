import { offset, offsetMax, offsetMin } from "@rill/protocol/ids";
import { invariant } from "../invariant.js";
import type { NodeId, Offset } from "../types.js";

/**
 * What the leader knows about one follower (Kafka's Replica / ReplicaState). Offsets are undefined
 * until the follower's first valid fetch in the current leader epoch: a fetch from an older epoch
 * proves nothing about the follower's log after a divergence.
 */
export class RemoteReplicaState {
  readonly replicaId: NodeId;
  /** The follower's fetch offset: it holds [logStart, logEndOffset), matching the leader's log. */
  logEndOffset: Offset | undefined = undefined;
  /** The follower's fsynced end, the largest it reported in this epoch capped at logEndOffset. */
  durableOffset: Offset | undefined = undefined;
  lastFetchTimeMs: number;
  /** The last time the follower had fetched everything the leader had (see `recordFetch`). */
  lastCaughtUpTimeMs: number;
  /** The leader's log end offset when this follower last fetched. */
  #lastFetchLeaderLogEndOffset: Offset = offset(0);

  constructor(replicaId: NodeId, options: { nowMs: number; inSync: boolean }) {
    this.replicaId = replicaId;
    this.lastFetchTimeMs = options.nowMs;
    // An ISR member gets a full lag period to fetch after a leader change before it can be dropped
    // (Kafka resets lastCaughtUpTime to "now" for ISR members on becoming leader).
    this.lastCaughtUpTimeMs = options.inSync ? options.nowMs : 0;
  }

  /**
   * A valid (non-diverging) fetch at `fetchOffset` while the leader's log ended at
   * `leaderLogEndOffset`. Kafka's rule: the follower was caught up now if it fetched from the
   * leader's current end; it was caught up at its previous fetch if it has now reached the end the
   * leader had back then.
   */
  recordFetch(fetch: {
    fetchOffset: Offset;
    durableOffset: Offset;
    leaderLogEndOffset: Offset;
    nowMs: number;
  }): void {
    invariant(fetch.durableOffset <= fetch.fetchOffset, "durable offset past the fetch offset");
    if (fetch.fetchOffset >= fetch.leaderLogEndOffset) {
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, fetch.nowMs);
    } else if (fetch.fetchOffset >= this.#lastFetchLeaderLogEndOffset) {
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, this.lastFetchTimeMs);
    }
    this.#lastFetchLeaderLogEndOffset = fetch.leaderLogEndOffset;
    this.lastFetchTimeMs = fetch.nowMs;
    this.logEndOffset = fetch.fetchOffset;
    // Never lowered by a report older than one already applied (a held round re-read after a
    // progress report, or one applied partition by partition around it): the durable prefix a
    // follower reported in this epoch stays durable and matching, also when it later truncates
    // to a shorter log, so the larger value capped at the fetch offset is still true.
    this.durableOffset = offsetMax(
      offsetMin(this.durableOffset ?? offset(0), fetch.fetchOffset),
      fetch.durableOffset,
    );
  }

  /** Kafka's isCaughtUp: at the leader's end now, or caught up within the lag limit. */
  isCaughtUp(leaderLogEndOffset: Offset, nowMs: number, replicaLagTimeMaxMs: number): boolean {
    return this.logEndOffset === leaderLogEndOffset || nowMs - this.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
  }
}
