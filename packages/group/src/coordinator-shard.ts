import { RillError } from "@rill/protocol";
import type { ClusterTopics } from "./cluster-topics.js";
import {
  ConsumerGroup,
  type ConsumerGroupState,
  type HeartbeatRequest,
  type HeartbeatResponse,
} from "./consumer-group.js";
import type { GroupCoordinatorConfig } from "./group-config.js";
import {
  type CommitIdentity,
  checkCommitIdentity,
  checkPartitionCommit,
  type OffsetAndMetadata,
  type PartitionCommit,
} from "./offsets.js";
import { type CoordinatorRecord, groupSnapshotJson } from "./records.js";
import { partitionKey } from "./topic-partitions.js";

/** The outcome of an operation: its answer and the records to write before answering. */
export interface ShardResult<T> {
  readonly response: T;
  readonly records: readonly CoordinatorRecord[];
}

export interface PartitionCommitResult {
  readonly topic: string;
  readonly partition: number;
  /** undefined: stored. */
  readonly error: RillError | undefined;
}

export interface FetchedOffset {
  readonly topic: string;
  readonly partition: number;
  /** undefined: nothing committed. */
  readonly committed: OffsetAndMetadata | undefined;
}

export interface ListedGroup {
  readonly groupId: string;
  /** "consumer" for a group with members or a membership history; "" for offsets only. */
  readonly protocolType: string;
  readonly state: ConsumerGroupState;
}

/**
 * The groups and committed offsets of one `__consumer_offsets` partition (Kafka's coordinator
 * shard): every operation returns its answer and the records that make it durable. The caller
 * (the broker's coordinator) applies operations one at a time, writes their records through the
 * partition's leader and answers only once they are committed; when a write fails it discards
 * this shard and loads a new one from the log (`replay`), so memory never runs ahead of the log.
 */
export class GroupCoordinatorShard {
  readonly #config: GroupCoordinatorConfig;
  readonly #groups = new Map<string, ConsumerGroup>();
  /** group → partition key → offset */
  readonly #offsets = new Map<
    string,
    Map<string, { topic: string; partition: number; value: OffsetAndMetadata }>
  >();
  /** The last group state written, by group (JSON), so unchanged groups write nothing. */
  readonly #written = new Map<string, string>();

  constructor(config: GroupCoordinatorConfig) {
    this.#config = config;
  }

  // ---- membership ---------------------------------------------------------------------------

  heartbeat(request: HeartbeatRequest, nowMs: number, topics: ClusterTopics): ShardResult<HeartbeatResponse> {
    let group = this.#groups.get(request.groupId);
    const created = group === undefined;
    group ??= new ConsumerGroup(request.groupId, this.#config, nowMs);
    // Throws (nothing changed) when refused; a new group is kept only once a heartbeat succeeded.
    const response = group.heartbeat(request, nowMs, topics);
    if (created) this.#groups.set(request.groupId, group);
    return { response, records: this.#groupRecords(group) };
  }

  /** Session and revocation timeouts, and offsets of empty groups past retention. */
  tick(nowMs: number, topics: ClusterTopics): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = [];
    for (const group of this.#groups.values()) {
      if (group.expireMembers(nowMs, topics)) records.push(...this.#groupRecords(group));
    }
    records.push(...this.#expireOffsets(nowMs));
    return records;
  }

  /** The earliest member deadline over all groups (when `tick` has something to do). */
  nextDeadlineMs(): number | undefined {
    let next: number | undefined;
    for (const group of this.#groups.values()) {
      const deadline = group.nextDeadlineMs();
      if (deadline !== undefined && (next === undefined || deadline < next)) next = deadline;
    }
    return next;
  }

  #groupRecords(group: ConsumerGroup): CoordinatorRecord[] {
    const snapshot = group.snapshot();
    const json = JSON.stringify(groupSnapshotJson(snapshot));
    if (this.#written.get(group.groupId) === json) return [];
    this.#written.set(group.groupId, json);
    return [{ kind: "group", groupId: group.groupId, value: snapshot }];
  }

  // ---- offsets ------------------------------------------------------------------------------

  /**
   * Commits offsets: a membership error fails every partition alike; otherwise each partition is
   * checked on its own (UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE, ...).
   */
  commitOffsets(
    groupId: string,
    identity: CommitIdentity,
    commits: readonly PartitionCommit[],
    nowMs: number,
    topics: ClusterTopics,
  ): ShardResult<PartitionCommitResult[]> {
    let membershipError: RillError | undefined;
    try {
      checkCommitIdentity(this.#groups.get(groupId), identity);
    } catch (error) {
      if (!(error instanceof RillError)) throw error;
      membershipError = error;
    }
    const records: CoordinatorRecord[] = [];
    const response = commits.map((commit): PartitionCommitResult => {
      const error = membershipError ?? checkPartitionCommit(commit, topics, this.#config);
      if (error !== undefined) return { topic: commit.topic, partition: commit.partition, error };
      const value: OffsetAndMetadata = {
        offset: commit.offset,
        leaderEpoch: commit.leaderEpoch,
        metadata: commit.metadata,
        commitTimestampMs: nowMs,
      };
      this.#setOffset(groupId, commit.topic, commit.partition, value);
      records.push({ kind: "offset", groupId, topic: commit.topic, partition: commit.partition, value });
      return { topic: commit.topic, partition: commit.partition, error: undefined };
    });
    return { response, records };
  }

  /**
   * Committed offsets of a group: the requested partitions (nothing committed: `committed`
   * undefined), or every committed one when `request` is undefined; a topic with no partitions
   * listed means all of its committed partitions.
   */
  fetchOffsets(
    groupId: string,
    request: readonly { topic: string; partitions: readonly number[] }[] | undefined,
  ): FetchedOffset[] {
    const offsets = this.#offsets.get(groupId);
    const all = [...(offsets?.values() ?? [])].sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
    if (request === undefined) {
      return all.map(({ topic, partition, value }) => ({ topic, partition, committed: value }));
    }
    return request.flatMap(({ topic, partitions }) => {
      if (partitions.length === 0) {
        return all
          .filter((entry) => entry.topic === topic)
          .map(({ partition, value }) => ({ topic, partition, committed: value }));
      }
      return partitions.map((partition) => ({
        topic,
        partition,
        committed: offsets?.get(partitionKey(topic, partition))?.value,
      }));
    });
  }

  #setOffset(groupId: string, topic: string, partition: number, value: OffsetAndMetadata | null): void {
    let offsets = this.#offsets.get(groupId);
    if (value === null) {
      offsets?.delete(partitionKey(topic, partition));
      if (offsets?.size === 0) this.#offsets.delete(groupId);
      return;
    }
    if (offsets === undefined) {
      offsets = new Map();
      this.#offsets.set(groupId, offsets);
    }
    offsets.set(partitionKey(topic, partition), { topic, partition, value });
  }

  /**
   * Offsets of groups without members expire `offsetsRetentionMs` after the later of their
   * commit and the moment the group became empty (Kafka's offsets.retention.minutes); a group
   * left with neither members nor offsets is deleted (one that never committed, once it has been
   * empty for as long).
   */
  #expireOffsets(nowMs: number): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = [];
    for (const [groupId, offsets] of [...this.#offsets]) {
      const group = this.#groups.get(groupId);
      if (group !== undefined && group.members.size > 0) continue;
      const emptySinceMs = group?.emptySinceMs ?? 0;
      for (const { topic, partition, value } of [...offsets.values()]) {
        if (nowMs - Math.max(value.commitTimestampMs, emptySinceMs) < this.#config.offsetsRetentionMs)
          continue;
        this.#setOffset(groupId, topic, partition, null);
        records.push({ kind: "offset", groupId, topic, partition, value: null });
      }
      if (!this.#offsets.has(groupId) && group !== undefined)
        records.push(...this.#deleteGroupState(groupId));
    }
    // Groups that never committed go the same way once empty for the retention.
    for (const [groupId, group] of [...this.#groups]) {
      if (group.members.size > 0 || this.#offsets.has(groupId)) continue;
      if (nowMs - group.emptySinceMs >= this.#config.offsetsRetentionMs)
        records.push(...this.#deleteGroupState(groupId));
    }
    return records;
  }

  // ---- admin --------------------------------------------------------------------------------

  listGroups(): ListedGroup[] {
    const ids = new Set([...this.#groups.keys(), ...this.#offsets.keys()]);
    return [...ids].sort().map((groupId) => {
      const group = this.#groups.get(groupId);
      return {
        groupId,
        protocolType: group === undefined ? "" : "consumer",
        state: group?.state ?? "empty",
      };
    });
  }

  group(groupId: string): ConsumerGroup | undefined {
    return this.#groups.get(groupId);
  }

  hasGroup(groupId: string): boolean {
    return this.#groups.has(groupId) || this.#offsets.has(groupId);
  }

  /** Deletes an empty group and its offsets: NON_EMPTY_GROUP with members, GROUP_ID_NOT_FOUND when unknown. */
  deleteGroup(groupId: string): ShardResult<undefined> {
    if (!this.hasGroup(groupId)) {
      throw new RillError("GROUP_ID_NOT_FOUND", `group ${groupId} does not exist`);
    }
    const group = this.#groups.get(groupId);
    if (group !== undefined && group.members.size > 0) {
      throw new RillError("NON_EMPTY_GROUP", `group ${groupId} has ${group.members.size} members`);
    }
    const records: CoordinatorRecord[] = [];
    for (const { topic, partition } of [...(this.#offsets.get(groupId)?.values() ?? [])]) {
      this.#setOffset(groupId, topic, partition, null);
      records.push({ kind: "offset", groupId, topic, partition, value: null });
    }
    records.push(...this.#deleteGroupState(groupId));
    return { response: undefined, records };
  }

  #deleteGroupState(groupId: string): CoordinatorRecord[] {
    if (!this.#groups.has(groupId) && !this.#written.has(groupId)) return [];
    this.#groups.delete(groupId);
    this.#written.delete(groupId);
    return [{ kind: "group", groupId, value: null }];
  }

  // ---- loading ------------------------------------------------------------------------------

  /** Applies one record read back from the log (in log order) while loading the partition. */
  replay(record: CoordinatorRecord, nowMs: number): void {
    if (record.kind === "offset") {
      this.#setOffset(record.groupId, record.topic, record.partition, record.value);
      return;
    }
    if (record.value === null) {
      this.#groups.delete(record.groupId);
      this.#written.delete(record.groupId);
      return;
    }
    this.#groups.set(
      record.groupId,
      ConsumerGroup.restore(record.groupId, record.value, this.#config, nowMs),
    );
    this.#written.set(record.groupId, JSON.stringify(groupSnapshotJson(record.value)));
  }
}
