import type { ConsumerGroupMember } from "./member.js";
import {
  countPartitions,
  difference,
  EMPTY_TOPIC_PARTITIONS,
  intersection,
  type TopicPartitions,
  topicPartitionsOf,
  union,
} from "./topic-partitions.js";

export interface ReconcileInput {
  readonly member: ConsumerGroupMember;
  /** The member's target assignment and its epoch. */
  readonly target: TopicPartitions;
  readonly targetEpoch: number;
  /** Who owns a partition now (assigned or pending revocation), undefined when nobody. */
  readonly ownerOf: (topic: string, partition: number) => string | undefined;
  /** The partitions the member reported owning in this heartbeat; undefined when not reported. */
  readonly owned: TopicPartitions | undefined;
  readonly nowMs: number;
}

/**
 * Moves a member one step towards its target (Kafka's CurrentAssignmentBuilder), keeping the
 * invariant that no partition is owned by two members at once:
 * - while partitions are pending revocation, nothing changes until the member's heartbeat
 *   reports owning none of them (then they are released);
 * - partitions no longer in the target are taken away first (pending revocation; the member
 *   keeps its epoch and must confirm within its rebalance timeout);
 * - with nothing to revoke the member moves to the target epoch and receives the new partitions
 *   that nobody owns; those still owned by others come on a later heartbeat, once released.
 */
export function reconcileMember(input: ReconcileInput): ConsumerGroupMember {
  let member = input.member;
  if (member.state === "unrevoked-partitions") {
    const stillOwned =
      input.owned === undefined
        ? member.pendingRevocation
        : intersection(input.owned, member.pendingRevocation);
    if (countPartitions(stillOwned) > 0) return member;
    member = {
      ...member,
      pendingRevocation: EMPTY_TOPIC_PARTITIONS,
      revocationDeadlineMs: -1,
      state: "stable",
    };
  }
  if (member.memberEpoch === input.targetEpoch && member.state === "stable") return member;
  const keep = intersection(member.assigned, input.target);
  const revoke = difference(member.assigned, input.target);
  if (countPartitions(revoke) > 0) {
    return {
      ...member,
      assigned: keep,
      pendingRevocation: revoke,
      state: "unrevoked-partitions",
      revocationDeadlineMs: input.nowMs + member.rebalanceTimeoutMs,
    };
  }
  const wanted = difference(input.target, keep);
  const free: [string, number[]][] = [];
  let unreleased = 0;
  for (const [topic, partitions] of wanted) {
    const given: number[] = [];
    for (const partition of partitions) {
      const owner = input.ownerOf(topic, partition);
      if (owner === undefined || owner === member.memberId) given.push(partition);
      else unreleased += 1;
    }
    free.push([topic, given]);
  }
  return {
    ...member,
    assigned: union(keep, topicPartitionsOf(free)),
    previousMemberEpoch:
      member.memberEpoch === input.targetEpoch ? member.previousMemberEpoch : member.memberEpoch,
    memberEpoch: input.targetEpoch,
    state: unreleased > 0 ? "unreleased-partitions" : "stable",
  };
}
