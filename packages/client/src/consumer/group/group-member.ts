import { type Channel, channel } from "node:diagnostics_channel";
import { type GroupV1, RillError } from "@rill/protocol";
import type { CoordinatorClient } from "../../group/coordinator-client.js";
import { COORDINATOR_MOVED } from "../../group/coordinator-client.js";
import {
  type CommitIdentity,
  commitGroupOffsets,
  fetchGroupOffsets,
  type OffsetToCommit,
} from "../../group/group-offsets.js";
import type { Backoff } from "../../retry/backoff.js";
import type { Clock } from "../../retry/clock.js";
import type { AutoOffsetReset, TopicPartition, TopicPartitionOffset } from "../consumer-types.js";
import { partitionKey } from "../partition-state.js";
import { groupConsumerDefaults, type SubscribeOptions } from "./group-options.js";

/** The diagnostics channel of group membership events (see GroupEvent). */
export const CONSUMER_GROUP_CHANNEL = "rill:consumer:group";

/** One membership event on `rill:consumer:group`. */
export interface GroupEvent {
  readonly clientId: string;
  readonly groupId: string;
  readonly memberId: string;
  readonly memberEpoch: number;
  /**
   * joined: first epoch received; assigned / revoked / lost: partitions changed hands; commit:
   * offsets committed (or failed: errorName set); error: a heartbeat failed; left: the leave
   * heartbeat went out.
   */
  readonly kind: "joined" | "assigned" | "revoked" | "lost" | "commit" | "error" | "left";
  readonly partitions: readonly TopicPartition[];
  readonly errorName: string | null;
}

/**
 * What the member needs from the consumer it drives: the consumer owns fetching and delivery,
 * the member only decides which partitions it has and from where they start.
 */
export interface AssignmentHost {
  /** Starts fetching and delivering partitions at the given offsets. */
  add(partitions: readonly TopicPartitionOffset[]): void;
  /**
   * Stops fetching and delivering partitions and waits for the handlers working on them to
   * return; resolves with the position each reached. The partitions stay in the consumer (their
   * positions readable) until `remove`.
   */
  quiesce(partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]>;
  /** Drops partitions (quiesced or not: a lost partition is dropped at once). */
  remove(partitions: readonly TopicPartition[]): void;
  /** The positions of every partition the consumer holds. */
  positions(): TopicPartitionOffset[];
  /** The log start or end of a partition (ListOffsets). */
  resolve(topic: string, partition: number, start: "earliest" | "latest"): Promise<number>;
  /** Stops `run` with an error the member cannot get past (a typed RillError, or a listener's own error). */
  fail(error: unknown): void;
}

/** The member's fixed settings. */
export interface GroupMemberSettings {
  readonly groupId: string;
  readonly groupInstanceId: string;
  readonly clientId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly autoCommit: boolean;
  readonly autoCommitIntervalMs: number;
  readonly serverAssignor: string;
  readonly rackId: string;
  readonly autoOffsetReset: AutoOffsetReset;
  /** The deadline of commits and offset look-ups. */
  readonly operationTimeoutMs: number;
}

/** Heartbeat errors after which nothing helps but a new configuration: `run` fails with them. */
const FATAL_HEARTBEAT_ERRORS: ReadonlySet<string> = new Set([
  "FENCED_INSTANCE_ID",
  "UNSUPPORTED_ASSIGNOR",
  "INVALID_REQUEST",
  "GROUP_MAX_SIZE_REACHED",
  "INVALID_GROUP_ID",
  "GROUP_AUTHORIZATION_FAILED",
  "TOPIC_AUTHORIZATION_FAILED",
  "INVALID_SESSION_TIMEOUT",
  "UNSUPPORTED_VERSION",
]);

/** A commit by a member retries a stale epoch: the next heartbeat brings the current one. */
const MEMBER_COMMIT_RETRY_ON: ReadonlySet<string> = new Set(["STALE_MEMBER_EPOCH"]);

/**
 * A consumer-group member on the KIP-848 protocol: one heartbeat RPC carries the subscription
 * and the partitions owned; the coordinator answers with the member's epoch and target
 * assignment. Reconciling moves toward the target one step at a time: revoked partitions are
 * quiesced (fetching stopped, handlers returned), committed (with autoCommit), reported to
 * `onPartitionsRevoked` and only then dropped and reported as no longer owned; new partitions
 * start at their committed offset (else the reset policy). FENCED_MEMBER_EPOCH,
 * UNKNOWN_MEMBER_ID or a session gone without a heartbeat lose every partition (no commit,
 * `onPartitionsLost`) and the member rejoins with epoch 0.
 *
 * Heartbeats keep going while a reconciliation waits for handlers, so a slow handler costs the
 * rebalance timeout, not the session.
 */
export class GroupMember {
  readonly #settings: GroupMemberSettings;
  readonly #coordinator: CoordinatorClient;
  readonly #host: AssignmentHost;
  readonly #clock: Clock;
  readonly #backoff: Backoff;
  readonly #events: Channel = channel(CONSUMER_GROUP_CHANNEL);
  #subscription: SubscribeOptions | undefined;
  #memberId = "";
  #memberEpoch = 0;
  #heartbeatIntervalMs: number = groupConsumerDefaults.heartbeatIntervalMs;
  /** Partitions this member owns (as the coordinator knows them after the next heartbeat). */
  readonly #owned = new Map<string, TopicPartition>();
  /** The latest target from the coordinator, not yet reconciled; undefined when none is pending. */
  #target: Map<string, TopicPartition> | undefined;
  /**
   * Versions of the subscription and of the owned set, and the versions the coordinator has
   * acknowledged (by answering a heartbeat that carried them). Versions rather than flags: a
   * change made while a heartbeat is in flight must not be marked sent by that heartbeat's answer.
   */
  #subscriptionVersion = 1;
  #subscriptionAcked = 0;
  #ownedVersion = 1;
  #ownedAcked = 0;
  /** A wake-up that came while no nap was running (the next nap is skipped). */
  #wakePending = false;
  /** Commits run one at a time, in order: a later commit never lands before an earlier one. */
  #commitChain: Promise<void> = Promise.resolve();
  #autoCommitRunning = false;
  #lastHeartbeatOkMs: number;
  #failedHeartbeats = 0;
  #loop: Promise<void> | undefined;
  #reconciling: Promise<void> | undefined;
  #sleep: AbortController | undefined;
  #autoCommitTimer: ReturnType<typeof setInterval> | undefined;
  /** The positions last committed, so auto-commit sends only what moved. */
  readonly #committed = new Map<string, number>();
  #stopped = false;
  /** Aborts the heartbeat in flight when the member leaves. */
  readonly #leaving = new AbortController();

  constructor(deps: {
    readonly settings: GroupMemberSettings;
    readonly coordinator: CoordinatorClient;
    readonly host: AssignmentHost;
    readonly clock: Clock;
    readonly backoff: Backoff;
  }) {
    this.#settings = deps.settings;
    this.#coordinator = deps.coordinator;
    this.#host = deps.host;
    this.#clock = deps.clock;
    this.#backoff = deps.backoff;
    this.#lastHeartbeatOkMs = deps.clock.now();
  }

  /** The member id the coordinator gave ("" before the first answer). */
  get memberId(): string {
    return this.#memberId;
  }

  /** The current member epoch (0 before joining). */
  get memberEpoch(): number {
    return this.#memberEpoch;
  }

  /** The partitions owned now. */
  owned(): TopicPartition[] {
    return [...this.#owned.values()];
  }

  /** Sets (or replaces) the subscription and starts heartbeating; the next heartbeat carries it. */
  subscribe(subscription: SubscribeOptions): void {
    if (this.#stopped)
      throw new RillError("INVALID_REQUEST", "the consumer left its group; create a new one");
    this.#subscription = subscription;
    this.#subscriptionVersion += 1;
    this.#loop ??= this.#heartbeatLoop();
    if (this.#settings.autoCommit && this.#autoCommitTimer === undefined) {
      this.#autoCommitTimer = setInterval(() => {
        if (this.#autoCommitRunning) return; // the previous one is still retrying
        this.#autoCommitRunning = true;
        this.commitPositions()
          .catch(() => {
            // Reported on the group channel; the next interval or the revocation commits again.
          })
          .finally(() => {
            this.#autoCommitRunning = false;
          });
      }, this.#settings.autoCommitIntervalMs);
      this.#autoCommitTimer.unref?.();
    }
    this.#wake();
  }

  /**
   * Commits offsets (default: the positions of the owned partitions that moved since the last
   * commit) with this member's id and epoch. Rejects with a typed error; STALE_MEMBER_EPOCH is
   * retried with the epoch the next heartbeat brings.
   */
  commit(offsets?: readonly OffsetToCommit[]): Promise<void> {
    const queued = this.#commitChain.then(() => this.#commitNow(offsets ?? this.#movedPositions()));
    this.#commitChain = queued.catch(() => undefined);
    return queued;
  }

  async #commitNow(toCommit: readonly OffsetToCommit[]): Promise<void> {
    if (toCommit.length === 0) return;
    try {
      await commitGroupOffsets(this.#coordinator, this.#settings.groupId, () => this.#identity(), toCommit, {
        timeoutMs: this.#settings.operationTimeoutMs,
        retryOn: MEMBER_COMMIT_RETRY_ON,
      });
    } catch (error) {
      this.#publish(
        "commit",
        toCommit,
        error instanceof RillError ? error.errorName : "UNKNOWN_SERVER_ERROR",
      );
      throw error;
    }
    for (const entry of toCommit)
      this.#committed.set(partitionKey(entry.topic, entry.partition), entry.offset);
    this.#publish("commit", toCommit, null);
  }

  /** Commits what moved of the owned partitions (auto-commit). */
  commitPositions(): Promise<void> {
    return this.commit();
  }

  /**
   * Leaves the group: stops heartbeating, quiesces and (with autoCommit) commits every owned
   * partition, reports them revoked, then sends the leave heartbeat (epoch -1, or -2 for a static
   * member, whose partitions then wait for it for the session timeout). Best effort within
   * `leaveTimeoutMs`: a coordinator that cannot be reached expires the member instead.
   */
  async leave(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#autoCommitTimer);
    this.#wake();
    this.#leaving.abort();
    await this.#loop?.catch(() => undefined);
    await this.#reconciling?.catch(() => undefined);
    const owned = this.owned();
    if (owned.length > 0) {
      const positions = await this.#host.quiesce(owned);
      if (this.#settings.autoCommit && this.#memberEpoch > 0) {
        await this.commit(positions.filter((entry) => this.#moved(entry))).catch(() => undefined);
      }
      await this.#subscription?.onPartitionsRevoked?.(positions);
      this.#host.remove(owned);
      this.#owned.clear();
      this.#publish("revoked", owned, null);
    }
    if (this.#memberId === "" || this.#memberEpoch <= 0) return;
    const leaveEpoch = this.#settings.groupInstanceId === "" ? -1 : -2;
    try {
      await this.#coordinator.callOnce(
        this.#settings.groupId,
        "consumerGroupHeartbeat",
        {
          groupId: this.#settings.groupId,
          memberId: this.#memberId,
          memberEpoch: leaveEpoch,
          instanceId: this.#settings.groupInstanceId,
        },
        groupConsumerDefaults.leaveTimeoutMs,
      );
      this.#publish("left", [], null);
    } catch (error) {
      // Not fatal: the coordinator removes the member at its session timeout instead.
      this.#publish("left", [], error instanceof RillError ? error.errorName : "UNKNOWN_SERVER_ERROR");
    }
    this.#memberEpoch = leaveEpoch;
  }

  async #heartbeatLoop(): Promise<void> {
    while (!this.#stopped) {
      const subscriptionVersion = this.#subscriptionVersion;
      const ownedVersion = this.#ownedVersion;
      const request = this.#request();
      let response: GroupV1.ConsumerGroupHeartbeatResponse__Output;
      try {
        response = await this.#coordinator.callOnce(
          this.#settings.groupId,
          "consumerGroupHeartbeat",
          request,
          Math.min(this.#coordinator.requestTimeoutMs, this.#settings.sessionTimeoutMs),
          this.#leaving.signal,
        );
      } catch (caught) {
        const error =
          caught instanceof RillError ? caught : new RillError("UNKNOWN_SERVER_ERROR", String(caught));
        if (this.#stopped) return;
        await this.#onHeartbeatError(error);
        continue;
      }
      if (this.#stopped) return;
      if (request.ownedPartitionsSet === true) this.#ownedAcked = ownedVersion;
      if (request.subscribedTopicNamesSet === true || (request.subscribedTopicRegex ?? "") !== "") {
        this.#subscriptionAcked = subscriptionVersion;
      }
      this.#onHeartbeat(response);
      await this.#nap(this.#heartbeatIntervalMs);
    }
  }

  #request(): GroupV1.ConsumerGroupHeartbeatRequest {
    const subscription = this.#subscription;
    const full = this.#subscriptionAcked !== this.#subscriptionVersion || this.#memberEpoch === 0;
    const names = subscription?.topics ?? [];
    const pattern = subscription?.topicPattern;
    const owned = full || this.#ownedAcked !== this.#ownedVersion;
    return {
      groupId: this.#settings.groupId,
      memberId: this.#memberId,
      memberEpoch: this.#memberEpoch,
      instanceId: this.#settings.groupInstanceId,
      rackId: this.#settings.rackId,
      rebalanceTimeoutMs: this.#settings.rebalanceTimeoutMs,
      sessionTimeoutMs: this.#settings.sessionTimeoutMs,
      serverAssignor: this.#settings.serverAssignor,
      clientId: this.#settings.clientId,
      ...(full
        ? pattern === undefined
          ? { subscribedTopicNames: [...names], subscribedTopicNamesSet: true }
          : { subscribedTopicRegex: typeof pattern === "string" ? pattern : pattern.source }
        : {}),
      ...(owned ? { ownedPartitions: groupByTopic(this.owned()), ownedPartitionsSet: true } : {}),
    };
  }

  #onHeartbeat(response: GroupV1.ConsumerGroupHeartbeatResponse__Output): void {
    const joined = this.#memberEpoch === 0 && response.memberEpoch > 0;
    if (response.memberId !== "") this.#memberId = response.memberId;
    this.#memberEpoch = response.memberEpoch;
    if (response.heartbeatIntervalMs > 0) this.#heartbeatIntervalMs = response.heartbeatIntervalMs;
    this.#lastHeartbeatOkMs = this.#clock.now();
    this.#failedHeartbeats = 0;
    if (joined) this.#publish("joined", [], null);
    if (response.hasAssignment) {
      const target = new Map<string, TopicPartition>();
      for (const topic of response.assignment) {
        for (const partition of topic.partitions) {
          target.set(partitionKey(topic.topic, partition), { topic: topic.topic, partition });
        }
      }
      this.#target = target;
      this.#startReconciling();
    }
  }

  async #onHeartbeatError(error: RillError): Promise<void> {
    this.#failedHeartbeats += 1;
    this.#publish("error", [], error.errorName);
    if (error.errorName === "FENCED_MEMBER_EPOCH" || error.errorName === "UNKNOWN_MEMBER_ID") {
      if (error.errorName === "UNKNOWN_MEMBER_ID") this.#memberId = "";
      await this.#loseAll();
      return;
    }
    if (FATAL_HEARTBEAT_ERRORS.has(error.errorName)) {
      this.#stopped = true;
      clearInterval(this.#autoCommitTimer);
      await this.#loseAll();
      this.#host.fail(
        new RillError(error.errorName, `group '${this.#settings.groupId}': ${error.message}`, {
          cause: error,
          details: { groupId: this.#settings.groupId },
        }),
      );
      return;
    }
    // Retriable (the coordinator moved or is unreachable, UNRELEASED_INSTANCE_ID while the old
    // instance's session runs out): the next heartbeat carries the whole state. Past the session
    // timeout without an answer the coordinator has removed this member: the partitions are lost.
    this.#markUnacknowledged();
    if (COORDINATOR_MOVED.has(error.errorName)) this.#coordinator.forget(this.#settings.groupId);
    if (
      this.#clock.now() - this.#lastHeartbeatOkMs >= this.#settings.sessionTimeoutMs &&
      this.#owned.size > 0
    ) {
      await this.#loseAll();
    }
    await this.#nap(this.#backoff.delayMs(Math.min(this.#failedHeartbeats, 30)));
  }

  /** Fenced or expired: drops every partition without committing and rejoins with epoch 0. */
  async #loseAll(): Promise<void> {
    this.#target = undefined;
    await this.#reconciling?.catch(() => undefined);
    const lost = this.owned();
    this.#memberEpoch = 0;
    this.#markUnacknowledged();
    this.#owned.clear();
    if (lost.length === 0) return;
    this.#host.remove(lost);
    for (const entry of lost) this.#committed.delete(partitionKey(entry.topic, entry.partition));
    this.#publish("lost", lost, null);
    try {
      await this.#subscription?.onPartitionsLost?.(lost);
    } catch (error) {
      this.#host.fail(error);
    }
  }

  #startReconciling(): void {
    if (this.#reconciling !== undefined) return; // the running one picks up the newest target
    this.#reconciling = this.#reconcile()
      .catch((error: unknown) => {
        // A listener or the start-position look-up failed: run stops with it.
        this.#host.fail(error);
      })
      .finally(() => {
        this.#reconciling = undefined;
        if (this.#target !== undefined && !this.#stopped) this.#startReconciling();
      });
  }

  async #reconcile(): Promise<void> {
    while (this.#target !== undefined && !this.#stopped) {
      const target = this.#target;
      this.#target = undefined;
      const revoked = [...this.#owned].filter(([key]) => !target.has(key)).map(([, entry]) => entry);
      const added = [...target].filter(([key]) => !this.#owned.has(key)).map(([, entry]) => entry);
      if (revoked.length > 0) await this.#revoke(revoked);
      if (added.length > 0 && !this.#stopped && this.#memberEpoch > 0) await this.#assign(added);
      if (revoked.length > 0 || added.length > 0) {
        this.#ownedVersion += 1;
        this.#wake(); // tell the coordinator now, not at the next interval
      }
    }
  }

  async #revoke(revoked: readonly TopicPartition[]): Promise<void> {
    const positions = await this.#host.quiesce(revoked);
    if (this.#settings.autoCommit) {
      await this.commit(positions.filter((entry) => this.#moved(entry))).catch(() => {
        // Reported on the group channel. The partitions go anyway: holding them would stall the
        // rebalance, and the next owner starts at the last commit (records redelivered, none lost).
      });
    }
    await this.#subscription?.onPartitionsRevoked?.(positions);
    this.#host.remove(revoked);
    for (const entry of revoked) {
      this.#owned.delete(partitionKey(entry.topic, entry.partition));
      this.#committed.delete(partitionKey(entry.topic, entry.partition));
    }
    this.#publish("revoked", revoked, null);
  }

  async #assign(added: readonly TopicPartition[]): Promise<void> {
    const committed = await fetchGroupOffsets(
      this.#coordinator,
      this.#settings.groupId,
      added,
      this.#settings.operationTimeoutMs,
    );
    const committedByKey = new Map(
      committed.map((entry) => [partitionKey(entry.topic, entry.partition), entry.offset]),
    );
    const reset = this.#subscription?.fromBeginning === true ? "earliest" : this.#settings.autoOffsetReset;
    const starts: TopicPartitionOffset[] = await Promise.all(
      added.map(async (entry) => {
        const key = partitionKey(entry.topic, entry.partition);
        const offset = committedByKey.get(key) ?? -1;
        if (offset >= 0) {
          this.#committed.set(key, offset);
          return { ...entry, offset };
        }
        if (reset === "none") {
          throw new RillError(
            "OFFSET_OUT_OF_RANGE",
            `${entry.topic}-${entry.partition} has no committed offset in group '${this.#settings.groupId}' and autoOffsetReset is "none"`,
            { details: { topic: entry.topic, partition: entry.partition, groupId: this.#settings.groupId } },
          );
        }
        return { ...entry, offset: await this.#host.resolve(entry.topic, entry.partition, reset) };
      }),
    );
    if (this.#stopped || this.#memberEpoch === 0) return; // fenced meanwhile: these are not ours
    this.#host.add(starts);
    for (const entry of added) this.#owned.set(partitionKey(entry.topic, entry.partition), entry);
    this.#publish("assigned", added, null);
    await this.#subscription?.onPartitionsAssigned?.(starts);
  }

  #identity(): CommitIdentity {
    return {
      memberId: this.#memberId,
      memberEpoch: this.#memberEpoch,
      groupInstanceId: this.#settings.groupInstanceId,
    };
  }

  #moved(entry: TopicPartitionOffset): boolean {
    return this.#committed.get(partitionKey(entry.topic, entry.partition)) !== entry.offset;
  }

  #movedPositions(): TopicPartitionOffset[] {
    return this.#host
      .positions()
      .filter((entry) => this.#owned.has(partitionKey(entry.topic, entry.partition)) && this.#moved(entry));
  }

  /** After an error: the next heartbeat carries the subscription and the owned set again. */
  #markUnacknowledged(): void {
    this.#subscriptionAcked = 0;
    this.#ownedAcked = 0;
  }

  /** Sleeps until `delayMs` passes or `#wake` is called (also one that came just before). */
  async #nap(delayMs: number): Promise<void> {
    if (this.#stopped) return;
    if (this.#wakePending) {
      this.#wakePending = false;
      return;
    }
    const controller = new AbortController();
    this.#sleep = controller;
    await this.#clock.sleep(delayMs, controller.signal);
    if (this.#sleep === controller) this.#sleep = undefined;
  }

  #wake(): void {
    if (this.#sleep === undefined) this.#wakePending = true;
    this.#sleep?.abort();
    this.#sleep = undefined;
  }

  #publish(kind: GroupEvent["kind"], partitions: readonly TopicPartition[], errorName: string | null): void {
    if (!this.#events.hasSubscribers) return;
    const event: GroupEvent = {
      clientId: this.#settings.clientId,
      groupId: this.#settings.groupId,
      memberId: this.#memberId,
      memberEpoch: this.#memberEpoch,
      kind,
      partitions: partitions.map((entry) => ({ topic: entry.topic, partition: entry.partition })),
      errorName,
    };
    this.#events.publish(event);
  }
}

/** Partitions grouped by topic, partitions ascending (the heartbeat's owned_partitions). */
function groupByTopic(partitions: readonly TopicPartition[]): GroupV1.TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const entry of partitions)
    byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry.partition]);
  return [...byTopic].map(([topic, indexes]) => ({ topic, partitions: indexes.sort((a, b) => a - b) }));
}
