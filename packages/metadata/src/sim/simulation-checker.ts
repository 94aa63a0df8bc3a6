/**
 * The safety checks of the metadata simulation, run after every event.
 *
 * The checker keeps the global committed log (every entry any controller applied, by index) and
 * replays it into a reference image, the "oracle". Then:
 * - Raft state-machine safety: an index is applied with the same term and bytes everywhere, and
 *   applied entries form a gapless log;
 * - metadata state-machine safety: a controller's committed image at offset N is the oracle's at
 *   N (compared by canonical fingerprint), after every commit and every snapshot load;
 * - the image invariants (MetadataInvariantChecker) on the oracle after every entry, and on every
 *   controller incarnation's images in its own order: the leader is in the ISR and unfenced (a
 *   fenced broker leads nothing), the ISR is never empty, epochs only grow, no two leaders in one
 *   leader epoch;
 * - acknowledged operations: a topic creation or deletion acknowledged to the admin is committed,
 *   a created topic stays until a committed deletion, a deleted one never comes back; an
 *   acknowledged broker registration is committed with the epoch it was given; a broker
 *   told it may shut down is fenced and leads nothing; an
 *   acknowledged AlterPartition is exactly the committed state it reports, computed from the state
 *   its request named (so a stale request can never have been accepted).
 */

import type { Entry, NodeId } from "@rill/raft";
import type { AlterPartitionRequest, PartitionState } from "../controller/partition-control.js";
import { uncleanElectionEnabled } from "../controller/partition-control.js";
import { MetadataInvariantChecker } from "../image/invariants.js";
import { MetadataImage, type PartitionRegistration } from "../image/metadata-image.js";
import { decodeMetadataRecordBatch } from "../records/codec.js";
import { type BrokerId, type MetadataRecord, NO_LEADER, type TopicId } from "../records/metadata-record.js";
import { imageFingerprint } from "./image-fingerprint.js";

export class SimulationViolation extends Error {
  override readonly name = "SimulationViolation";
}

export function violation(message: string): never {
  throw new SimulationViolation(message);
}

export type CheckerCounterName =
  | "imagesCompared"
  | "leaderElectionsCommitted"
  | "preferredLeaderMovesCommitted"
  | "partitionsWentOffline"
  | "uncleanElectionSkipped"
  | "uncleanElectionsCommitted"
  | "isrShrinksCommitted"
  | "isrExpandsCommitted"
  | "sessionFencesCommitted"
  | "controlledShutdownFencesCommitted"
  | "brokersUnfencedCommitted"
  | "brokerReRegistrationsCommitted";

interface LoggedEntry {
  readonly term: number;
  readonly data: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

function stateText(state: { leader: number; leaderEpoch: number; isr: readonly number[] }): string {
  return `leader ${state.leader} epoch ${state.leaderEpoch} isr [${state.isr.join(",")}]`;
}

export class SimulationChecker {
  readonly #log: LoggedEntry[] = [];
  #oracle = MetadataImage.EMPTY;
  readonly #oracleInvariants = new MetadataInvariantChecker();
  /** Offset → the oracle's fingerprint there. */
  readonly #fingerprints = new Map<number, string>([[0, imageFingerprint(MetadataImage.EMPTY)]]);
  /** "topicId/partition" → partition epoch → the committed state with that epoch. */
  readonly #partitionHistory = new Map<string, Map<number, string>>();
  readonly #topicCreatedAt = new Map<TopicId, number>();
  readonly #topicRemovedAt = new Map<TopicId, number>();
  readonly #ackedCreations = new Map<TopicId, string>();
  readonly #ackedDeletions = new Map<TopicId, string>();
  /** "brokerId/incarnationId/brokerEpoch" of every committed registration. */
  readonly #registrations = new Set<string>();
  /** One invariant checker per controller incarnation: its images in the order it saw them. */
  readonly #incarnationInvariants = new Map<string, MetadataInvariantChecker>();

  readonly #count: (name: CheckerCounterName) => void;
  readonly #trace: (line: string) => void;
  constructor(count: (name: CheckerCounterName) => void, trace: (line: string) => void = () => {}) {
    this.#count = count;
    this.#trace = trace;
  }

  get committedImage(): MetadataImage {
    return this.#oracle;
  }

  get acknowledgedTopics(): ReadonlyMap<TopicId, string> {
    return this.#ackedCreations;
  }

  isRemoved(topicId: TopicId): boolean {
    return this.#topicRemovedAt.has(topicId);
  }

  /** A controller applied `entry` (before its state machine sees it). */
  onCommittedEntry(nodeId: NodeId, entry: Entry): void {
    const known = this.#log[entry.index - 1];
    if (known !== undefined) {
      if (known.term !== entry.term || !sameBytes(known.data, entry.data)) {
        violation(
          `state machine safety: controller ${nodeId} applied ${entry.index}:${entry.term}, another applied term ${known.term} or other bytes`,
        );
      }
      return;
    }
    if (entry.index !== this.#log.length + 1) {
      violation(
        `controller ${nodeId} applied ${entry.index} but no controller applied ${this.#log.length + 1}`,
      );
    }
    this.#log.push({ term: entry.term, data: entry.data });
    const records = entry.type === "config" ? [] : decodeMetadataRecordBatch(entry.data);
    const before = this.#oracle;
    this.#oracle = before.apply(records, entry.index);
    this.#observeTransition(before, this.#oracle, records, entry.index);
    const problems = this.#oracleInvariants.check(this.#oracle);
    if (problems.length > 0) violation(`committed state at ${entry.index}: ${problems.join("; ")}`);
    this.checkAcknowledgedTopics(this.#oracle);
    this.#fingerprints.set(entry.index, imageFingerprint(this.#oracle));
  }

  /** A controller process's committed image changed. */
  onControllerImage(nodeId: NodeId, incarnation: number, image: MetadataImage): void {
    const expected = this.#fingerprints.get(image.offset);
    if (expected === undefined) {
      violation(`controller ${nodeId} has an image at offset ${image.offset}, beyond any applied entry`);
    }
    const actual = imageFingerprint(image);
    if (actual !== expected) {
      violation(
        `state machine safety: controller ${nodeId} image at offset ${image.offset} differs from the committed log's\n` +
          `  controller: ${firstDifference(actual, expected).actual}\n  log:        ${firstDifference(actual, expected).expected}`,
      );
    }
    const key = `${nodeId}#${incarnation}`;
    let checker = this.#incarnationInvariants.get(key);
    if (checker === undefined) {
      checker = new MetadataInvariantChecker();
      this.#incarnationInvariants.set(key, checker);
    }
    const problems = checker.check(image);
    if (problems.length > 0)
      violation(`controller ${nodeId} image at ${image.offset}: ${problems.join("; ")}`);
    this.#count("imagesCompared");
  }

  onTopicCreationAcked(name: string, topicId: TopicId): void {
    if (!this.#topicCreatedAt.has(topicId)) {
      violation(`topic ${name} (${topicId}) acknowledged as created but its creation is not committed`);
    }
    this.#ackedCreations.set(topicId, name);
  }

  onTopicDeletionAcked(name: string, topicId: TopicId): void {
    if (!this.#topicRemovedAt.has(topicId)) {
      violation(`topic ${name} (${topicId}) acknowledged as deleted but its deletion is not committed`);
    }
    this.#ackedDeletions.set(topicId, name);
  }

  /**
   * An acknowledged AlterPartition: the state it reports is the committed state with that
   * partition epoch, and it was computed from the committed state the request named.
   */
  onAlterPartitionAcked(request: AlterPartitionRequest, response: PartitionState): void {
    const label = `AlterPartition ${request.topicId}-${request.partition} from broker ${request.brokerId}`;
    const history = this.#partitionHistory.get(`${request.topicId}/${request.partition}`);
    const reported = history?.get(response.partitionEpoch);
    if (reported !== stateText(response)) {
      violation(
        `${label}: acknowledged ${stateText(response)} at partition epoch ${response.partitionEpoch}, committed ${reported}`,
      );
    }
    const named = history?.get(request.partitionEpoch);
    const namedState = `leader ${request.brokerId} epoch ${request.leaderEpoch} isr `;
    if (named === undefined || !named.startsWith(namedState)) {
      violation(
        `${label}: accepted for leader ${request.brokerId} epoch ${request.leaderEpoch} at partition epoch ${request.partitionEpoch}, where the committed state was ${named}`,
      );
    }
    if (response.partitionEpoch !== request.partitionEpoch) {
      if (response.partitionEpoch !== request.partitionEpoch + 1) {
        violation(`${label}: partition epoch ${request.partitionEpoch} became ${response.partitionEpoch}`);
      }
      if (response.isr.join(",") !== request.newIsr.join(",")) {
        violation(`${label}: asked for ISR [${request.newIsr.join(",")}], got [${response.isr.join(",")}]`);
      }
    }
  }

  /** A registration was acknowledged with `brokerEpoch`: that registration is committed. */
  onRegistrationAcked(brokerId: BrokerId, incarnationId: string, brokerEpoch: number): void {
    if (!this.#registrations.has(`${brokerId}/${incarnationId}/${brokerEpoch}`)) {
      violation(
        `broker ${brokerId} (${incarnationId}) acknowledged epoch ${brokerEpoch}, which is not committed`,
      );
    }
  }

  /** A controlled shutdown was acknowledged: the broker is fenced and leads nothing now. */
  onControlledShutdownAcked(brokerId: BrokerId): void {
    const image = this.#oracle;
    if (image.brokers.get(brokerId)?.fenced !== true) {
      violation(`broker ${brokerId} was told to shut down but is not fenced at ${image.offset}`);
    }
    for (const topic of image.topicsById.values()) {
      for (const [index, partition] of topic.partitions) {
        if (partition.leader === brokerId) {
          violation(`broker ${brokerId} was told to shut down but still leads ${topic.name}-${index}`);
        }
      }
    }
  }

  /** Every acknowledged topic creation not deleted since is in `image`; no deleted one is. */
  checkAcknowledgedTopics(image: MetadataImage): void {
    for (const [topicId, name] of this.#ackedCreations) {
      const removedAt = this.#topicRemovedAt.get(topicId);
      const createdAt = this.#topicCreatedAt.get(topicId)!;
      if (image.offset < createdAt || (removedAt !== undefined && removedAt <= image.offset)) continue;
      if (!image.topicsById.has(topicId)) {
        violation(`acknowledged topic ${name} (${topicId}) is missing at offset ${image.offset}`);
      }
    }
    for (const [topicId, name] of this.#ackedDeletions) {
      if (image.offset >= this.#topicRemovedAt.get(topicId)! && image.topicsById.has(topicId)) {
        violation(`topic ${name} (${topicId}) came back at ${image.offset} after its acknowledged deletion`);
      }
    }
  }

  #observeTransition(
    before: MetadataImage,
    after: MetadataImage,
    records: readonly MetadataRecord[],
    index: number,
  ): void {
    const inControlledShutdown = records.some(
      (record) => record.type === "BrokerRegistrationChange" && record.inControlledShutdown === true,
    );
    for (const record of records) {
      switch (record.type) {
        case "Topic":
          this.#topicCreatedAt.set(record.topicId, index);
          break;
        case "RemoveTopic":
          this.#topicRemovedAt.set(record.topicId, index);
          break;
        case "Partition":
          this.#recordPartitionState(record.topicId, record.partition, after);
          break;
        case "PartitionChange":
          this.#recordPartitionState(record.topicId, record.partition, after);
          this.#countPartitionChange(before, after, record.topicId, record.partition);
          break;
        case "FenceBroker":
          this.#count(inControlledShutdown ? "controlledShutdownFencesCommitted" : "sessionFencesCommitted");
          this.#trace(
            `committed at ${index}: broker ${record.brokerId} fenced${inControlledShutdown ? " (controlled shutdown)" : ""}`,
          );
          break;
        case "UnfenceBroker":
          this.#count("brokersUnfencedCommitted");
          this.#trace(`committed at ${index}: broker ${record.brokerId} unfenced`);
          break;
        case "RegisterBroker":
          this.#registrations.add(`${record.brokerId}/${record.incarnationId}/${record.brokerEpoch}`);
          if (before.brokers.has(record.brokerId)) this.#count("brokerReRegistrationsCommitted");
          break;
        default:
          break;
      }
    }
  }

  #recordPartitionState(topicId: TopicId, partition: number, image: MetadataImage): void {
    const state = image.partition(topicId, partition);
    if (state === undefined) return; // removed again in the same batch
    const key = `${topicId}/${partition}`;
    let history = this.#partitionHistory.get(key);
    if (history === undefined) {
      history = new Map();
      this.#partitionHistory.set(key, history);
    }
    history.set(state.partitionEpoch, stateText(state));
  }

  #countPartitionChange(
    before: MetadataImage,
    after: MetadataImage,
    topicId: TopicId,
    partition: number,
  ): void {
    const old: PartitionRegistration | undefined = before.partition(topicId, partition);
    const now = after.partition(topicId, partition);
    if (old === undefined || now === undefined) return;
    if (now.isr.length < old.isr.length) this.#count("isrShrinksCommitted");
    if (now.isr.length > old.isr.length) this.#count("isrExpandsCommitted");
    if (now.leader === old.leader) return;
    const label = `${after.topicsById.get(topicId)?.name}-${partition}`;
    if (now.leader === NO_LEADER) {
      this.#count("partitionsWentOffline");
      this.#trace(`committed: ${label} offline, ISR [${now.isr.join(",")}]`);
      const topic = after.topicsById.get(topicId)!;
      const outOfSyncLive = now.replicas.some(
        (id: BrokerId) => !now.isr.includes(id) && after.isBrokerActive(id),
      );
      if (outOfSyncLive && !uncleanElectionEnabled(after, topic.name)) this.#count("uncleanElectionSkipped");
      return;
    }
    this.#count("leaderElectionsCommitted");
    if (!old.isr.includes(now.leader)) {
      this.#count("uncleanElectionsCommitted");
      this.#trace(`committed: ${label} unclean election of broker ${now.leader}`);
    }
    // Leadership taken from a live leader for the preferred replica: an admin or automatic
    // preferred-leader election.
    if (now.leader === now.replicas[0] && old.leader !== NO_LEADER && after.isBrokerActive(old.leader)) {
      this.#count("preferredLeaderMovesCommitted");
    }
  }
}

function firstDifference(actual: string, expected: string): { actual: string; expected: string } {
  const a = actual.split("\n");
  const b = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { actual: a[i] ?? "(nothing)", expected: b[i] ?? "(nothing)" };
  }
  return { actual: "(same)", expected: "(same)" };
}
