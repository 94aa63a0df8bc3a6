/**
 * Topics on the controller: create (with placement and configs), delete, add partitions, and
 * config changes. Pure functions of the image and an injected random source.
 */
import { RillError } from "@rill/protocol";
import { type RandomSource, randomUuid } from "@rill/protocol/random";
import type { MetadataImage } from "../image/metadata-image.js";
import {
  type BrokerId,
  type ConfigResource,
  type MetadataRecord,
  NO_LEADER,
  type TopicId,
} from "../records/metadata-record.js";
import type { ControllerResult } from "./controller-result.js";
import { validateClusterConfig } from "./leader-balance.js";
import { placeReplicas } from "./replica-placement.js";
import { TOPIC_CONFIGS, validateTopicConfig } from "./topic-configs.js";
import { refuseReservedTopicName, topicCollisionKey, validateTopicName } from "./topic-names.js";

export interface TopicLimits {
  /** The most partitions one topic may have. */
  readonly partitionsPerTopicMax: number;
  /** The partitions used when a request asks for the default (-1). */
  readonly defaultNumPartitions: number;
  /** The replication factor used for the default (-1), capped by the active brokers. */
  readonly defaultReplicationFactor: number;
}

export interface CreateTopicRequest {
  readonly name: string;
  /** -1: the default. */
  readonly numPartitions: number;
  /** -1: the default. */
  readonly replicationFactor: number;
  readonly configs?: Readonly<Record<string, string>>;
  /** Explicit replica lists, one per partition (then numPartitions/replicationFactor must be -1). */
  readonly assignments?: readonly (readonly BrokerId[])[];
  /** Validate only; return the would-be response and no records. */
  readonly validateOnly?: boolean;
  /**
   * An internal topic created by the cluster itself (e.g. the group coordinator creating
   * `__consumer_offsets`): only such a request may use a reserved `__` name. In-process callers
   * set it; the public CreateTopics RPC never does (apps/controller builds its request without it).
   */
  readonly internal?: boolean;
}

export interface CreateTopicResponse {
  readonly topicId: TopicId;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

function activeBrokers(image: MetadataImage): { brokerId: BrokerId; rack: string | null }[] {
  return [...image.brokers.values()]
    .filter((broker) => image.isBrokerActive(broker.brokerId))
    .map((broker) => ({ brokerId: broker.brokerId, rack: broker.rack }));
}

function validateConfigs(configs: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(configs)) result[key] = validateTopicConfig(key, value);
  return result;
}

function checkAssignments(image: MetadataImage, assignments: readonly (readonly BrokerId[])[]): number {
  if (assignments.length === 0) throw new RillError("INVALID_REPLICA_ASSIGNMENT", "No partitions assigned");
  const replicationFactor = assignments[0]!.length;
  for (const replicas of assignments) {
    if (replicas.length === 0 || replicas.length !== replicationFactor) {
      throw new RillError(
        "INVALID_REPLICA_ASSIGNMENT",
        "Every partition needs the same, non-zero replica count",
      );
    }
    if (new Set(replicas).size !== replicas.length) {
      throw new RillError("INVALID_REPLICA_ASSIGNMENT", `Replicas repeat in [${replicas.join(", ")}]`);
    }
    for (const id of replicas) {
      if (!image.brokers.has(id))
        throw new RillError("INVALID_REPLICA_ASSIGNMENT", `Broker ${id} is not registered`);
    }
  }
  return replicationFactor;
}

function partitionRecords(
  image: MetadataImage,
  topicId: TopicId,
  firstPartition: number,
  assignments: readonly (readonly BrokerId[])[],
): MetadataRecord[] {
  return assignments.map((replicas, offset): MetadataRecord => {
    // Only active replicas start in sync; with none the partition starts offline.
    const active = replicas.filter((id) => image.isBrokerActive(id));
    const isr = active.length > 0 ? active : [replicas[0]!];
    return {
      type: "Partition",
      topicId,
      partition: firstPartition + offset,
      replicas,
      isr,
      leader: active[0] ?? NO_LEADER,
      leaderEpoch: 0,
      partitionEpoch: 0,
      addingReplicas: [],
      removingReplicas: [],
    };
  });
}

function newTopicId(image: MetadataImage, random: RandomSource): TopicId {
  for (;;) {
    const topicId = randomUuid(random);
    if (!image.topicsById.has(topicId)) return topicId;
  }
}

/**
 * Creates a topic: a Topic record, its Config records, and one Partition record per partition,
 * in one batch. Errors: INVALID_TOPIC_EXCEPTION (name, or a '.'/'_' collision),
 * TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR (more than the active
 * brokers), INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG.
 */
export function createTopic(
  image: MetadataImage,
  request: CreateTopicRequest,
  limits: TopicLimits,
  random: RandomSource,
): ControllerResult<CreateTopicResponse> {
  validateTopicName(request.name);
  if (request.internal !== true) refuseReservedTopicName(request.name);
  if (image.topicIdsByName.has(request.name)) {
    throw new RillError("TOPIC_ALREADY_EXISTS", `Topic ${request.name} already exists`);
  }
  const existing = image.topicNamesByCollisionKey.get(topicCollisionKey(request.name));
  if (existing !== undefined) {
    throw new RillError(
      "INVALID_TOPIC_EXCEPTION",
      `Topic ${request.name} collides with ${existing} ('.' and '_' are not told apart)`,
    );
  }
  const configs = validateConfigs(request.configs ?? {});
  let assignments: readonly (readonly BrokerId[])[];
  if (request.assignments !== undefined) {
    if (request.numPartitions !== -1 || request.replicationFactor !== -1) {
      throw new RillError("INVALID_REQUEST", "Give either assignments or numPartitions/replicationFactor");
    }
    if (request.assignments.length > limits.partitionsPerTopicMax) {
      throw new RillError(
        "INVALID_PARTITIONS",
        `At most ${limits.partitionsPerTopicMax} partitions per topic`,
      );
    }
    checkAssignments(image, request.assignments);
    assignments = request.assignments;
  } else {
    const numPartitions = request.numPartitions === -1 ? limits.defaultNumPartitions : request.numPartitions;
    if (
      !Number.isInteger(numPartitions) ||
      numPartitions < 1 ||
      numPartitions > limits.partitionsPerTopicMax
    ) {
      throw new RillError(
        "INVALID_PARTITIONS",
        `The number of partitions must be in 1..${limits.partitionsPerTopicMax}, got ${numPartitions}`,
      );
    }
    const brokers = activeBrokers(image);
    const replicationFactor =
      request.replicationFactor === -1
        ? Math.min(limits.defaultReplicationFactor, brokers.length)
        : request.replicationFactor;
    if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > brokers.length) {
      throw new RillError(
        "INVALID_REPLICATION_FACTOR",
        `Replication factor ${replicationFactor} needs that many active brokers; ${brokers.length} are active`,
        { details: { activeBrokers: brokers.length } },
      );
    }
    assignments = placeReplicas({ brokers, numPartitions, replicationFactor }, random);
  }
  const topicId = newTopicId(image, random);
  const response: CreateTopicResponse = {
    topicId,
    numPartitions: assignments.length,
    replicationFactor: assignments[0]!.length,
    configs,
  };
  if (request.validateOnly === true) return { records: [], response };
  const records: MetadataRecord[] = [
    { type: "Topic", name: request.name, topicId },
    ...Object.entries(configs).map(
      ([key, value]): MetadataRecord => ({
        type: "Config",
        resource: { type: "topic", name: request.name },
        key,
        value,
      }),
    ),
    ...partitionRecords(image, topicId, 0, assignments),
  ];
  return { records, response };
}

/** Deletes a topic with its partitions and configs. */
export function deleteTopic(image: MetadataImage, name: string): ControllerResult<{ topicId: TopicId }> {
  const topic = image.topicByName(name);
  if (topic === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `Unknown topic ${name}`);
  return { records: [{ type: "RemoveTopic", topicId: topic.topicId }], response: { topicId: topic.topicId } };
}

export interface CreatePartitionsRequest {
  readonly name: string;
  /** The new total number of partitions (larger than the current). */
  readonly totalCount: number;
  readonly assignments?: readonly (readonly BrokerId[])[];
}

/** Adds partitions to a topic, placed like at creation with the topic's replication factor. */
export function createPartitions(
  image: MetadataImage,
  request: CreatePartitionsRequest,
  limits: TopicLimits,
  random: RandomSource,
): ControllerResult<{ totalCount: number }> {
  const topic = image.topicByName(request.name);
  if (topic === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `Unknown topic ${request.name}`);
  const current = topic.partitions.size;
  if (!Number.isInteger(request.totalCount) || request.totalCount <= current) {
    throw new RillError(
      "INVALID_PARTITIONS",
      `Topic ${request.name} has ${current} partitions; the new count must be larger`,
    );
  }
  if (request.totalCount > limits.partitionsPerTopicMax) {
    throw new RillError("INVALID_PARTITIONS", `At most ${limits.partitionsPerTopicMax} partitions per topic`);
  }
  const added = request.totalCount - current;
  const replicationFactor = topic.partitions.get(0)!.replicas.length;
  let assignments: readonly (readonly BrokerId[])[];
  if (request.assignments !== undefined) {
    if (request.assignments.length !== added) {
      throw new RillError("INVALID_REPLICA_ASSIGNMENT", `Expected ${added} assignments`);
    }
    checkAssignments(image, request.assignments);
    assignments = request.assignments;
  } else {
    const brokers = activeBrokers(image);
    if (replicationFactor > brokers.length) {
      throw new RillError(
        "INVALID_REPLICATION_FACTOR",
        `Replication factor ${replicationFactor} needs that many active brokers; ${brokers.length} are active`,
      );
    }
    assignments = placeReplicas(
      { brokers, numPartitions: added, replicationFactor, firstPartition: current },
      random,
    );
  }
  return {
    records: partitionRecords(image, topic.topicId, current, assignments),
    response: { totalCount: request.totalCount },
  };
}

export interface ConfigChange {
  readonly key: string;
  /** null removes the entry (back to the default). */
  readonly value: string | null;
}

/**
 * Sets or removes config entries of one resource (Kafka's IncrementalAlterConfigs with SET and
 * DELETE). Topic configs are validated by name and value, and so are the controller's own cluster
 * configs (leader balancing); other broker and cluster entries are stored as given (their meaning
 * belongs to the broker's config).
 */
export function alterConfigs(
  image: MetadataImage,
  resource: ConfigResource,
  changes: readonly ConfigChange[],
): ControllerResult<null> {
  if (resource.type === "topic" && !image.topicIdsByName.has(resource.name)) {
    throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `Unknown topic ${resource.name}`);
  }
  if (resource.type === "broker" && !/^\d+$/.test(resource.name)) {
    throw new RillError(
      "INVALID_REQUEST",
      `Broker config resource name must be a node id, got "${resource.name}"`,
    );
  }
  if (resource.type === "cluster" && resource.name !== "") {
    throw new RillError("INVALID_REQUEST", "The cluster config resource has the empty name");
  }
  const records: MetadataRecord[] = [];
  const keys = new Set<string>();
  for (const change of changes) {
    if (keys.has(change.key)) throw new RillError("INVALID_REQUEST", `Config ${change.key} appears twice`);
    keys.add(change.key);
    let value = change.value;
    if (resource.type === "topic") {
      if (value === null) {
        if (TOPIC_CONFIGS[change.key] === undefined) {
          throw new RillError("INVALID_CONFIG", `Unknown topic config ${change.key}`, {
            details: { key: change.key },
          });
        }
      } else value = validateTopicConfig(change.key, value);
    } else if (change.key.length === 0) {
      throw new RillError("INVALID_CONFIG", "Empty config key");
    } else if (resource.type === "cluster" && value !== null) {
      value = validateClusterConfig(change.key, value);
    }
    records.push({ type: "Config", resource, key: change.key, value });
  }
  return { records, response: null };
}
