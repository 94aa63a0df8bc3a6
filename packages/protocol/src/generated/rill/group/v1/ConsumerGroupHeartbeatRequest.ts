// Original file: rill/group/v1/group_service.proto

import type { TopicPartitions as _rill_group_v1_TopicPartitions, TopicPartitions__Output as _rill_group_v1_TopicPartitions__Output } from '../../../rill/group/v1/TopicPartitions.js';

/**
 * A consumer-group member's heartbeat (KIP-848). Fields marked "when changed" may be left empty
 * (unset) on heartbeats that change nothing; the first heartbeat (member_epoch 0) carries them all.
 */
export interface ConsumerGroupHeartbeatRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The member id; empty on the first heartbeat (the coordinator assigns one).
   */
  'memberId'?: (string);
  /**
   * The member's epoch: 0 to join (or rejoin after being fenced), -1 to leave, -2 for a static
   * member leaving temporarily (its partitions wait for it for the session timeout); otherwise
   * the epoch the last response gave.
   */
  'memberEpoch'?: (number);
  /**
   * The static instance id (group.instance.id); empty for a dynamic member.
   */
  'instanceId'?: (string);
  /**
   * The member's rack, for rack-aware assignment; empty when unknown.
   */
  'rackId'?: (string);
  /**
   * How long the member may take to revoke partitions before it is fenced; when changed.
   */
  'rebalanceTimeoutMs'?: (number);
  /**
   * A member missing heartbeats this long is removed; 0 uses the coordinator's default (45 s);
   * when changed.
   */
  'sessionTimeoutMs'?: (number);
  /**
   * The subscribed topic names; when changed. Ignored when subscribed_topic_regex is set.
   */
  'subscribedTopicNames'?: (string)[];
  /**
   * True when subscribed_topic_names carries the (possibly empty) subscription in this request.
   */
  'subscribedTopicNamesSet'?: (boolean);
  /**
   * A subscription by regular expression (JavaScript syntax, anchored at both ends); when changed.
   */
  'subscribedTopicRegex'?: (string);
  /**
   * The server-side assignor: "uniform" (default) or "range"; when changed.
   */
  'serverAssignor'?: (string);
  /**
   * The partitions the member owns now; when changed (always on the first heartbeat and after an
   * error).
   */
  'ownedPartitions'?: (_rill_group_v1_TopicPartitions)[];
  /**
   * True when owned_partitions carries the (possibly empty) owned set in this request.
   */
  'ownedPartitionsSet'?: (boolean);
  /**
   * The client id, for DescribeGroups.
   */
  'clientId'?: (string);
}

/**
 * A consumer-group member's heartbeat (KIP-848). Fields marked "when changed" may be left empty
 * (unset) on heartbeats that change nothing; the first heartbeat (member_epoch 0) carries them all.
 */
export interface ConsumerGroupHeartbeatRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The member id; empty on the first heartbeat (the coordinator assigns one).
   */
  'memberId': (string);
  /**
   * The member's epoch: 0 to join (or rejoin after being fenced), -1 to leave, -2 for a static
   * member leaving temporarily (its partitions wait for it for the session timeout); otherwise
   * the epoch the last response gave.
   */
  'memberEpoch': (number);
  /**
   * The static instance id (group.instance.id); empty for a dynamic member.
   */
  'instanceId': (string);
  /**
   * The member's rack, for rack-aware assignment; empty when unknown.
   */
  'rackId': (string);
  /**
   * How long the member may take to revoke partitions before it is fenced; when changed.
   */
  'rebalanceTimeoutMs': (number);
  /**
   * A member missing heartbeats this long is removed; 0 uses the coordinator's default (45 s);
   * when changed.
   */
  'sessionTimeoutMs': (number);
  /**
   * The subscribed topic names; when changed. Ignored when subscribed_topic_regex is set.
   */
  'subscribedTopicNames': (string)[];
  /**
   * True when subscribed_topic_names carries the (possibly empty) subscription in this request.
   */
  'subscribedTopicNamesSet': (boolean);
  /**
   * A subscription by regular expression (JavaScript syntax, anchored at both ends); when changed.
   */
  'subscribedTopicRegex': (string);
  /**
   * The server-side assignor: "uniform" (default) or "range"; when changed.
   */
  'serverAssignor': (string);
  /**
   * The partitions the member owns now; when changed (always on the first heartbeat and after an
   * error).
   */
  'ownedPartitions': (_rill_group_v1_TopicPartitions__Output)[];
  /**
   * True when owned_partitions carries the (possibly empty) owned set in this request.
   */
  'ownedPartitionsSet': (boolean);
  /**
   * The client id, for DescribeGroups.
   */
  'clientId': (string);
}
