import { RillError } from "@rill/protocol";
import type { TopicPartition } from "../consumer/consumer-types.js";
import type { DataClient } from "../data/data-client.js";
import type { OffsetSpec } from "../data/data-types.js";
import type { CoordinatorClient } from "../group/coordinator-client.js";
import type { CommittedOffset } from "../group/group-offsets.js";
import type { AdminClient } from "./admin-client.js";
import type {
  AdminCallOptions,
  AlterConfigsResult,
  ClusterDescription,
  ConfigChange,
  ConfigResource,
  CreatePartitionsResult,
  CreateTopicResult,
  DeleteTopicResult,
  DescribeConfigsResult,
  NewTopic,
  TopicDescription,
  TopicListing,
} from "./admin-types.js";
import { GroupAdmin, type GroupCallOptions } from "./group-admin.js";
import type {
  DeleteGroupResult,
  GroupDescription,
  GroupPartitionLag,
  ListGroupsResult,
  OffsetResetResult,
  OffsetResetSpec,
} from "./group-admin-types.js";

/** One partition's offset as ListOffsets found it. */
export interface PartitionOffset {
  readonly partition: number;
  /** The offset found; -1 when no record is at or after the asked time. */
  readonly offset: number;
  /** The found record's timestamp; -1 for earliest/latest. */
  readonly timestampMs: number;
}

/**
 * `rill.admin()`: the cluster's management calls in one place (KafkaJS's admin shape). Topics,
 * partitions, configs and the cluster go to the controllers (through any broker, which forwards);
 * offsets ask the partition leaders; consumer groups go to their coordinators. Per-item failures are the item's `error` (a RillError), as
 * in AdminClient; a call that fails as a whole throws.
 */
export class RillAdmin {
  readonly #admin: AdminClient;
  readonly #data: DataClient;
  readonly #groups: GroupAdmin;

  constructor(admin: AdminClient, data: DataClient, coordinator: CoordinatorClient) {
    this.#admin = admin;
    this.#data = data;
    this.#groups = new GroupAdmin(coordinator, data);
  }

  /** Every consumer group (each broker asked for the groups it coordinates; the answers merged). */
  listGroups(options?: GroupCallOptions): Promise<ListGroupsResult> {
    return this.#groups.listGroups(options);
  }

  /** Groups' state, epochs and members with their partitions. */
  describeGroups(groupIds: readonly string[], options?: GroupCallOptions): Promise<GroupDescription[]> {
    return this.#groups.describeGroups(groupIds, options);
  }

  /** Deletes empty groups with their committed offsets. */
  deleteGroups(groupIds: readonly string[], options?: GroupCallOptions): Promise<DeleteGroupResult[]> {
    return this.#groups.deleteGroups(groupIds, options);
  }

  /** A group's committed offsets (of the given partitions, or every one it has). */
  fetchOffsets(
    groupId: string,
    partitions?: readonly TopicPartition[],
    options?: GroupCallOptions,
  ): Promise<CommittedOffset[]> {
    return this.#groups.fetchOffsets(groupId, partitions, options);
  }

  /** Per partition of a group: committed offset, log end, lag in records and time, owner. */
  describeGroupOffsets(groupId: string, options?: GroupCallOptions): Promise<GroupPartitionLag[]> {
    return this.#groups.describeGroupOffsets(groupId, options);
  }

  /**
   * Moves a group's committed offsets of a topic (earliest, latest, an offset, a time, shifted
   * by N); a dry run (the default) only returns the before/after table. Refused with
   * NON_EMPTY_GROUP while the group has members.
   */
  resetOffsets(
    groupId: string,
    topic: string,
    spec: OffsetResetSpec,
    options?: GroupCallOptions & { readonly dryRun?: boolean },
  ): Promise<OffsetResetResult> {
    return this.#groups.resetOffsets(groupId, topic, spec, options);
  }

  /** Creates topics (partitions, replication factor or explicit assignments, configs). */
  createTopics(
    topics: readonly NewTopic[],
    options?: AdminCallOptions & { validateOnly?: boolean },
  ): Promise<CreateTopicResult[]> {
    return this.#admin.createTopics(topics, options);
  }

  /** Deletes topics by name. */
  deleteTopics(names: readonly string[], options?: AdminCallOptions): Promise<DeleteTopicResult[]> {
    return this.#admin.deleteTopics(names, options);
  }

  /** Grows topics to `count` partitions each (Kafka CreatePartitions). */
  createPartitions(
    topics: Parameters<AdminClient["createPartitions"]>[0],
    options?: AdminCallOptions,
  ): Promise<CreatePartitionsResult[]> {
    return this.#admin.createPartitions(topics, options);
  }

  /** Lists topic names with their partition counts. */
  listTopics(options?: AdminCallOptions & { includeInternal?: boolean }): Promise<TopicListing[]> {
    return this.#admin.listTopics(options);
  }

  /** Describes topics: partitions, leaders, replicas, ISR. */
  describeTopics(names: readonly string[], options?: AdminCallOptions): Promise<TopicDescription[]> {
    return this.#admin.describeTopics(names, options);
  }

  /** Reads topic or broker configs (all, or the named ones). */
  describeConfigs(
    resources: readonly (ConfigResource & { readonly configNames?: readonly string[] })[],
    options?: AdminCallOptions,
  ): Promise<DescribeConfigsResult[]> {
    return this.#admin.describeConfigs(resources, options);
  }

  /** Changes configs incrementally (set, delete, append, subtract); each resource all or nothing. */
  alterConfigs(
    changes: readonly (ConfigResource & { readonly changes: readonly ConfigChange[] })[],
    options?: AdminCallOptions & { validateOnly?: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.#admin.alterConfigs(changes, options);
  }

  /** The cluster: controllers (and which is active), brokers and their states. */
  describeCluster(
    options?: AdminCallOptions & { includeFencedBrokers?: boolean },
  ): Promise<ClusterDescription> {
    return this.#admin.describeCluster(options);
  }

  /** Every partition's earliest offset (the log start). */
  fetchEarliestOffsets(topic: string, options?: AdminCallOptions): Promise<PartitionOffset[]> {
    return this.#offsets(topic, "earliest", options);
  }

  /** Every partition's latest offset (the high watermark: the next offset to be written). */
  fetchLatestOffsets(topic: string, options?: AdminCallOptions): Promise<PartitionOffset[]> {
    return this.#offsets(topic, "latest", options);
  }

  /** Every partition's first offset whose record timestamp is at or after `timestampMs` (-1 if none). */
  fetchOffsetsByTime(
    topic: string,
    timestampMs: number,
    options?: AdminCallOptions,
  ): Promise<PartitionOffset[]> {
    if (!(Number.isSafeInteger(timestampMs) && timestampMs >= 0)) {
      throw new RillError("INVALID_REQUEST", `timestampMs ${timestampMs} is not ms >= 0`);
    }
    return this.#offsets(topic, { timestampMs }, options);
  }

  async #offsets(
    topic: string,
    spec: OffsetSpec,
    options: AdminCallOptions = {},
  ): Promise<PartitionOffset[]> {
    const info = await this.#data.topicMetadata(topic, options.timeoutMs);
    return Promise.all(
      info.partitions.map(async ({ partition }) => {
        const found = await this.#data.listOffsets({
          topic,
          partition,
          spec,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        return { partition, offset: found.offset, timestampMs: found.timestampMs };
      }),
    );
  }
}
