/**
 * The parts of the metadata image as plain data, shared by the image and the delta that builds it.
 */
import type {
  BrokerEndpoint,
  BrokerId,
  ConfigResource,
  ProducerIdsBlockRecord,
  TopicId,
} from "../records/metadata-record.js";

export interface BrokerRegistration {
  readonly brokerId: BrokerId;
  readonly incarnationId: string;
  readonly brokerEpoch: number;
  readonly endpoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
  /** The log offset of the batch that registered the broker (see RegisterBrokerRecord). */
  readonly registeredOffset: number;
}

export interface PartitionRegistration {
  readonly replicas: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  /** -1: offline. */
  readonly leader: BrokerId;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly addingReplicas: readonly BrokerId[];
  readonly removingReplicas: readonly BrokerId[];
}

export interface TopicImage {
  readonly name: string;
  readonly topicId: TopicId;
  /** Keyed by partition index; indexes are 0..size-1. */
  readonly partitions: ReadonlyMap<number, PartitionRegistration>;
}

/** The key of a config resource in `MetadataImage.configs`. */
export function configResourceKey(resource: ConfigResource): string {
  return `${resource.type}:${resource.name}`;
}

export interface MetadataImageParts {
  /** The log offset (Raft index) of the last applied batch; 0 for the empty image. */
  readonly offset: number;
  readonly brokers: ReadonlyMap<BrokerId, BrokerRegistration>;
  readonly topicsById: ReadonlyMap<TopicId, TopicImage>;
  readonly topicIdsByName: ReadonlyMap<string, TopicId>;
  /**
   * Topic names by their collision key (the name with '.' as '_'): derived from the topics, kept
   * so that creating a topic checks collisions without scanning every name.
   */
  readonly topicNamesByCollisionKey: ReadonlyMap<string, string>;
  /** Keyed by `configResourceKey`; only explicitly set entries (defaults are not stored). */
  readonly configs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The last producer-id block handed out, or null. */
  readonly lastProducerIdsBlock: ProducerIdsBlockRecord | null;
}

/** Names that differ only by '.' versus '_' collide (metric names cannot tell them apart). */
export function topicCollisionKey(name: string): string {
  return name.replaceAll(".", "_");
}
