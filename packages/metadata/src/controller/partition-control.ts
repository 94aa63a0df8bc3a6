/**
 * Partition leadership and ISR changes: the effect of brokers becoming ineligible or eligible,
 * AlterPartition from partition leaders, leader elections (preferred, unclean, automatic
 * rebalancing) and partition reassignment. Pure functions of the image.
 */
import { RillError } from "@rill/protocol";
import type { MetadataImage, PartitionRegistration, TopicImage } from "../image/metadata-image.js";
import {
  type BrokerId,
  NO_LEADER,
  type PartitionChangeRecord,
  type TopicId,
} from "../records/metadata-record.js";
import type { ControllerResult } from "./controller-result.js";
import { buildPartitionChange, type ElectionKind } from "./partition-change-builder.js";
import { setReassignmentThrottle } from "./reassignment-throttle.js";
import { topicConfigValue } from "./topic-configs.js";

/** Whether the topic (or else the cluster) allows unclean leader election. */
export function uncleanElectionEnabled(image: MetadataImage, topicName: string): boolean {
  const topicValue = image
    .configsOf({ type: "topic", name: topicName })
    .get("unclean.leader.election.enable");
  const value =
    topicValue ??
    image.configsOf({ type: "cluster", name: "" }).get("unclean.leader.election.enable") ??
    topicConfigValue(new Map(), "unclean.leader.election.enable");
  return value === "true";
}

function defaultElection(image: MetadataImage, topic: TopicImage): ElectionKind {
  return uncleanElectionEnabled(image, topic.name) ? "unclean" : "clean";
}

function* allPartitions(image: MetadataImage): Generator<[TopicImage, number, PartitionRegistration]> {
  for (const topic of image.topicsById.values()) {
    for (const [index, partition] of topic.partitions) yield [topic, index, partition];
  }
}

/**
 * The changes when `brokers` may no longer lead or stay in ISRs (fenced, shutting down,
 * re-registered, unregistered): each leaves every ISR it is in, except as the last member, and
 * loses leadership to the first eligible in-sync replica, or the partition goes offline.
 * `isEligible` must already say false for `brokers`.
 */
export function changesForIneligibleBrokers(
  image: MetadataImage,
  brokers: ReadonlySet<BrokerId>,
  isEligible: (brokerId: BrokerId) => boolean,
): PartitionChangeRecord[] {
  const changes: PartitionChangeRecord[] = [];
  for (const [topic, index, partition] of allPartitions(image)) {
    if (!partition.isr.some((id) => brokers.has(id)) && !brokers.has(partition.leader)) continue;
    let isr = partition.isr.filter((id) => !brokers.has(id));
    if (isr.length === 0) {
      // Keep the last in-sync member: it alone has every acknowledged record.
      isr = [partition.leader !== NO_LEADER ? partition.leader : partition.isr[0]!];
    }
    const change = buildPartitionChange(topic.topicId, index, partition, {
      isEligible,
      election: defaultElection(image, topic),
      isr,
    });
    if (change !== null) changes.push(change);
  }
  return changes;
}

/** The changes when `brokerId` becomes eligible again: offline partitions it can lead get it. */
export function changesForEligibleBroker(
  image: MetadataImage,
  brokerId: BrokerId,
  isEligible: (brokerId: BrokerId) => boolean,
): PartitionChangeRecord[] {
  const changes: PartitionChangeRecord[] = [];
  for (const [topic, index, partition] of allPartitions(image)) {
    if (partition.leader !== NO_LEADER || !partition.replicas.includes(brokerId)) continue;
    const change = buildPartitionChange(topic.topicId, index, partition, {
      isEligible,
      election: defaultElection(image, topic),
    });
    if (change !== null) changes.push(change);
  }
  return changes;
}

export interface AlterPartitionRequest {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly topicId: TopicId;
  readonly partition: number;
  /** The leader epoch the leader is in. */
  readonly leaderEpoch: number;
  /** The partition epoch the leader last saw. */
  readonly partitionEpoch: number;
  readonly newIsr: readonly BrokerId[];
}

export interface PartitionState {
  readonly leader: BrokerId;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly isr: readonly BrokerId[];
  readonly replicas: readonly BrokerId[];
}

/** The partition state after replaying `change` (null: unchanged) on `current`. */
export function stateAfter(
  current: PartitionRegistration,
  change: PartitionChangeRecord | null,
): PartitionState {
  if (change === null) return current;
  return {
    leader: change.leader ?? current.leader,
    leaderEpoch: change.leader === undefined ? current.leaderEpoch : current.leaderEpoch + 1,
    partitionEpoch: current.partitionEpoch + 1,
    isr: change.isr ?? current.isr,
    replicas: change.replicas ?? current.replicas,
  };
}

/**
 * A partition leader's ISR change (shrink or expand), guarded by the leader epoch and the
 * partition epoch: a leader that lost leadership or acts on an old state is told so and must
 * refresh its metadata. Completes a reassignment once every adding replica is in sync.
 */
export function alterPartition(
  image: MetadataImage,
  request: AlterPartitionRequest,
  checkBrokerEpoch: (brokerId: BrokerId, brokerEpoch: number) => void,
): ControllerResult<PartitionState> {
  checkBrokerEpoch(request.brokerId, request.brokerEpoch);
  const topic = image.topicsById.get(request.topicId);
  const current = topic?.partitions.get(request.partition);
  if (topic === undefined || current === undefined) {
    throw new RillError(
      "UNKNOWN_TOPIC_OR_PARTITION",
      `Unknown partition ${request.topicId}-${request.partition}`,
    );
  }
  const details = {
    leader: current.leader,
    leaderEpoch: current.leaderEpoch,
    partitionEpoch: current.partitionEpoch,
  };
  if (request.leaderEpoch < current.leaderEpoch) {
    throw new RillError("FENCED_LEADER_EPOCH", undefined, { details });
  }
  if (request.leaderEpoch > current.leaderEpoch) {
    throw new RillError("UNKNOWN_LEADER_EPOCH", undefined, { details });
  }
  if (current.leader !== request.brokerId) {
    throw new RillError("NOT_LEADER_OR_FOLLOWER", `Broker ${request.brokerId} does not lead this partition`, {
      details,
    });
  }
  if (request.partitionEpoch !== current.partitionEpoch) {
    throw new RillError("INVALID_UPDATE_VERSION", undefined, { details });
  }
  const newIsr = request.newIsr;
  if (new Set(newIsr).size !== newIsr.length || !newIsr.includes(request.brokerId)) {
    throw new RillError("INVALID_REQUEST", "The new ISR must list distinct brokers and include the leader");
  }
  for (const id of newIsr) {
    if (!current.replicas.includes(id)) {
      throw new RillError("INELIGIBLE_REPLICA", `Broker ${id} is not a replica of this partition`, {
        details: { brokerId: id },
      });
    }
    if (!current.isr.includes(id) && !image.isBrokerActive(id)) {
      throw new RillError("INELIGIBLE_REPLICA", `Broker ${id} is fenced or shutting down`, {
        details: { brokerId: id },
      });
    }
  }
  const isEligible = (id: BrokerId) => image.isBrokerActive(id);
  const target = completedReassignment(current, newIsr) ?? { isr: newIsr };
  const change = buildPartitionChange(request.topicId, request.partition, current, {
    isEligible,
    election: "clean",
    ...target,
  });
  return { records: change === null ? [] : [change], response: stateAfter(current, change) };
}

/** The target state that completes a reassignment once all adding replicas are in `isr`. */
function completedReassignment(
  current: PartitionRegistration,
  isr: readonly BrokerId[],
): { isr: BrokerId[]; replicas: BrokerId[]; addingReplicas: []; removingReplicas: [] } | undefined {
  if (current.addingReplicas.length === 0 && current.removingReplicas.length === 0) return undefined;
  if (!current.addingReplicas.every((id) => isr.includes(id))) return undefined;
  const replicas = current.replicas.filter((id) => !current.removingReplicas.includes(id));
  const newIsr = isr.filter((id) => !current.removingReplicas.includes(id));
  if (newIsr.length === 0) return undefined;
  return { isr: newIsr, replicas, addingReplicas: [], removingReplicas: [] };
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface ElectionResult extends TopicPartition {
  /** null: elected (or already fine for "preferred"); otherwise why not. */
  readonly error: RillError | null;
}

/**
 * Preferred or unclean leader election on demand (Kafka's ElectLeaders). `partitions`
 * undefined means every partition. Errors are per partition: ELECTION_NOT_NEEDED,
 * PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION.
 */
export function electLeaders(
  image: MetadataImage,
  kind: "preferred" | "unclean",
  partitions: readonly TopicPartition[] | undefined,
): ControllerResult<ElectionResult[]> {
  const targets =
    partitions ?? [...allPartitions(image)].map(([topic, partition]) => ({ topic: topic.name, partition }));
  const records: PartitionChangeRecord[] = [];
  const response: ElectionResult[] = [];
  const isEligible = (id: BrokerId) => image.isBrokerActive(id);
  for (const { topic: name, partition } of targets) {
    const topic = image.topicByName(name);
    const current = topic?.partitions.get(partition);
    if (topic === undefined || current === undefined) {
      response.push({ topic: name, partition, error: new RillError("UNKNOWN_TOPIC_OR_PARTITION") });
      continue;
    }
    let change: PartitionChangeRecord | null = null;
    let error: RillError | null = null;
    if (kind === "preferred") {
      const preferred = current.replicas[0]!;
      if (current.leader === preferred) error = new RillError("ELECTION_NOT_NEEDED");
      else if (!current.isr.includes(preferred) || !isEligible(preferred)) {
        error = new RillError("PREFERRED_LEADER_NOT_AVAILABLE");
      } else
        change = buildPartitionChange(topic.topicId, partition, current, {
          isEligible,
          election: "preferred",
        });
    } else if (current.leader !== NO_LEADER) {
      error = new RillError("ELECTION_NOT_NEEDED");
    } else {
      change = buildPartitionChange(topic.topicId, partition, current, { isEligible, election: "unclean" });
      if (change?.leader === undefined || change.leader === NO_LEADER) {
        change = null;
        error = new RillError("ELIGIBLE_LEADERS_NOT_AVAILABLE");
      }
    }
    if (change !== null) records.push(change);
    response.push({ topic: name, partition, error });
  }
  return { records, response };
}

export interface LeaderBalanceOptions {
  /** A broker is imbalanced when more than this share of its preferred partitions it does not lead. */
  readonly imbalancePercentMax: number;
  /** The most elections one check returns (the next check continues). */
  readonly electionsPerCheckMax: number;
}

/**
 * The periodic leader-balance check (Kafka's auto.leader.rebalance): for each broker whose share
 * of preferred partitions led by someone else exceeds the threshold, elect it back where it is
 * eligible and in the ISR.
 */
export function balanceLeaders(
  image: MetadataImage,
  options: LeaderBalanceOptions,
): ControllerResult<number> {
  const preferredCount = new Map<BrokerId, number>();
  const notLed = new Map<BrokerId, [TopicImage, number, PartitionRegistration][]>();
  for (const entry of allPartitions(image)) {
    const [, , partition] = entry;
    const preferred = partition.replicas[0]!;
    preferredCount.set(preferred, (preferredCount.get(preferred) ?? 0) + 1);
    if (partition.leader !== preferred) notLed.set(preferred, [...(notLed.get(preferred) ?? []), entry]);
  }
  const records: PartitionChangeRecord[] = [];
  const isEligible = (id: BrokerId) => image.isBrokerActive(id);
  for (const brokerId of [...notLed.keys()].sort((a, b) => a - b)) {
    const entries = notLed.get(brokerId)!;
    const ratioPercent = (100 * entries.length) / preferredCount.get(brokerId)!;
    if (ratioPercent <= options.imbalancePercentMax || !isEligible(brokerId)) continue;
    for (const [topic, index, partition] of entries) {
      if (records.length >= options.electionsPerCheckMax) return { records, response: records.length };
      if (!partition.isr.includes(brokerId)) continue;
      const change = buildPartitionChange(topic.topicId, index, partition, {
        isEligible,
        election: "preferred",
      });
      if (change !== null) records.push(change);
    }
  }
  return { records, response: records.length };
}

export interface ReassignmentRequest extends TopicPartition {
  /** The new replica list (preferred leader first), or null to cancel a reassignment. */
  readonly targetReplicas: readonly BrokerId[] | null;
  /**
   * When set (> 0), the reassignment throttle in bytes per second, stored with a move that
   * starts (see reassignment-throttle.ts); a move that finishes at once sets none.
   */
  readonly throttleBytesPerSecond?: number;
}

/**
 * Starts or cancels a partition reassignment (KIP-455 style). Start: replicas become target ∪
 * current (target first), adding = target − current, removing = current − target; the
 * reassignment completes through AlterPartition once every adding replica is in sync (at once
 * when nothing is added). A new target for a partition already moving replaces that move. Cancel:
 * adding replicas are dropped and the old list comes back.
 */
export function alterPartitionReassignment(
  image: MetadataImage,
  request: ReassignmentRequest,
): ControllerResult<null> {
  const topic = image.topicByName(request.topic);
  const current = topic?.partitions.get(request.partition);
  if (topic === undefined || current === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION");
  const isEligible = (id: BrokerId) => image.isBrokerActive(id);
  const election = defaultElection(image, topic);
  const inProgress = current.addingReplicas.length > 0 || current.removingReplicas.length > 0;
  if (request.targetReplicas === null) {
    if (!inProgress) throw new RillError("NO_REASSIGNMENT_IN_PROGRESS");
    const replicas = current.replicas.filter((id) => !current.addingReplicas.includes(id));
    const isr = current.isr.filter((id) => replicas.includes(id));
    if (isr.length === 0) {
      // Only new replicas are in sync: dropping them would leave no replica with every record.
      throw new RillError("INVALID_REQUEST", "No replica of the old assignment is in sync; cannot cancel");
    }
    const change = buildPartitionChange(topic.topicId, request.partition, current, {
      isEligible,
      election,
      replicas,
      isr,
      addingReplicas: [],
      removingReplicas: [],
    });
    return { records: change === null ? [] : [change], response: null };
  }
  const target = request.targetReplicas;
  if (target.length === 0 || new Set(target).size !== target.length) {
    throw new RillError("INVALID_REPLICA_ASSIGNMENT", "The target replicas must be distinct and not empty");
  }
  for (const id of target) {
    if (!image.brokers.has(id)) {
      throw new RillError("INVALID_REPLICA_ASSIGNMENT", `Broker ${id} is not registered`);
    }
  }
  // Fewer replicas than an explicitly configured min.insync.replicas would refuse every acks=all
  // produce for good. (Without an explicit value the broker's default never exceeds the
  // replication factor, so any factor is allowed.)
  const minInsync =
    image.configsOf({ type: "topic", name: topic.name }).get("min.insync.replicas") ??
    image.configsOf({ type: "cluster", name: "" }).get("min.insync.replicas");
  if (minInsync !== undefined && target.length < Number(minInsync)) {
    throw new RillError(
      "INVALID_REPLICATION_FACTOR",
      `${target.length} target replicas are fewer than min.insync.replicas=${minInsync} of ${topic.name}: acks=all writes would fail; lower min.insync.replicas first`,
    );
  }
  // A new target replaces a move in progress (KIP-455): measured against the replicas the
  // partition had before that move, so a replica still being added that the new target keeps is
  // still waited for, and one it drops is removed with the other leavers.
  const original = current.replicas.filter((id) => !current.addingReplicas.includes(id));
  const adding = target.filter((id) => !original.includes(id));
  const removing = current.replicas.filter((id) => !target.includes(id));
  if (
    !inProgress &&
    adding.length === 0 &&
    removing.length === 0 &&
    target.every((id, i) => current.replicas[i] === id)
  ) {
    return { records: [], response: null };
  }
  const replicas = [...target, ...removing];
  let stateReplicas: readonly BrokerId[] = replicas;
  let isr: readonly BrokerId[] = current.isr;
  let addingReplicas: readonly BrokerId[] = adding;
  let removingReplicas: readonly BrokerId[] = removing;
  const remainingIsr = current.isr.filter((id) => !removing.includes(id));
  if (adding.every((id) => current.isr.includes(id)) && remainingIsr.length > 0) {
    // Nothing left to copy: finish at once.
    stateReplicas = target;
    isr = remainingIsr;
    addingReplicas = [];
    removingReplicas = [];
  }
  const change = buildPartitionChange(topic.topicId, request.partition, current, {
    isEligible,
    election,
    replicas: stateReplicas,
    isr,
    addingReplicas,
    removingReplicas,
  });
  const throttle = request.throttleBytesPerSecond ?? 0;
  const throttled = throttle > 0 && addingReplicas.length > 0 ? setReassignmentThrottle(image, throttle) : [];
  return { records: change === null ? throttled : [change, ...throttled], response: null };
}
