/**
 * The typed metadata records (proto/rill/metadata/v1/records.proto) as plain immutable data.
 * The metadata state is the replay of these records in log order (see image/metadata-delta.ts).
 *
 * Ids and epochs are JS numbers (safe integers); a topic id is a UUID string. A broker id is the
 * branded NodeId of @rill/protocol/ids, branded where records and requests are decoded.
 * `NO_LEADER` (Kafka's -1, the shared NO_NODE) as a leader means "no leader" (the partition is
 * offline), as in Kafka.
 */

import { NO_NODE, type NodeId } from "@rill/protocol/ids";

/** A broker's node id: the branded NodeId shared with replication and Raft. */
export type BrokerId = NodeId;
/** A topic's id: a UUID string, unique for the life of the cluster. */
export type TopicId = string;

/** The leader value of an offline partition: NO_NODE, never a real node id. */
export const NO_LEADER = NO_NODE;

/** The version of every record body this code writes and the newest it reads. */
export const METADATA_RECORD_VERSION = 1;

export interface BrokerEndpoint {
  /** Listener name, e.g. "PLAINTEXT". */
  readonly name: string;
  readonly host: string;
  /** 1..65535. */
  readonly port: number;
}

export interface RegisterBrokerRecord {
  readonly type: "RegisterBroker";
  readonly brokerId: BrokerId;
  readonly incarnationId: string;
  readonly brokerEpoch: number;
  readonly endpoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
  /**
   * The offset of the batch that registered the broker; 0 in the registration itself (replay
   * takes the offset of the batch), set in snapshots.
   */
  readonly registeredOffset: number;
}

export interface UnregisterBrokerRecord {
  readonly type: "UnregisterBroker";
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
}

export interface FenceBrokerRecord {
  readonly type: "FenceBroker";
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
}

export interface UnfenceBrokerRecord {
  readonly type: "UnfenceBroker";
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
}

/** Absent fields are unchanged. */
export interface BrokerRegistrationChangeRecord {
  readonly type: "BrokerRegistrationChange";
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly fenced?: boolean;
  readonly inControlledShutdown?: boolean;
}

export interface TopicRecord {
  readonly type: "Topic";
  readonly name: string;
  readonly topicId: TopicId;
}

export interface PartitionRecord {
  readonly type: "Partition";
  readonly topicId: TopicId;
  readonly partition: number;
  readonly replicas: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  readonly leader: BrokerId;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly addingReplicas: readonly BrokerId[];
  readonly removingReplicas: readonly BrokerId[];
}

/**
 * Only the fields that change are present. Replay bumps `partitionEpoch` by one, and
 * `leaderEpoch` by one when `leader` is present.
 */
export interface PartitionChangeRecord {
  readonly type: "PartitionChange";
  readonly topicId: TopicId;
  readonly partition: number;
  readonly leader?: BrokerId;
  readonly isr?: readonly BrokerId[];
  readonly replicas?: readonly BrokerId[];
  readonly addingReplicas?: readonly BrokerId[];
  readonly removingReplicas?: readonly BrokerId[];
}

export type ConfigResourceType = "topic" | "broker" | "cluster";

export interface ConfigResource {
  readonly type: ConfigResourceType;
  /** Topic name; broker id in decimal; "" for the cluster. */
  readonly name: string;
}

/** `value: null` removes the entry (back to the default). */
export interface ConfigRecord {
  readonly type: "Config";
  readonly resource: ConfigResource;
  readonly key: string;
  readonly value: string | null;
}

/** Producer ids [firstProducerId, firstProducerId + size) handed to `brokerId`. */
export interface ProducerIdsBlockRecord {
  readonly type: "ProducerIdsBlock";
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly firstProducerId: number;
  readonly size: number;
}

export interface RemoveTopicRecord {
  readonly type: "RemoveTopic";
  readonly topicId: TopicId;
}

export type MetadataRecord =
  | RegisterBrokerRecord
  | UnregisterBrokerRecord
  | FenceBrokerRecord
  | UnfenceBrokerRecord
  | BrokerRegistrationChangeRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord
  | ProducerIdsBlockRecord
  | RemoveTopicRecord;

export type MetadataRecordType = MetadataRecord["type"];
