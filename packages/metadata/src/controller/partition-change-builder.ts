/**
 * Builds the PartitionChangeRecord that moves a partition to a target state (Kafka's
 * PartitionChangeBuilder): the ISR, replicas and reassignment lists the caller asks for, and a
 * leader chosen by the election rules. Returns null when nothing would change.
 *
 * Leader rules:
 * - the current leader stays when it is still eligible and in the new ISR (no needless bump),
 *   unless a preferred election asks for the first replica and it is eligible and in the ISR;
 * - otherwise the first replica, in replica order, that is in the ISR and eligible;
 * - otherwise, when unclean election is allowed, the first eligible replica, and the ISR becomes
 *   just that replica (records acknowledged only by the lost ISR may be gone);
 * - otherwise no leader (-1): the partition is offline and its ISR is kept, so that its last
 *   in-sync member can lead again when it comes back.
 */

import type { PartitionRegistration } from "../image/metadata-image.js";
import {
  type BrokerId,
  NO_LEADER,
  type PartitionChangeRecord,
  type TopicId,
} from "../records/metadata-record.js";

export type ElectionKind = "clean" | "preferred" | "unclean";

export interface PartitionChangeTarget {
  /** May the broker lead and join the ISR (registered, unfenced, not shutting down)? */
  readonly isEligible: (brokerId: BrokerId) => boolean;
  readonly election: ElectionKind;
  readonly isr?: readonly BrokerId[];
  readonly replicas?: readonly BrokerId[];
  readonly addingReplicas?: readonly BrokerId[];
  readonly removingReplicas?: readonly BrokerId[];
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The leader and ISR the election rules give for `replicas` and `isr`. */
export function electLeader(
  current: BrokerId,
  replicas: readonly BrokerId[],
  isr: readonly BrokerId[],
  target: Pick<PartitionChangeTarget, "isEligible" | "election">,
): { leader: BrokerId; isr: readonly BrokerId[] } {
  const eligibleInIsr = (id: BrokerId) => isr.includes(id) && target.isEligible(id);
  const preferred = replicas[0];
  if (target.election === "preferred" && preferred !== undefined && eligibleInIsr(preferred)) {
    return { leader: preferred, isr };
  }
  if (current !== NO_LEADER && replicas.includes(current) && eligibleInIsr(current))
    return { leader: current, isr };
  const clean = replicas.find(eligibleInIsr);
  if (clean !== undefined) return { leader: clean, isr };
  if (target.election === "unclean") {
    const unclean = replicas.find((id) => target.isEligible(id));
    if (unclean !== undefined) return { leader: unclean, isr: [unclean] };
  }
  return { leader: NO_LEADER, isr };
}

export function buildPartitionChange(
  topicId: TopicId,
  partition: number,
  current: PartitionRegistration,
  target: PartitionChangeTarget,
): PartitionChangeRecord | null {
  const replicas = target.replicas ?? current.replicas;
  const elected = electLeader(current.leader, replicas, target.isr ?? current.isr, target);
  const change: {
    -readonly [K in keyof PartitionChangeRecord]: PartitionChangeRecord[K];
  } = { type: "PartitionChange", topicId, partition };
  let changed = false;
  if (elected.leader !== current.leader) {
    change.leader = elected.leader;
    changed = true;
  }
  if (!sameList(elected.isr, current.isr)) {
    change.isr = elected.isr;
    changed = true;
  }
  if (!sameList(replicas, current.replicas)) {
    change.replicas = replicas;
    changed = true;
  }
  const adding = target.addingReplicas ?? current.addingReplicas;
  if (!sameList(adding, current.addingReplicas)) {
    change.addingReplicas = adding;
    changed = true;
  }
  const removing = target.removingReplicas ?? current.removingReplicas;
  if (!sameList(removing, current.removingReplicas)) {
    change.removingReplicas = removing;
    changed = true;
  }
  return changed ? change : null;
}
