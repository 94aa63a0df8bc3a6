// Original file: rill/group/v1/group_service.proto

import type { TopicPartitions as _rill_group_v1_TopicPartitions, TopicPartitions__Output as _rill_group_v1_TopicPartitions__Output } from '../../../rill/group/v1/TopicPartitions.js';

/**
 * A member of a described group.
 */
export interface DescribedGroupMember {
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * The client id the member joined with.
   */
  'clientId'?: (string);
  /**
   * The client's host (address) as the coordinator saw it.
   */
  'clientHost'?: (string);
  /**
   * The member's metadata for the chosen protocol.
   */
  'memberMetadata'?: (Buffer | Uint8Array | string);
  /**
   * The member's current assignment.
   */
  'memberAssignment'?: (Buffer | Uint8Array | string);
  /**
   * (Consumer protocol) the member's epoch.
   */
  'memberEpoch'?: (number);
  /**
   * (Consumer protocol) the partitions the member owns.
   */
  'assignedPartitions'?: (_rill_group_v1_TopicPartitions)[];
  /**
   * (Consumer protocol) the partitions the member is being given once their owners revoke them.
   */
  'pendingPartitions'?: (_rill_group_v1_TopicPartitions)[];
  /**
   * (Consumer protocol) the member's subscription: topic names, or the regex.
   */
  'subscribedTopicNames'?: (string)[];
  /**
   * (Consumer protocol) the subscription regex; empty when by names.
   */
  'subscribedTopicRegex'?: (string);
  /**
   * The member's rack; empty when unknown.
   */
  'rackId'?: (string);
}

/**
 * A member of a described group.
 */
export interface DescribedGroupMember__Output {
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * The client id the member joined with.
   */
  'clientId': (string);
  /**
   * The client's host (address) as the coordinator saw it.
   */
  'clientHost': (string);
  /**
   * The member's metadata for the chosen protocol.
   */
  'memberMetadata': (Buffer);
  /**
   * The member's current assignment.
   */
  'memberAssignment': (Buffer);
  /**
   * (Consumer protocol) the member's epoch.
   */
  'memberEpoch': (number);
  /**
   * (Consumer protocol) the partitions the member owns.
   */
  'assignedPartitions': (_rill_group_v1_TopicPartitions__Output)[];
  /**
   * (Consumer protocol) the partitions the member is being given once their owners revoke them.
   */
  'pendingPartitions': (_rill_group_v1_TopicPartitions__Output)[];
  /**
   * (Consumer protocol) the member's subscription: topic names, or the regex.
   */
  'subscribedTopicNames': (string)[];
  /**
   * (Consumer protocol) the subscription regex; empty when by names.
   */
  'subscribedTopicRegex': (string);
  /**
   * The member's rack; empty when unknown.
   */
  'rackId': (string);
}
