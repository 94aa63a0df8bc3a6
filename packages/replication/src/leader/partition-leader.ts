import { RillError } from "@rill/protocol";
import { NO_NODE, offsetMax, offsetMin, offsetPlus } from "@rill/protocol/ids";
import type { FollowerFetchRequest, LeaderLogPosition } from "../fetch-protocol.js";
import { invariant, isSafeOffset } from "../invariant.js";
import type { EpochEndOffset, ReplicaLog } from "../log/replica-log.js";
import type { LeaderEpoch, NodeId, Offset, PartitionState } from "../types.js";
import type { Acks } from "./acks.js";
import { checkFetchOffset, checkLeaderEpoch, findDivergingEpoch } from "./fetch-validation.js";
import { computeHighWatermark } from "./high-watermark.js";
import { mayJoinIsr, outOfSyncReplicas } from "./isr-membership.js";
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  ConsumerFetchDecision,
  Durability,
  FollowerFetchDecision,
  LeaderOutput,
  PartitionLeaderConfig,
  PartitionLeaderOptions,
  ProduceCompletion,
} from "./leader-contract.js";
import { appendedThenResignedError, notLeaderError } from "./leader-errors.js";
import { type PendingProduce, ProducePurgatory } from "./produce-purgatory.js";
import { RemoteReplicaState } from "./remote-replica-state.js";
import { type ReplicationThrottle, UNTHROTTLED } from "./replication-throttle.js";

export type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  ConsumerFetchDecision,
  Durability,
  FollowerFetchDecision,
  LeaderOutput,
  PartitionLeaderConfig,
  PartitionLeaderOptions,
  ProduceCompletion,
} from "./leader-contract.js";

interface InflightAlterPartition {
  readonly requestId: number;
  readonly isr: ReadonlySet<NodeId>;
}

/**
 * The leader side of one partition (Kafka's Partition as leader + ReplicaManager's delayed
 * produce). A pure state machine: inputs are follower fetches, appends, flushes, ticks and the
 * controller's partition states, each with the current time; outputs are decisions and
 * `LeaderOutput`s. It reads the injected ReplicaLog and writes to it only to record the new
 * epoch's start offset on becoming leader.
 *
 * Invariants: the high watermark never decreases and never exceeds any maximal-ISR member's
 * durable end at the time it moved; the ISR changes only when the controller's state arrives;
 * at most one AlterPartition is in flight.
 *
 * Beside it: its inputs and outputs (leader-contract.ts), the watermark rule (high-watermark.ts),
 * who leaves and joins the ISR (isr-membership.ts), the purgatory (produce-purgatory.ts), each
 * follower's state (remote-replica-state.ts) and the errors after resigning (leader-errors.ts).
 */
export class PartitionLeader {
  readonly localReplicaId: NodeId;
  #config: PartitionLeaderConfig;
  readonly #log: ReplicaLog;
  readonly #throttle: ReplicationThrottle;
  readonly #isEligibleForIsr: (replicaId: NodeId) => boolean;
  readonly #purgatory: ProducePurgatory;
  #state: PartitionState;
  #isr: ReadonlySet<NodeId>;
  #remotes = new Map<NodeId, RemoteReplicaState>();
  #highWatermark: Offset;
  #leaderEpochStartOffset: Offset;
  #inflight: InflightAlterPartition | undefined = undefined;
  #nextRequestId = 1;
  /** acks=all produces validated but not yet appended: they hold purgatory slots. */
  #reservedSlots = 0;
  #resignedTo: PartitionState | undefined = undefined;
  #outbox: { completions: ProduceCompletion[]; alterPartition: AlterPartitionRequest | undefined } = {
    completions: [],
    alterPartition: undefined,
  };

  constructor(options: PartitionLeaderOptions) {
    const { config, state, log } = options;
    invariant(state.leader === options.localReplicaId, "a PartitionLeader is built only for the leader");
    invariant(state.isr.includes(state.leader), "the leader is a member of the ISR");
    invariant(config.minInsyncReplicas >= 1, "min.insync.replicas >= 1");
    invariant(config.replicaLagTimeMaxMs > 0, "replica.lag.time.max.ms > 0");
    this.localReplicaId = options.localReplicaId;
    this.#config = config;
    this.#log = log;
    this.#throttle = options.throttle ?? UNTHROTTLED;
    this.#isEligibleForIsr = options.isEligibleForIsr ?? (() => true);
    this.#purgatory = new ProducePurgatory(config.maxPendingProduces);
    this.#state = state;
    this.#isr = new Set(state.isr);
    this.#highWatermark = offsetMin(
      offsetMax(options.highWatermark, log.logStartOffset()),
      log.logEndOffset(),
    );
    this.#leaderEpochStartOffset = this.#startEpoch(state, options.nowMs);
  }

  // ---- queries ------------------------------------------------------------------------------

  get highWatermark(): Offset {
    return this.#highWatermark;
  }

  get leaderEpoch(): LeaderEpoch {
    return this.#state.leaderEpoch;
  }

  get partitionState(): PartitionState {
    return this.#state;
  }

  /** False once the controller made another replica leader; every request then fails. */
  get isLeader(): boolean {
    return this.#resignedTo === undefined;
  }

  /** The log end offset when this leader epoch began. */
  get leaderEpochStartOffset(): Offset {
    return this.#leaderEpochStartOffset;
  }

  /**
   * Whether the watermark has reached this epoch's start: until then it may lag the previous
   * leader's, and ListOffsets(latest) answers OFFSET_NOT_AVAILABLE as in Kafka.
   */
  isHighWatermarkCurrent(): boolean {
    return this.#highWatermark >= this.#leaderEpochStartOffset;
  }

  /** The committed ISR plus members an in-flight AlterPartition adds (Kafka's maximal ISR). */
  maximalIsr(): ReadonlySet<NodeId> {
    if (this.#inflight === undefined) return this.#isr;
    return new Set([...this.#isr, ...this.#inflight.isr]);
  }

  get pendingProduceCount(): number {
    return this.#purgatory.size;
  }

  /** The leader's view of a follower, for describe/metrics; undefined for the leader itself. */
  followerState(
    replicaId: NodeId,
  ):
    | Pick<RemoteReplicaState, "logEndOffset" | "durableOffset" | "lastFetchTimeMs" | "lastCaughtUpTimeMs">
    | undefined {
    const remote = this.#remotes.get(replicaId);
    if (remote === undefined) return undefined;
    const { logEndOffset, durableOffset, lastFetchTimeMs, lastCaughtUpTimeMs } = remote;
    return { logEndOffset, durableOffset, lastFetchTimeMs, lastCaughtUpTimeMs };
  }

  /** How many replicas hold / have fsynced everything below `endOffset`. */
  durability(endOffset: Offset): Durability {
    let replicasWithRecords = this.#log.logEndOffset() >= endOffset ? 1 : 0;
    let replicasDurable = this.#log.flushedOffset() >= endOffset ? 1 : 0;
    for (const remote of this.#remotes.values()) {
      if ((remote.logEndOffset ?? -1) >= endOffset) replicasWithRecords++;
      if ((remote.durableOffset ?? -1) >= endOffset) replicasDurable++;
    }
    return { replicasWithRecords, replicasDurable };
  }

  // ---- produce ------------------------------------------------------------------------------

  /**
   * Checks before appending (nothing is appended on error): leadership, NOT_ENOUGH_REPLICAS for
   * acks=all when the committed ISR is below min.insync.replicas, and a free purgatory slot
   * (THROTTLING_QUOTA_EXCEEDED, retriable, when `maxPendingProduces` acks=all appends wait).
   * On success an acks=all produce holds a slot until `onAppended` or `onAppendFailed`.
   */
  validateProduce(request: { acks: Acks }): RillError | undefined {
    if (this.#resignedTo !== undefined) return this.#notLeaderError();
    if (request.acks !== "all") return undefined;
    if (this.#isr.size < this.#config.minInsyncReplicas) {
      return new RillError(
        "NOT_ENOUGH_REPLICAS",
        `ISR size ${this.#isr.size} is below min.insync.replicas ${this.#config.minInsyncReplicas}`,
        { details: { isr: [...this.#isr], minInsyncReplicas: this.#config.minInsyncReplicas } },
      );
    }
    if (this.#purgatory.size + this.#reservedSlots >= this.#purgatory.maxPending) {
      return new RillError(
        "THROTTLING_QUOTA_EXCEEDED",
        `${this.#purgatory.maxPending} acks=all produces are already waiting on this partition`,
      );
    }
    this.#reservedSlots++;
    return undefined;
  }

  /** The storage append of a validated acks=all produce failed: its purgatory slot is freed. */
  onAppendFailed(request: { acks: Acks }): void {
    if (request.acks !== "all") return;
    invariant(this.#reservedSlots > 0, "onAppendFailed without a validated produce");
    this.#reservedSlots--;
  }

  /**
   * A validated produce was appended at [.., lastOffset] (stamped with this leader epoch). acks=0
   * and acks=1 complete now (with NOT_LEADER_OR_FOLLOWER if leadership was lost meanwhile); acks=all completes when the high watermark passes `lastOffset`:
   * acknowledged, or NOT_ENOUGH_REPLICAS_AFTER_APPEND if the maximal ISR is then below
   * min.insync.replicas. It fails with REQUEST_TIMED_OUT at `nowMs + timeoutMs`, or with
   * NOT_LEADER_OR_FOLLOWER when leadership is lost — both indeterminate: the records are in the
   * log and may still be committed (an idempotent producer's retry is deduplicated).
   */
  onAppended(produce: {
    produceId: number;
    acks: Acks;
    lastOffset: Offset;
    nowMs: number;
    timeoutMs: number;
  }): LeaderOutput {
    invariant(produce.lastOffset < this.#log.logEndOffset(), "onAppended after the records are in the log");
    if (produce.acks !== "all") {
      const durability = this.durability(offsetPlus(produce.lastOffset, 1));
      const error = this.#resignedTo === undefined ? undefined : this.#appendedThenResignedError();
      this.#outbox.completions.push({ produceId: produce.produceId, error, durability });
      return this.#flushOutbox(this.#highWatermark);
    }
    invariant(this.#reservedSlots > 0, "an acks=all produce is validated before it is appended");
    this.#reservedSlots--;
    const before = this.#highWatermark;
    if (this.#resignedTo !== undefined) {
      this.#outbox.completions.push(
        this.#failed(produce.produceId, offsetPlus(produce.lastOffset, 1), this.#appendedThenResignedError()),
      );
      return this.#flushOutbox(before);
    }
    this.#purgatory.add({
      produceId: produce.produceId,
      requiredOffset: offsetPlus(produce.lastOffset, 1),
      deadlineMs: produce.nowMs + produce.timeoutMs,
    });
    this.#maybeAdvanceHighWatermark();
    return this.#flushOutbox(before);
  }

  /** The local log's flushed offset moved (a group commit finished). */
  onLogFlushed(): LeaderOutput {
    const before = this.#highWatermark;
    if (this.#resignedTo === undefined) this.#maybeAdvanceHighWatermark();
    return this.#flushOutbox(before);
  }

  /** Time passed: expires waiting produces and proposes removing lagging followers from the ISR. */
  tick(nowMs: number): LeaderOutput {
    const before = this.#highWatermark;
    if (this.#resignedTo === undefined) {
      for (const expired of this.#purgatory.takeExpired(nowMs)) {
        this.#outbox.completions.push(
          this.#failed(
            expired.produceId,
            expired.requiredOffset,
            new RillError(
              "REQUEST_TIMED_OUT",
              "acks=all timed out; the records were appended and may be committed",
              {
                details: { indeterminate: true, requiredOffset: expired.requiredOffset },
              },
            ),
          ),
        );
      }
      this.#maybeShrinkIsr(nowMs);
    }
    return this.#flushOutbox(before);
  }

  // ---- fetch ---------------------------------------------------------------------------------

  /** A follower fetch: validates it, detects divergence, updates the follower's state. */
  onFollowerFetch(
    request: FollowerFetchRequest,
    nowMs: number,
  ): { decision: FollowerFetchDecision; output: LeaderOutput } {
    const before = this.#highWatermark;
    const decision = this.#followerFetch(request, nowMs);
    return { decision, output: this.#flushOutbox(before) };
  }

  /** A consumer fetch: KIP-320 epoch check, offset range, and reads capped at the watermark. */
  validateConsumerFetch(request: {
    fetchOffset: Offset;
    currentLeaderEpoch: LeaderEpoch | undefined;
  }): ConsumerFetchDecision {
    if (this.#resignedTo !== undefined) return { kind: "error", error: this.#notLeaderError() };
    const error =
      checkLeaderEpoch(request.currentLeaderEpoch, this.#state.leaderEpoch) ??
      checkFetchOffset(request.fetchOffset, this.#log);
    if (error !== undefined) return { kind: "error", error };
    return {
      kind: "read",
      fetchOffset: request.fetchOffset,
      maxOffset: this.#highWatermark,
      ...this.#position(),
    };
  }

  /**
   * OffsetsForLeaderEpoch (KIP-101/320) answered by the leader: where `epoch` ends in its log.
   * A consumer uses it to detect that its position was truncated away.
   */
  endOffsetForEpoch(
    epoch: LeaderEpoch,
    currentLeaderEpoch: LeaderEpoch | undefined,
  ): EpochEndOffset | RillError {
    if (this.#resignedTo !== undefined) return this.#notLeaderError();
    return (
      checkLeaderEpoch(currentLeaderEpoch, this.#state.leaderEpoch) ?? this.#log.endOffsetForEpoch(epoch)
    );
  }

  // ---- controller -----------------------------------------------------------------------------

  /** The controller answered the AlterPartition in flight (a stale answer is ignored). */
  onAlterPartitionResponse(response: AlterPartitionResponse, nowMs: number): LeaderOutput {
    const before = this.#highWatermark;
    if (this.#resignedTo === undefined && this.#inflight?.requestId === response.requestId) {
      this.#inflight = undefined;
      // On error the ISR stays as committed; the next tick or fetch proposes again.
      if ("state" in response) this.#applyPartitionState(response.state, nowMs);
      else this.#maybeAdvanceHighWatermark();
    }
    return this.#flushOutbox(before);
  }

  /**
   * A partition state from the metadata log. Older states are ignored. Another leader, or a newer
   * epoch led by another replica, ends this leadership: waiting produces fail with
   * NOT_LEADER_OR_FOLLOWER naming the new leader, and `isLeader` turns false (the driver builds a
   * PartitionFollower). A newer epoch led by this replica starts the new epoch in place.
   */
  onPartitionState(state: PartitionState, nowMs: number): LeaderOutput {
    const before = this.#highWatermark;
    if (this.#resignedTo === undefined) this.#applyPartitionState(state, nowMs);
    return this.#flushOutbox(before);
  }

  /** Leadership lost without a new state (e.g. the partition is deleted or the broker stops). */
  resign(newState?: PartitionState): LeaderOutput {
    const before = this.#highWatermark;
    if (this.#resignedTo === undefined) this.#resign(newState ?? { ...this.#state, leader: NO_NODE });
    return this.#flushOutbox(before);
  }

  /**
   * A topic config change (min.insync.replicas, replica.lag.time.max.ms) applies from the next
   * input; the purgatory bound is fixed for the leader's lifetime.
   */
  updateConfig(config: Pick<PartitionLeaderConfig, "minInsyncReplicas" | "replicaLagTimeMaxMs">): void {
    invariant(config.minInsyncReplicas >= 1, "min.insync.replicas >= 1");
    invariant(config.replicaLagTimeMaxMs > 0, "replica.lag.time.max.ms > 0");
    this.#config = { ...this.#config, ...config };
  }

  /** The driver sent `bytes` of records to a follower (throttle accounting). */
  recordBytesSent(replicaId: NodeId, bytes: number, nowMs: number): void {
    this.#throttle.recordBytesSent(replicaId, bytes, nowMs);
  }

  // ---- internals --------------------------------------------------------------------------------

  #followerFetch(request: FollowerFetchRequest, nowMs: number): FollowerFetchDecision {
    if (this.#resignedTo !== undefined)
      return { kind: "error", error: this.#notLeaderError(), ...this.#position() };
    const remote = this.#remotes.get(request.replicaId);
    if (remote === undefined) {
      const error = new RillError("NOT_LEADER_OR_FOLLOWER", `replica ${request.replicaId} is not assigned`, {
        details: { replicaId: request.replicaId, replicas: this.#state.replicas },
      });
      return { kind: "error", error, ...this.#position() };
    }
    const epochError = checkLeaderEpoch(request.currentLeaderEpoch, this.#state.leaderEpoch);
    if (epochError !== undefined) return { kind: "error", error: epochError, ...this.#position() };
    if (
      !isSafeOffset(request.fetchOffset) ||
      !isSafeOffset(request.durableOffset) ||
      request.durableOffset > request.fetchOffset ||
      !(request.maxBytes >= 0)
    ) {
      const error = new RillError(
        "INVALID_REQUEST",
        "follower fetch needs 0 <= durableOffset <= fetchOffset",
        {
          details: { fetchOffset: request.fetchOffset, durableOffset: request.durableOffset },
        },
      );
      return { kind: "error", error, ...this.#position() };
    }
    const divergence = findDivergingEpoch(this.#log, request.fetchOffset, request.lastFetchedEpoch);
    if (divergence instanceof RillError) return { kind: "error", error: divergence, ...this.#position() };
    if (divergence !== undefined)
      return { kind: "diverging", divergingEpoch: divergence, ...this.#position() };
    const rangeError = checkFetchOffset(request.fetchOffset, this.#log);
    if (rangeError !== undefined) return { kind: "error", error: rangeError, ...this.#position() };

    remote.recordFetch({
      fetchOffset: request.fetchOffset,
      durableOffset: request.durableOffset,
      leaderLogEndOffset: this.#log.logEndOffset(),
      nowMs,
    });
    this.#maybeExpandIsr(remote);
    this.#maybeAdvanceHighWatermark();

    // Only followers outside the ISR are throttled: throttling an ISR member stalls acks=all.
    const allowedBytes = this.#isr.has(remote.replicaId)
      ? Number.POSITIVE_INFINITY
      : this.#throttle.fetchBytesAllowed(remote.replicaId, nowMs);
    return {
      kind: "read",
      fetchOffset: request.fetchOffset,
      maxBytes: Math.min(request.maxBytes, allowedBytes),
      throttled: allowedBytes < request.maxBytes,
      ...this.#position(),
    };
  }

  #position(): LeaderLogPosition {
    return {
      highWatermark: this.#highWatermark,
      logStartOffset: this.#log.logStartOffset(),
      logEndOffset: this.#log.logEndOffset(),
    };
  }

  /** Records the epoch's start in the log and resets follower tracking; returns the start offset. */
  #startEpoch(state: PartitionState, nowMs: number): Offset {
    const startOffset = this.#log.logEndOffset();
    this.#log.assignEpochStartOffset(state.leaderEpoch, startOffset);
    this.#remotes = new Map();
    this.#syncRemotes(state, nowMs);
    return startOffset;
  }

  /** One RemoteReplicaState per follower in `state.replicas`, keeping existing ones. */
  #syncRemotes(state: PartitionState, nowMs: number): void {
    const replicas = new Set(state.replicas);
    for (const replicaId of this.#remotes.keys())
      if (!replicas.has(replicaId)) this.#remotes.delete(replicaId);
    for (const replicaId of replicas) {
      if (replicaId === this.localReplicaId || this.#remotes.has(replicaId)) continue;
      this.#remotes.set(
        replicaId,
        new RemoteReplicaState(replicaId, { nowMs, inSync: state.isr.includes(replicaId) }),
      );
    }
  }

  #applyPartitionState(state: PartitionState, nowMs: number): void {
    const current = this.#state;
    if (state.leaderEpoch < current.leaderEpoch) return;
    if (state.leader !== this.localReplicaId) {
      this.#resign(state);
      return;
    }
    invariant(state.isr.includes(state.leader), "the leader is a member of the ISR");
    if (state.leaderEpoch === current.leaderEpoch && state.partitionEpoch <= current.partitionEpoch) return;
    const newEpoch = state.leaderEpoch > current.leaderEpoch;
    this.#state = state;
    this.#isr = new Set(state.isr);
    // A committed state replaces any proposal; a late answer to it is ignored by request id.
    this.#inflight = undefined;
    if (newEpoch) this.#leaderEpochStartOffset = this.#startEpoch(state, nowMs);
    else this.#syncRemotes(state, nowMs);
    this.#maybeAdvanceHighWatermark();
  }

  #resign(newState: PartitionState): void {
    this.#resignedTo = newState;
    this.#inflight = undefined;
    const error = this.#appendedThenResignedError();
    for (const pending of this.#purgatory.takeAll()) {
      this.#outbox.completions.push(this.#failed(pending.produceId, pending.requiredOffset, error));
    }
  }

  #notLeaderError(): RillError {
    return notLeaderError(this.#resignedTo);
  }

  #appendedThenResignedError(): RillError {
    return appendedThenResignedError(this.#resignedTo);
  }

  #failed(produceId: number, requiredOffset: Offset, error: RillError): ProduceCompletion {
    return { produceId, error, durability: this.durability(requiredOffset) };
  }

  #maybeAdvanceHighWatermark(): void {
    const next = computeHighWatermark({
      current: this.#highWatermark,
      maximalIsr: this.maximalIsr(),
      durableOffsetOf: (replicaId) =>
        replicaId === this.localReplicaId
          ? this.#log.flushedOffset()
          : this.#remotes.get(replicaId)?.durableOffset,
    });
    invariant(next >= this.#highWatermark, "the high watermark never moves backwards");
    invariant(next <= this.#log.logEndOffset(), "the high watermark never passes the leader's log end");
    this.#highWatermark = next;
    const completed: PendingProduce[] = this.#purgatory.takeCompleted(next);
    if (completed.length === 0) return;
    const enoughReplicas = this.maximalIsr().size >= this.#config.minInsyncReplicas;
    for (const pending of completed) {
      const error = enoughReplicas
        ? undefined
        : new RillError("NOT_ENOUGH_REPLICAS_AFTER_APPEND", undefined, {
            details: { isr: [...this.maximalIsr()], minInsyncReplicas: this.#config.minInsyncReplicas },
          });
      this.#outbox.completions.push({
        produceId: pending.produceId,
        error,
        durability: this.durability(pending.requiredOffset),
      });
    }
  }

  #maybeShrinkIsr(nowMs: number): void {
    if (this.#inflight !== undefined) return;
    const outOfSync = outOfSyncReplicas({
      isr: this.#isr,
      localReplicaId: this.localReplicaId,
      remoteOf: (replicaId) => this.#remotes.get(replicaId),
      leaderLogEndOffset: this.#log.logEndOffset(),
      nowMs,
      replicaLagTimeMaxMs: this.#config.replicaLagTimeMaxMs,
    });
    if (outOfSync.length === 0) return;
    this.#propose([...this.#isr].filter((replicaId) => !outOfSync.includes(replicaId)));
  }

  /** A follower that now qualifies (see mayJoinIsr) is proposed for the ISR. */
  #maybeExpandIsr(remote: RemoteReplicaState): void {
    if (this.#inflight !== undefined || this.#isr.has(remote.replicaId)) return;
    const qualifies = mayJoinIsr({
      remote,
      highWatermark: this.#highWatermark,
      leaderEpochStartOffset: this.#leaderEpochStartOffset,
      isEligible: this.#isEligibleForIsr,
    });
    if (qualifies) this.#propose([...this.#isr, remote.replicaId]);
  }

  #propose(newIsr: NodeId[]): void {
    invariant(this.#inflight === undefined, "at most one AlterPartition in flight");
    invariant(newIsr.includes(this.localReplicaId), "the leader stays in the ISR it proposes");
    const sorted = [...newIsr].sort((a, b) => a - b);
    const request: AlterPartitionRequest = {
      requestId: this.#nextRequestId++,
      leaderId: this.localReplicaId,
      leaderEpoch: this.#state.leaderEpoch,
      partitionEpoch: this.#state.partitionEpoch,
      newIsr: sorted,
    };
    this.#inflight = { requestId: request.requestId, isr: new Set(sorted) };
    this.#outbox.alterPartition = request;
  }

  #flushOutbox(highWatermarkBefore: Offset): LeaderOutput {
    const output: LeaderOutput = {
      completions: this.#outbox.completions,
      alterPartition: this.#outbox.alterPartition,
      highWatermark: this.#highWatermark,
      highWatermarkChanged: this.#highWatermark !== highWatermarkBefore,
    };
    this.#outbox = { completions: [], alterPartition: undefined };
    return output;
  }
}
