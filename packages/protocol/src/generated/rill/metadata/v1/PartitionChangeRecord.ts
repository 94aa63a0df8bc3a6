// Original file: rill/metadata/v1/records.proto

import type { BrokerIdList as _rill_metadata_v1_BrokerIdList, BrokerIdList__Output as _rill_metadata_v1_BrokerIdList__Output } from '../../../rill/metadata/v1/BrokerIdList.js';

/**
 * A change of a partition's state: only the fields that change are set. Replaying it bumps the
 * partition epoch, and the leader epoch when the leader field is set.
 */
export interface PartitionChangeRecord {
  /**
   * The id of the topic the partition belongs to.
   */
  'topicId'?: (string);
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The new leader (-1: offline), when it changes.
   */
  'leader'?: (number);
  /**
   * The new ISR, when it changes.
   */
  'isr'?: (_rill_metadata_v1_BrokerIdList | null);
  /**
   * The new replicas, when they change.
   */
  'replicas'?: (_rill_metadata_v1_BrokerIdList | null);
  /**
   * The new adding replicas, when they change.
   */
  'addingReplicas'?: (_rill_metadata_v1_BrokerIdList | null);
  /**
   * The new removing replicas, when they change.
   */
  'removingReplicas'?: (_rill_metadata_v1_BrokerIdList | null);
  '_leader'?: "leader";
}

/**
 * A change of a partition's state: only the fields that change are set. Replaying it bumps the
 * partition epoch, and the leader epoch when the leader field is set.
 */
export interface PartitionChangeRecord__Output {
  /**
   * The id of the topic the partition belongs to.
   */
  'topicId': (string);
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The new leader (-1: offline), when it changes.
   */
  'leader'?: (number);
  /**
   * The new ISR, when it changes.
   */
  'isr': (_rill_metadata_v1_BrokerIdList__Output | null);
  /**
   * The new replicas, when they change.
   */
  'replicas': (_rill_metadata_v1_BrokerIdList__Output | null);
  /**
   * The new adding replicas, when they change.
   */
  'addingReplicas': (_rill_metadata_v1_BrokerIdList__Output | null);
  /**
   * The new removing replicas, when they change.
   */
  'removingReplicas': (_rill_metadata_v1_BrokerIdList__Output | null);
  '_leader'?: "leader";
}
