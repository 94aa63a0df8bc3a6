/**
 * The controller logic (KRaft's QuorumController without its threads and log): every operation
 * takes the current image (committed records plus those already proposed) and the time, checks
 * the request, and returns `{ records, response }` or throws a RillError. It never changes the
 * image: state changes only when the records are replayed. Single-threaded and deterministic
 * given the image, the seed and the call sequence; the only state it keeps is soft state (broker
 * sessions, the random source) that a new active controller rebuilds (`becomeActive`).
 */

import { type RandomSource, SeededRandom } from "@rill/protocol/random";
import type { MetadataImage } from "../image/metadata-image.js";
import type { BrokerId, ConfigResource } from "../records/metadata-record.js";
import { BrokerHeartbeats } from "./broker-heartbeats.js";
import {
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  brokerHeartbeat,
  checkBrokerEpoch,
  fenceBroker,
  fenceExpiredBrokers,
  type RegisterBrokerRequest,
  type RegisterBrokerResponse,
  registerBroker,
  unregisterBroker,
} from "./cluster-control.js";
import type { ControllerResult } from "./controller-result.js";
import { type LeaderBalanceSettings, leaderBalanceSettings } from "./leader-balance.js";
import {
  type AlterPartitionRequest,
  alterPartition,
  alterPartitionReassignment,
  balanceLeaders,
  type ElectionResult,
  electLeaders,
  type PartitionState,
  type ReassignmentRequest,
  type TopicPartition,
} from "./partition-control.js";
import { allocateProducerIds, type ProducerIdsBlock } from "./producer-id-control.js";
import { clearIdleReassignmentThrottle } from "./reassignment-throttle.js";
import {
  alterConfigs,
  type ConfigChange,
  type CreatePartitionsRequest,
  type CreateTopicRequest,
  type CreateTopicResponse,
  createPartitions,
  createTopic,
  deleteTopic,
  type TopicLimits,
} from "./topic-control.js";

export interface MetadataControllerOptions {
  /** Fence a broker not heard from for this long (KRaft's broker.session.timeout.ms). */
  readonly sessionTimeoutMs?: number;
  readonly defaultNumPartitions?: number;
  readonly defaultReplicationFactor?: number;
  readonly partitionsPerTopicMax?: number;
  /** Producer ids per block handed to a broker. */
  readonly producerIdBlockSize?: number;
  /** Kafka's auto.leader.rebalance.enable (a cluster config of that name overrides it). */
  readonly autoLeaderRebalanceEnable?: boolean;
  /** Kafka's leader.imbalance.per.broker.percentage (likewise). */
  readonly leaderImbalancePercentMax?: number;
  /** Kafka's leader.imbalance.check.interval.seconds, in ms here (likewise, in seconds there). */
  readonly leaderImbalanceCheckIntervalMs?: number;
  /** The most preferred-leader elections one balance check returns. */
  readonly electionsPerBalanceCheckMax?: number;
  /** Seeds topic ids and placement; or give `random`. */
  readonly seed?: number;
  readonly random?: RandomSource;
}

export const CONTROLLER_DEFAULTS = {
  sessionTimeoutMs: 9_000,
  defaultNumPartitions: 1,
  defaultReplicationFactor: 3,
  partitionsPerTopicMax: 10_000,
  producerIdBlockSize: 1_000,
  autoLeaderRebalanceEnable: true,
  leaderImbalancePercentMax: 10,
  leaderImbalanceCheckIntervalMs: 300_000,
  electionsPerBalanceCheckMax: 1_000,
} as const;

export class MetadataController {
  readonly #heartbeats: BrokerHeartbeats;
  readonly #random: RandomSource;
  readonly #limits: TopicLimits;
  readonly #producerIdBlockSize: number;
  /** Leader balancing as configured for this controller (cluster configs override it). */
  readonly #balance: LeaderBalanceSettings;
  readonly #electionsPerBalanceCheckMax: number;
  /** When the last periodic balance check ran (soft state: a new active controller waits an interval). */
  #lastBalanceCheckMs: number | undefined;

  constructor(options: MetadataControllerOptions = {}) {
    this.#heartbeats = new BrokerHeartbeats(options.sessionTimeoutMs ?? CONTROLLER_DEFAULTS.sessionTimeoutMs);
    this.#random = options.random ?? new SeededRandom(options.seed ?? 0);
    this.#limits = {
      defaultNumPartitions: options.defaultNumPartitions ?? CONTROLLER_DEFAULTS.defaultNumPartitions,
      defaultReplicationFactor:
        options.defaultReplicationFactor ?? CONTROLLER_DEFAULTS.defaultReplicationFactor,
      partitionsPerTopicMax: options.partitionsPerTopicMax ?? CONTROLLER_DEFAULTS.partitionsPerTopicMax,
    };
    this.#producerIdBlockSize = options.producerIdBlockSize ?? CONTROLLER_DEFAULTS.producerIdBlockSize;
    this.#balance = {
      enabled: options.autoLeaderRebalanceEnable ?? CONTROLLER_DEFAULTS.autoLeaderRebalanceEnable,
      imbalancePercentMax: options.leaderImbalancePercentMax ?? CONTROLLER_DEFAULTS.leaderImbalancePercentMax,
      checkIntervalMs:
        options.leaderImbalanceCheckIntervalMs ?? CONTROLLER_DEFAULTS.leaderImbalanceCheckIntervalMs,
    };
    this.#electionsPerBalanceCheckMax =
      options.electionsPerBalanceCheckMax ?? CONTROLLER_DEFAULTS.electionsPerBalanceCheckMax;
  }

  get sessionTimeoutMs(): number {
    return this.#heartbeats.sessionTimeoutMs;
  }

  /**
   * Called when this controller becomes active: every broker gets a whole session from now (as in
   * KRaft: a live broker could not heartbeat while no controller led, and needs time to find this
   * one; counting any part of the session from before the election fenced every broker at once
   * when they took longer than the rest to find it), and the first leader-balance check comes one
   * interval from now (as in Kafka, brokers that just came back get time to catch up first).
   */
  becomeActive(nowMs: number): void {
    this.#heartbeats.reset(nowMs);
    this.#lastBalanceCheckMs = nowMs;
  }

  registerBroker(
    image: MetadataImage,
    request: RegisterBrokerRequest,
    nowMs: number,
  ): ControllerResult<RegisterBrokerResponse> {
    return registerBroker(image, this.#heartbeats, request, nowMs);
  }

  brokerHeartbeat(
    image: MetadataImage,
    request: BrokerHeartbeatRequest,
    nowMs: number,
  ): ControllerResult<BrokerHeartbeatResponse> {
    return brokerHeartbeat(image, this.#heartbeats, request, nowMs);
  }

  unregisterBroker(image: MetadataImage, brokerId: BrokerId): ControllerResult<null> {
    return unregisterBroker(image, this.#heartbeats, brokerId);
  }

  /** The metadata offset a broker last reported in a heartbeat to this (active) controller. */
  brokerMetadataOffset(brokerId: BrokerId): number | undefined {
    return this.#heartbeats.metadataOffset(brokerId);
  }

  /** Fences a broker whose process is known to be gone (see `fenceBroker`); false if stale. */
  fenceBroker(image: MetadataImage, brokerId: BrokerId, brokerEpoch: number): ControllerResult<boolean> {
    return fenceBroker(image, this.#heartbeats, brokerId, brokerEpoch);
  }

  /** The periodic session check: fence brokers whose session expired. */
  tick(image: MetadataImage, nowMs: number): ControllerResult<BrokerId[]> {
    return fenceExpiredBrokers(image, this.#heartbeats, nowMs);
  }

  createTopic(image: MetadataImage, request: CreateTopicRequest): ControllerResult<CreateTopicResponse> {
    return createTopic(image, request, this.#limits, this.#random);
  }

  deleteTopic(image: MetadataImage, name: string): ControllerResult<{ topicId: string }> {
    return deleteTopic(image, name);
  }

  createPartitions(
    image: MetadataImage,
    request: CreatePartitionsRequest,
  ): ControllerResult<{ totalCount: number }> {
    return createPartitions(image, request, this.#limits, this.#random);
  }

  alterConfigs(
    image: MetadataImage,
    resource: ConfigResource,
    changes: readonly ConfigChange[],
  ): ControllerResult<null> {
    return alterConfigs(image, resource, changes);
  }

  alterPartition(image: MetadataImage, request: AlterPartitionRequest): ControllerResult<PartitionState> {
    return alterPartition(image, request, (brokerId, brokerEpoch) =>
      checkBrokerEpoch(image, brokerId, brokerEpoch),
    );
  }

  electLeaders(
    image: MetadataImage,
    kind: "preferred" | "unclean",
    partitions?: readonly TopicPartition[],
  ): ControllerResult<ElectionResult[]> {
    return electLeaders(image, kind, partitions);
  }

  /** The leader settings in force: the cluster configs in the image over this controller's own. */
  leaderBalanceSettings(image: MetadataImage): LeaderBalanceSettings {
    return leaderBalanceSettings(image, this.#balance);
  }

  /** One leader-balance check now (whatever the interval and the enable switch say). */
  balanceLeaders(image: MetadataImage): ControllerResult<number> {
    return balanceLeaders(image, {
      imbalancePercentMax: this.leaderBalanceSettings(image).imbalancePercentMax,
      electionsPerCheckMax: this.#electionsPerBalanceCheckMax,
    });
  }

  /**
   * The periodic leader balance of the active controller: when balancing is enabled and an
   * interval has passed since the last check (or since this controller became active), one
   * check; otherwise nothing. Response: the elections it made.
   */
  tickLeaderBalance(image: MetadataImage, nowMs: number): ControllerResult<number> {
    const settings = this.leaderBalanceSettings(image);
    if (this.#lastBalanceCheckMs === undefined) this.#lastBalanceCheckMs = nowMs;
    if (!settings.enabled || nowMs - this.#lastBalanceCheckMs < settings.checkIntervalMs) {
      return { records: [], response: 0 };
    }
    this.#lastBalanceCheckMs = nowMs;
    return this.balanceLeaders(image);
  }

  alterPartitionReassignment(image: MetadataImage, request: ReassignmentRequest): ControllerResult<null> {
    return alterPartitionReassignment(image, request);
  }

  /** The periodic check that removes the reassignment throttle once no partition is moving. */
  clearIdleReassignmentThrottle(image: MetadataImage): ControllerResult<boolean> {
    return clearIdleReassignmentThrottle(image);
  }

  allocateProducerIds(
    image: MetadataImage,
    request: { brokerId: BrokerId; brokerEpoch: number },
  ): ControllerResult<ProducerIdsBlock> {
    return allocateProducerIds(image, request, this.#producerIdBlockSize);
  }
}
