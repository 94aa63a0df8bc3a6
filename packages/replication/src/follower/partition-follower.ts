import type { RillError } from "@rill/protocol";
import { offsetMax, offsetMin } from "@rill/protocol/ids";
import type { FollowerFetchRequest, LeaderLogPosition } from "../fetch-protocol.js";
import { invariant } from "../invariant.js";
import type { EpochEndOffset, ReplicaLog } from "../log/replica-log.js";
import type { LeaderEpoch, NodeId, Offset } from "../types.js";
import { planTruncation } from "./truncation.js";

export interface PartitionFollowerOptions {
  readonly localReplicaId: NodeId;
  readonly leaderId: NodeId;
  readonly leaderEpoch: LeaderEpoch;
  readonly log: ReplicaLog;
  /** The watermark this replica had (checkpoint, or as the previous leader). */
  readonly highWatermark: Offset;
}

/** The leader's answer as the follower sees it (a PartitionLeader's FollowerFetchDecision fits). */
export type FollowerFetchResponse = LeaderLogPosition &
  (
    | { readonly kind: "read" }
    | { readonly kind: "diverging"; readonly divergingEpoch: EpochEndOffset }
    | { readonly kind: "error"; readonly error: RillError }
  );

/**
 * What the driver does next. After "appended", "truncated" and "restarted" it fetches again at once;
 * after "truncated"/"restarted" it also truncates the producer state to the same offset. After
 * "backoff" it waits (retry backoff, or new metadata for a leader-epoch error).
 */
export type FollowerAction =
  | { readonly kind: "appended"; readonly highWatermark: Offset; readonly leaderLogStartOffset: Offset }
  | {
      readonly kind: "truncated";
      readonly truncatedTo: Offset;
      readonly complete: boolean;
      /** Records below the watermark were removed: only possible after an unclean election. */
      readonly belowHighWatermark: boolean;
    }
  | { readonly kind: "restarted"; readonly startOffset: Offset }
  | { readonly kind: "backoff"; readonly error: RillError };

/**
 * The follower side of one partition (Kafka's fetcher-thread logic for a partition, KIP-595-style
 * divergence in the fetch response). Pure: it builds fetch requests from the injected log and,
 * on a response, truncates that log where the protocol says so. Appending fetched records is the
 * driver's job (it holds the bytes); it does so BEFORE handing a "read" response to
 * `onFetchResponse`.
 */
export class PartitionFollower {
  readonly localReplicaId: NodeId;
  readonly leaderId: NodeId;
  readonly leaderEpoch: LeaderEpoch;
  readonly #log: ReplicaLog;
  #highWatermark: Offset;

  constructor(options: PartitionFollowerOptions) {
    invariant(options.leaderId !== options.localReplicaId, "a follower follows another replica");
    this.localReplicaId = options.localReplicaId;
    this.leaderId = options.leaderId;
    this.leaderEpoch = options.leaderEpoch;
    this.#log = options.log;
    this.#highWatermark = offsetMin(options.highWatermark, options.log.logEndOffset());
  }

  get highWatermark(): Offset {
    return this.#highWatermark;
  }

  /** The next fetch: from the log end, with the epoch of the log's last entry and its durable end. */
  fetchRequest(maxBytes: number): FollowerFetchRequest {
    return {
      replicaId: this.localReplicaId,
      currentLeaderEpoch: this.leaderEpoch,
      fetchOffset: this.#log.logEndOffset(),
      lastFetchedEpoch: this.#log.latestEpoch(),
      durableOffset: this.#log.flushedOffset(),
      maxBytes,
    };
  }

  onFetchResponse(response: FollowerFetchResponse): FollowerAction {
    switch (response.kind) {
      case "read":
        return this.#onRead(response);
      case "diverging":
        return this.#onDiverging(response.divergingEpoch);
      case "error":
        return this.#onError(response, response.error);
    }
  }

  #onRead(response: LeaderLogPosition): FollowerAction {
    // The leader's watermark may be ahead of what this replica holds yet.
    this.#highWatermark = offsetMax(
      this.#highWatermark,
      offsetMin(response.highWatermark, this.#log.logEndOffset()),
    );
    return {
      kind: "appended",
      highWatermark: this.#highWatermark,
      leaderLogStartOffset: response.logStartOffset,
    };
  }

  #onDiverging(divergingEpoch: EpochEndOffset): FollowerAction {
    const plan = planTruncation(this.#log, divergingEpoch, this.#highWatermark);
    return this.#truncate(plan.truncateTo, plan.complete);
  }

  #truncate(offset: Offset, complete: boolean): FollowerAction {
    const truncatedTo = offsetMax(offset, this.#log.logStartOffset());
    const belowHighWatermark = truncatedTo < this.#highWatermark;
    this.#log.truncateTo(truncatedTo);
    this.#highWatermark = offsetMin(this.#highWatermark, truncatedTo);
    return { kind: "truncated", truncatedTo, complete, belowHighWatermark };
  }

  /**
   * OFFSET_OUT_OF_RANGE (Kafka's handleOutOfRangeError): this log ends past the leader's (only
   * after an unclean election) → truncate to the leader's end; it ends before the leader's log
   * start (the leader deleted what it needs) → restart the log at the leader's start. Other errors
   * wait for new metadata or a retry.
   */
  #onError(position: LeaderLogPosition, error: RillError): FollowerAction {
    if (error.errorName !== "OFFSET_OUT_OF_RANGE") return { kind: "backoff", error };
    const logEndOffset = this.#log.logEndOffset();
    if (position.logEndOffset < logEndOffset) return this.#truncate(position.logEndOffset, true);
    if (logEndOffset < position.logStartOffset) {
      this.#log.truncateFullyAndStartAt(position.logStartOffset);
      this.#highWatermark = position.logStartOffset;
      return { kind: "restarted", startOffset: position.logStartOffset };
    }
    return { kind: "backoff", error };
  }
}
