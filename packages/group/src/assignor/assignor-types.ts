import type { ClusterTopics } from "../cluster-topics.js";
import type { TopicPartitions } from "../topic-partitions.js";

/** One member as an assignor sees it. */
export interface AssignorMember {
  readonly memberId: string;
  /** Null when unknown. */
  readonly rackId: string | null;
  /** The existing topics its subscription covers, sorted. */
  readonly subscribedTopics: readonly string[];
  /** Its previous target assignment (sticky assignors keep what they can of it). */
  readonly current: TopicPartitions;
}

export interface AssignorInput {
  /** Sorted by member id. */
  readonly members: readonly AssignorMember[];
  readonly topics: ClusterTopics;
}

/**
 * A server-side assignor: a pure function from members and topics to each member's target.
 * Contract: every partition of a topic some member subscribes to goes to exactly one member
 * subscribed to that topic; every member of the input has an entry (possibly empty).
 */
export type Assignor = (input: AssignorInput) => Map<string, TopicPartitions>;
