import type { RillError } from "@rill/protocol";
import type { TopicPartition } from "../consumer/consumer-types.js";

/** A group's state, as Kafka names them (lower-case); "reconciling" and "assigning" are KIP-848's. */
export type GroupState =
  | "unknown"
  | "empty"
  | "preparing-rebalance"
  | "completing-rebalance"
  | "stable"
  | "dead"
  | "assigning"
  | "reconciling";

/** One group as ListGroups found it. */
export interface GroupListing {
  readonly groupId: string;
  /** "consumer" for consumer groups; "" for a group with only committed offsets. */
  readonly protocolType: string;
  readonly state: GroupState;
  /** The address of the broker whose coordinator holds the group. */
  readonly coordinator: string;
}

/** The result of listGroups: the groups of every broker that answered, and the brokers that did not. */
export interface ListGroupsResult {
  readonly groups: readonly GroupListing[];
  /** Brokers that failed to answer: their groups are missing from `groups`. */
  readonly errors: readonly { readonly broker: string; readonly error: RillError }[];
}

/** A member of a described group. */
export interface GroupMemberDescription {
  readonly memberId: string;
  /** The static instance id; "" for a dynamic member. */
  readonly groupInstanceId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly memberEpoch: number;
  readonly rackId: string;
  /** The partitions the member owns. */
  readonly assigned: readonly TopicPartition[];
  /** The partitions it is being given once their owners release them. */
  readonly pending: readonly TopicPartition[];
  /** The subscribed topic names (or the regex in `subscribedTopicRegex`). */
  readonly subscribedTopics: readonly string[];
  readonly subscribedTopicRegex: string;
}

/** A described group; `error` is set (and the rest empty) when it could not be described. */
export interface GroupDescription {
  readonly groupId: string;
  readonly state: GroupState;
  readonly protocolType: string;
  /** The assignor (protocol name); "" when none. */
  readonly assignor: string;
  /** The group epoch (bumped by every membership or subscription change). */
  readonly groupEpoch: number;
  /** The epoch of the current target assignment. */
  readonly assignmentEpoch: number;
  readonly members: readonly GroupMemberDescription[];
  readonly error: RillError | null;
}

/** The outcome of deleting one group. */
export interface DeleteGroupResult {
  readonly groupId: string;
  /** NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND, ...; null when deleted. */
  readonly error: RillError | null;
}

/** One partition of a group with its lag (DescribeGroupOffsets). */
export interface GroupPartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The committed offset; -1 when none. */
  readonly committedOffset: number;
  readonly metadata: string;
  /** The log end (high watermark); -1 when unknown. */
  readonly logEndOffset: number;
  /** Records not yet consumed; -1 when unknown. */
  readonly lagRecords: number;
  /** Age in ms of the oldest record not yet consumed; 0 when none waits; -1 when unknown. */
  readonly lagMs: number;
  /** The member owning the partition; "" when none. */
  readonly memberId: string;
}

/** Where `resetOffsets` moves a group's offsets (Kafka's kafka-consumer-groups --reset-offsets). */
export type OffsetResetSpec =
  | { readonly kind: "earliest" }
  | { readonly kind: "latest" }
  | { readonly kind: "offset"; readonly offset: number }
  | { readonly kind: "datetime"; readonly timestampMs: number }
  | { readonly kind: "shift-by"; readonly shift: number };

/** One row of a reset plan: a partition's committed offset before and after. */
export interface OffsetResetRow {
  readonly topic: string;
  readonly partition: number;
  /** The committed offset now; -1 when none. */
  readonly before: number;
  /** The offset the reset commits (clamped into [log start, log end], as Kafka's tool does). */
  readonly after: number;
}

/** The result of `resetOffsets`: the plan, and whether it was committed. */
export interface OffsetResetResult {
  readonly groupId: string;
  readonly topic: string;
  readonly rows: readonly OffsetResetRow[];
  /** False for a dry run: nothing changed. */
  readonly executed: boolean;
}
