// Original file: rill/metadata/v1/records.proto

import type { RegisterBrokerRecord as _rill_metadata_v1_RegisterBrokerRecord, RegisterBrokerRecord__Output as _rill_metadata_v1_RegisterBrokerRecord__Output } from '../../../rill/metadata/v1/RegisterBrokerRecord.js';
import type { UnregisterBrokerRecord as _rill_metadata_v1_UnregisterBrokerRecord, UnregisterBrokerRecord__Output as _rill_metadata_v1_UnregisterBrokerRecord__Output } from '../../../rill/metadata/v1/UnregisterBrokerRecord.js';
import type { FenceBrokerRecord as _rill_metadata_v1_FenceBrokerRecord, FenceBrokerRecord__Output as _rill_metadata_v1_FenceBrokerRecord__Output } from '../../../rill/metadata/v1/FenceBrokerRecord.js';
import type { UnfenceBrokerRecord as _rill_metadata_v1_UnfenceBrokerRecord, UnfenceBrokerRecord__Output as _rill_metadata_v1_UnfenceBrokerRecord__Output } from '../../../rill/metadata/v1/UnfenceBrokerRecord.js';
import type { BrokerRegistrationChangeRecord as _rill_metadata_v1_BrokerRegistrationChangeRecord, BrokerRegistrationChangeRecord__Output as _rill_metadata_v1_BrokerRegistrationChangeRecord__Output } from '../../../rill/metadata/v1/BrokerRegistrationChangeRecord.js';
import type { TopicRecord as _rill_metadata_v1_TopicRecord, TopicRecord__Output as _rill_metadata_v1_TopicRecord__Output } from '../../../rill/metadata/v1/TopicRecord.js';
import type { PartitionRecord as _rill_metadata_v1_PartitionRecord, PartitionRecord__Output as _rill_metadata_v1_PartitionRecord__Output } from '../../../rill/metadata/v1/PartitionRecord.js';
import type { PartitionChangeRecord as _rill_metadata_v1_PartitionChangeRecord, PartitionChangeRecord__Output as _rill_metadata_v1_PartitionChangeRecord__Output } from '../../../rill/metadata/v1/PartitionChangeRecord.js';
import type { ConfigRecord as _rill_metadata_v1_ConfigRecord, ConfigRecord__Output as _rill_metadata_v1_ConfigRecord__Output } from '../../../rill/metadata/v1/ConfigRecord.js';
import type { ProducerIdsBlockRecord as _rill_metadata_v1_ProducerIdsBlockRecord, ProducerIdsBlockRecord__Output as _rill_metadata_v1_ProducerIdsBlockRecord__Output } from '../../../rill/metadata/v1/ProducerIdsBlockRecord.js';
import type { RemoveTopicRecord as _rill_metadata_v1_RemoveTopicRecord, RemoveTopicRecord__Output as _rill_metadata_v1_RemoveTopicRecord__Output } from '../../../rill/metadata/v1/RemoveTopicRecord.js';

/**
 * One metadata record: a version and exactly one typed body.
 */
export interface MetadataRecord {
  /**
   * The version of the body's layout and meaning; a reader rejects a version it does not know.
   */
  'version'?: (number);
  /**
   * A broker registered (or re-registered with a new incarnation).
   */
  'registerBroker'?: (_rill_metadata_v1_RegisterBrokerRecord | null);
  /**
   * A broker was removed from the cluster.
   */
  'unregisterBroker'?: (_rill_metadata_v1_UnregisterBrokerRecord | null);
  /**
   * A broker was fenced: it may lead nothing and is out of every ISR it can leave.
   */
  'fenceBroker'?: (_rill_metadata_v1_FenceBrokerRecord | null);
  /**
   * A broker was unfenced: it caught up with the metadata log and may lead and join ISRs.
   */
  'unfenceBroker'?: (_rill_metadata_v1_UnfenceBrokerRecord | null);
  /**
   * A broker's registration state changed (fencing, controlled shutdown).
   */
  'brokerRegistrationChange'?: (_rill_metadata_v1_BrokerRegistrationChangeRecord | null);
  /**
   * A topic was created.
   */
  'topic'?: (_rill_metadata_v1_TopicRecord | null);
  /**
   * A partition was created, or its whole state written (snapshots).
   */
  'partition'?: (_rill_metadata_v1_PartitionRecord | null);
  /**
   * Some fields of a partition's state changed.
   */
  'partitionChange'?: (_rill_metadata_v1_PartitionChangeRecord | null);
  /**
   * A configuration entry was set or removed.
   */
  'config'?: (_rill_metadata_v1_ConfigRecord | null);
  /**
   * A block of producer ids was handed to a broker.
   */
  'producerIdsBlock'?: (_rill_metadata_v1_ProducerIdsBlockRecord | null);
  /**
   * A topic and all its partitions and configs were removed.
   */
  'removeTopic'?: (_rill_metadata_v1_RemoveTopicRecord | null);
  /**
   * The record body; exactly one is set. A body this reader does not know leaves it unset.
   */
  'body'?: "registerBroker"|"unregisterBroker"|"fenceBroker"|"unfenceBroker"|"brokerRegistrationChange"|"topic"|"partition"|"partitionChange"|"config"|"producerIdsBlock"|"removeTopic";
}

/**
 * One metadata record: a version and exactly one typed body.
 */
export interface MetadataRecord__Output {
  /**
   * The version of the body's layout and meaning; a reader rejects a version it does not know.
   */
  'version': (number);
  /**
   * A broker registered (or re-registered with a new incarnation).
   */
  'registerBroker'?: (_rill_metadata_v1_RegisterBrokerRecord__Output | null);
  /**
   * A broker was removed from the cluster.
   */
  'unregisterBroker'?: (_rill_metadata_v1_UnregisterBrokerRecord__Output | null);
  /**
   * A broker was fenced: it may lead nothing and is out of every ISR it can leave.
   */
  'fenceBroker'?: (_rill_metadata_v1_FenceBrokerRecord__Output | null);
  /**
   * A broker was unfenced: it caught up with the metadata log and may lead and join ISRs.
   */
  'unfenceBroker'?: (_rill_metadata_v1_UnfenceBrokerRecord__Output | null);
  /**
   * A broker's registration state changed (fencing, controlled shutdown).
   */
  'brokerRegistrationChange'?: (_rill_metadata_v1_BrokerRegistrationChangeRecord__Output | null);
  /**
   * A topic was created.
   */
  'topic'?: (_rill_metadata_v1_TopicRecord__Output | null);
  /**
   * A partition was created, or its whole state written (snapshots).
   */
  'partition'?: (_rill_metadata_v1_PartitionRecord__Output | null);
  /**
   * Some fields of a partition's state changed.
   */
  'partitionChange'?: (_rill_metadata_v1_PartitionChangeRecord__Output | null);
  /**
   * A configuration entry was set or removed.
   */
  'config'?: (_rill_metadata_v1_ConfigRecord__Output | null);
  /**
   * A block of producer ids was handed to a broker.
   */
  'producerIdsBlock'?: (_rill_metadata_v1_ProducerIdsBlockRecord__Output | null);
  /**
   * A topic and all its partitions and configs were removed.
   */
  'removeTopic'?: (_rill_metadata_v1_RemoveTopicRecord__Output | null);
  /**
   * The record body; exactly one is set. A body this reader does not know leaves it unset.
   */
  'body'?: "registerBroker"|"unregisterBroker"|"fenceBroker"|"unfenceBroker"|"brokerRegistrationChange"|"topic"|"partition"|"partitionChange"|"config"|"producerIdsBlock"|"removeTopic";
}
