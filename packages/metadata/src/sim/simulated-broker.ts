/**
 * A simulated broker: it registers with a new incarnation id at every start, heartbeats, follows
 * the committed metadata (with lag, from whichever controller it reaches), and as a partition
 * leader sends AlterPartition to shrink or expand ISRs, sometimes from an old view of the
 * partition (a stale request the controller must refuse). The simulation makes it stall (no
 * heartbeats past the session timeout), die and come back, or shut down in a controlled way.
 */

import type { SeededRandom } from "@rill/protocol/random";
import type { BrokerHeartbeatResponse, RegisterBrokerResponse } from "../controller/cluster-control.js";
import type { AlterPartitionRequest, PartitionState } from "../controller/partition-control.js";
import { MetadataImage } from "../image/metadata-image.js";
import type { BrokerId } from "../records/metadata-record.js";
import type { ControllerClient } from "./controller-client.js";
import type { CallOutcome } from "./controller-requests.js";

/** Old metadata views a broker keeps, to send stale AlterPartition requests from. */
export const RECENT_IMAGES_MAX = 4;
/** AlterPartition requests one broker has in flight at most. */
export const ALTER_PARTITIONS_IN_FLIGHT_MAX = 2;

/** Errors that tell a partition leader its view is out of date (KIP-497's fencing). */
const STALE_ALTER_PARTITION_ERRORS = new Set([
  "FENCED_LEADER_EPOCH",
  "INVALID_UPDATE_VERSION",
  "NOT_LEADER_OR_FOLLOWER",
  "STALE_BROKER_EPOCH",
]);

export type BrokerPhase = "down" | "registering" | "registered" | "shutting-down";

export interface BrokerTiming {
  readonly heartbeatIntervalSteps: number;
  /** Wait before retrying a refused registration. */
  readonly registerRetrySteps: number;
}

/** What the broker reports to the simulation (which checks and counts). */
export interface BrokerHooks {
  nowStep(): number;
  count(name: BrokerCounterName): void;
  /** The controller acknowledged an AlterPartition with this state. */
  onAlterPartitionAcked(request: AlterPartitionRequest, response: PartitionState): void;
  onRegistrationAcked(brokerId: BrokerId, incarnationId: string, brokerEpoch: number): void;
  /** The controller said this broker may stop (controlled shutdown done). */
  onControlledShutdownAcked(brokerId: BrokerId): void;
  trace(line: string): void;
}

export type BrokerCounterName =
  | "brokerRegistrations"
  | "duplicateRegistrationsRefused"
  | "controlledShutdownsCompleted"
  | "isrShrinksAcked"
  | "isrExpandsAcked"
  | "staleAlterPartitionRejected"
  | "staleViewAlterPartitionRejected"
  | "ineligibleReplicaRejected";

export class SimulatedBroker {
  phase: BrokerPhase = "down";
  incarnations = 0;
  incarnationId = "";
  brokerEpoch = -1;
  /** The broker neither heartbeats nor sends anything before this step (a GC pause, a stall). */
  stalledUntilStep = 0;
  /** When a down broker starts again; undefined: it stays down until told. */
  restartAtStep: number | undefined = undefined;
  knownImage = MetadataImage.EMPTY;
  readonly #recentImages: MetadataImage[] = [];
  #nextHeartbeatAtStep = 0;
  #nextRegisterAtStep = 0;
  #heartbeatInFlight = false;
  #registerInFlight = false;
  #alterPartitionsInFlight = 0;

  readonly #client: ControllerClient;
  readonly #random: SeededRandom;
  readonly #timing: BrokerTiming;
  readonly #hooks: BrokerHooks;
  constructor(
    readonly brokerId: BrokerId,
    client: ControllerClient,
    random: SeededRandom,
    timing: BrokerTiming,
    hooks: BrokerHooks,
  ) {
    this.#client = client;
    this.#random = random;
    this.#timing = timing;
    this.#hooks = hooks;
  }

  get address(): string {
    return brokerAddress(this.brokerId);
  }

  get isUp(): boolean {
    return this.phase !== "down";
  }

  isStalled(): boolean {
    return this.#hooks.nowStep() < this.stalledUntilStep;
  }

  /** A new process: new incarnation id, empty metadata, registration first. */
  start(): void {
    this.incarnations++;
    this.incarnationId = `broker-${this.brokerId}-incarnation-${this.incarnations}`;
    this.phase = "registering";
    this.brokerEpoch = -1;
    this.knownImage = MetadataImage.EMPTY;
    this.#recentImages.length = 0;
    this.stalledUntilStep = 0;
    this.restartAtStep = undefined;
    this.#heartbeatInFlight = false;
    this.#registerInFlight = false;
    this.#alterPartitionsInFlight = 0;
    this.#nextRegisterAtStep = this.#hooks.nowStep();
    this.#hooks.trace(`broker ${this.brokerId} starts as ${this.incarnationId}`);
  }

  /** kill -9; it starts again at `restartAtStep` (if given). */
  die(restartAtStep: number | undefined): void {
    this.phase = "down";
    this.restartAtStep = restartAtStep;
    this.#hooks.trace(`broker ${this.brokerId} dies`);
  }

  stall(untilStep: number): void {
    this.stalledUntilStep = untilStep;
    this.#hooks.trace(`broker ${this.brokerId} stalls until step ${untilStep}`);
  }

  /** Asks for a controlled shutdown: heartbeats say wantShutDown until the controller agrees. */
  requestShutdown(): void {
    if (this.phase !== "registered") return;
    this.phase = "shutting-down";
    this.#hooks.trace(`broker ${this.brokerId} requests a controlled shutdown`);
  }

  /** Learns committed metadata (the broker's metadata log replay, caught up to `image`). */
  follow(image: MetadataImage): void {
    if (!this.isUp || image.offset <= this.knownImage.offset) return;
    if (this.#recentImages.length >= RECENT_IMAGES_MAX) this.#recentImages.shift();
    this.#recentImages.push(this.knownImage);
    this.knownImage = image;
  }

  step(): void {
    const nowStep = this.#hooks.nowStep();
    if (this.phase === "down") {
      if (this.restartAtStep !== undefined && nowStep >= this.restartAtStep) this.start();
      return;
    }
    if (this.isStalled()) return;
    if (this.phase === "registering") {
      if (!this.#registerInFlight && nowStep >= this.#nextRegisterAtStep && this.#client.canCall())
        this.#register();
      return;
    }
    if (!this.#heartbeatInFlight && nowStep >= this.#nextHeartbeatAtStep && this.#client.canCall())
      this.#heartbeat();
  }

  #register(): void {
    this.#registerInFlight = true;
    const incarnations = this.incarnations;
    this.#client.call(
      {
        type: "registerBroker",
        request: {
          brokerId: this.brokerId,
          incarnationId: this.incarnationId,
          endpoints: [{ name: "PLAINTEXT", host: `broker-${this.brokerId}`, port: 9092 }],
          rack: `rack-${this.brokerId % 3}`,
        },
      },
      (outcome) => {
        if (incarnations !== this.incarnations) return; // the process that asked is gone
        this.#registerInFlight = false;
        this.#onRegisterOutcome(outcome);
      },
    );
  }

  #onRegisterOutcome(outcome: CallOutcome): void {
    if (this.phase !== "registering") return;
    if (outcome.kind === "ok") {
      this.brokerEpoch = (outcome.response as RegisterBrokerResponse).brokerEpoch;
      this.#hooks.onRegistrationAcked(this.brokerId, this.incarnationId, this.brokerEpoch);
      this.phase = "registered";
      this.#nextHeartbeatAtStep = this.#hooks.nowStep();
      this.#hooks.count("brokerRegistrations");
      this.#hooks.trace(`broker ${this.brokerId} registered with epoch ${this.brokerEpoch}`);
      return;
    }
    if (outcome.kind === "error" && outcome.error.errorName === "DUPLICATE_BROKER_REGISTRATION") {
      this.#hooks.count("duplicateRegistrationsRefused");
    }
    this.#nextRegisterAtStep = this.#hooks.nowStep() + this.#timing.registerRetrySteps;
  }

  #heartbeat(): void {
    this.#heartbeatInFlight = true;
    this.#nextHeartbeatAtStep = this.#hooks.nowStep() + this.#timing.heartbeatIntervalSteps;
    const incarnations = this.incarnations;
    const wantShutDown = this.phase === "shutting-down";
    this.#client.call(
      {
        type: "brokerHeartbeat",
        request: {
          brokerId: this.brokerId,
          brokerEpoch: this.brokerEpoch,
          currentMetadataOffset: this.knownImage.offset,
          wantShutDown,
        },
      },
      (outcome) => {
        if (incarnations !== this.incarnations) return;
        this.#heartbeatInFlight = false;
        this.#onHeartbeatOutcome(outcome);
      },
    );
  }

  #onHeartbeatOutcome(outcome: CallOutcome): void {
    if (this.phase === "down" || this.phase === "registering") return;
    if (outcome.kind === "ok") {
      const response = outcome.response as BrokerHeartbeatResponse;
      if (this.phase === "shutting-down" && response.shouldShutDown) {
        this.#hooks.onControlledShutdownAcked(this.brokerId);
        this.#hooks.count("controlledShutdownsCompleted");
        this.die(this.#hooks.nowStep() + this.#random.int(20, 300));
      }
      return;
    }
    if (
      outcome.kind === "error" &&
      (outcome.error.errorName === "STALE_BROKER_EPOCH" ||
        outcome.error.errorName === "BROKER_ID_NOT_REGISTERED")
    ) {
      // Another registration of this node id replaced ours (or it was lost): register again.
      this.phase = "registering";
      this.#nextRegisterAtStep = this.#hooks.nowStep();
    }
  }

  /**
   * As a partition leader (in its view), asks to shrink or expand one ISR; with `staleChance`
   * from an older view of the metadata.
   */
  maybeAlterPartition(staleChance: number): void {
    if (this.phase !== "registered" || this.isStalled()) return;
    if (this.#alterPartitionsInFlight >= ALTER_PARTITIONS_IN_FLIGHT_MAX || !this.#client.canCall()) return;
    const stale = this.#recentImages.length > 0 && this.#random.chance(staleChance);
    const view = stale ? this.#random.pick(this.#recentImages) : this.knownImage;
    const led: {
      topicId: string;
      partition: number;
      isr: readonly BrokerId[];
      replicas: readonly BrokerId[];
    }[] = [];
    const epochs = new Map<string, { leaderEpoch: number; partitionEpoch: number }>();
    for (const topic of view.topicsById.values()) {
      for (const [partition, registration] of topic.partitions) {
        if (registration.leader !== this.brokerId) continue;
        led.push({
          topicId: topic.topicId,
          partition,
          isr: registration.isr,
          replicas: registration.replicas,
        });
        epochs.set(`${topic.topicId}/${partition}`, registration);
      }
    }
    if (led.length === 0) return;
    const target = this.#random.pick(led);
    const followersInIsr = target.isr.filter((id) => id !== this.brokerId);
    const outOfSync = target.replicas.filter((id) => !target.isr.includes(id));
    const shrink = outOfSync.length === 0 || (followersInIsr.length > 0 && this.#random.chance(0.5));
    if (shrink && followersInIsr.length === 0) return;
    const changed = this.#random.pick(shrink ? followersInIsr : outOfSync);
    const newIsr = shrink ? target.isr.filter((id) => id !== changed) : [...target.isr, changed];
    const { leaderEpoch, partitionEpoch } = epochs.get(`${target.topicId}/${target.partition}`)!;
    const request: AlterPartitionRequest = {
      brokerId: this.brokerId,
      brokerEpoch: this.brokerEpoch,
      topicId: target.topicId,
      partition: target.partition,
      leaderEpoch,
      partitionEpoch,
      newIsr,
    };
    this.#alterPartitionsInFlight++;
    const incarnations = this.incarnations;
    this.#client.call({ type: "alterPartition", request }, (outcome) => {
      if (incarnations !== this.incarnations) return;
      this.#alterPartitionsInFlight--;
      this.#onAlterPartitionOutcome(request, target.isr, stale, outcome);
    });
  }

  #onAlterPartitionOutcome(
    request: AlterPartitionRequest,
    isrBefore: readonly number[],
    fromStaleView: boolean,
    outcome: CallOutcome,
  ): void {
    if (outcome.kind === "ok") {
      const response = outcome.response as PartitionState;
      this.#hooks.onAlterPartitionAcked(request, response);
      this.#hooks.count(request.newIsr.length < isrBefore.length ? "isrShrinksAcked" : "isrExpandsAcked");
      return;
    }
    if (outcome.kind !== "error") return;
    const name = outcome.error.errorName;
    if (STALE_ALTER_PARTITION_ERRORS.has(name)) {
      this.#hooks.count("staleAlterPartitionRejected");
      if (fromStaleView) this.#hooks.count("staleViewAlterPartitionRejected");
    } else if (name === "INELIGIBLE_REPLICA") {
      this.#hooks.count("ineligibleReplicaRejected");
    }
  }
}

export function brokerAddress(brokerId: BrokerId): string {
  return `b${brokerId}`;
}
