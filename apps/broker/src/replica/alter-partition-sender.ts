/**
 * A partition leader's ISR proposals to the controller (AlterPartition, KIP-497): builds the
 * request from the core's proposal, bounds the wait (`alterPartitionTimeoutMs`), turns the
 * controller's answer for the one partition into the core's terms, and delivers it back to the
 * leader that proposed.
 *
 * Contract: every proposal gets exactly one answer delivered (unless the manager closed first),
 * an error included; a refused or lost proposal is delivered after `alterPartitionRetryBackoffMs`
 * so that the leader does not re-propose in a loop, and a refusal that says the leader's picture
 * is out of date asks for fresher metadata (`onStaleMetadata`).
 */
import type { MetadataImage } from "@rill/metadata";
import { type ControllerV1, RillError } from "@rill/protocol";
import { decodeNodeId, NO_NODE, type NodeId } from "@rill/protocol/ids";
import { withTimeout } from "@rill/protocol/time";
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  PartitionLeader,
  PartitionState,
} from "@rill/replication";
import type { Logger } from "@rill/runtime";
import { asRillError } from "./partition-errors.js";
import type { PartitionReplica } from "./partition-replica.js";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";
import type { ControllerChannel } from "./replica-manager-types.js";
import { decodeLeaderEpoch } from "./wire-epoch.js";

export interface AlterPartitionSenderOptions {
  readonly brokerId: number;
  readonly config: ReplicaManagerConfig;
  readonly logger: Logger;
  readonly controller: ControllerChannel;
  /** The metadata image now (the brokers' epochs for the proposed ISR). */
  readonly image: () => MetadataImage;
  readonly isClosed: () => boolean;
  readonly onStaleMetadata?: () => void;
  /** An accepted ISR change, sizes before and after (metrics). */
  readonly onIsrChanged: (isrSizeBefore: number, isrSizeAfter: number) => void;
}

/** AlterPartition refusals that say the leader proposed from an out-of-date picture (KIP-497). */
const STALE_PICTURE_ERRORS: ReadonlySet<string> = new Set([
  "FENCED_LEADER_EPOCH",
  "INVALID_UPDATE_VERSION",
  "NOT_LEADER_OR_FOLLOWER",
]);

/** Sends `request` (from `leader` of `replica`) to the controller; the answer goes to the replica. */
export function sendAlterPartition(
  options: AlterPartitionSenderOptions,
  replica: PartitionReplica,
  leader: PartitionLeader,
  request: AlterPartitionRequest,
): void {
  const { controller, config, logger } = options;
  const image = options.image();
  const proto: ControllerV1.AlterPartitionRequest = {
    brokerId: options.brokerId,
    brokerEpoch: Number(controller.brokerEpoch()),
    topics: [
      {
        topicId: replica.topicId,
        topicName: replica.topic,
        partitions: [
          {
            partitionIndex: replica.partition,
            leaderEpoch: request.leaderEpoch,
            partitionEpoch: request.partitionEpoch,
            newIsr: request.newIsr.map((brokerId) => ({
              brokerId,
              brokerEpoch: image.brokers.get(brokerId)?.brokerEpoch ?? -1,
            })),
            leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
          },
        ],
      },
    ],
  };
  logger.info(
    {
      topic: replica.topic,
      partition: replica.partition,
      newIsr: request.newIsr,
      partitionEpoch: request.partitionEpoch,
    },
    "proposing an ISR change",
  );
  const isrSizeBefore = leader.partitionState.isr.length;
  const proposedAtMs = performance.now();
  const answer = withTimeout(
    controller.alterPartition(proto),
    config.alterPartitionTimeoutMs,
    `no answer within ${config.alterPartitionTimeoutMs} ms`,
  ).then(
    (response) => alterPartitionAnswer(request, leader.partitionState, replica, response),
    (error: unknown) => ({ requestId: request.requestId, error: asRillError(error) }),
  );
  void answer.then((response) => {
    const deliver = (): void => {
      if (!options.isClosed()) replica.onAlterPartitionResponse(leader, response);
    };
    // A refused or lost proposal is answered late, so the leader does not re-propose in a loop.
    if ("error" in response) {
      if (STALE_PICTURE_ERRORS.has(response.error.errorName)) options.onStaleMetadata?.();
      logger.warn(
        { topic: replica.topic, partition: replica.partition, error: response.error.errorName },
        "AlterPartition failed",
      );
      setTimeout(deliver, config.alterPartitionRetryBackoffMs).unref();
    } else {
      logger.info(
        {
          topic: replica.topic,
          partition: replica.partition,
          isr: response.state.isr,
          partitionEpoch: response.state.partitionEpoch,
          answeredMs: Math.round(performance.now() - proposedAtMs),
        },
        "ISR change committed",
      );
      options.onIsrChanged(isrSizeBefore, response.state.isr.length);
      deliver();
    }
  });
}

/** The controller's answer for the one partition of an AlterPartition request, in core terms. */
function alterPartitionAnswer(
  request: AlterPartitionRequest,
  current: PartitionState,
  replica: PartitionReplica,
  response: ControllerV1.AlterPartitionResponse__Output,
): AlterPartitionResponse {
  const result = response.topics
    .find((topic) => topic.topicId === replica.topicId || topic.topicName === replica.topic)
    ?.partitions.find((partition) => partition.partitionIndex === replica.partition);
  if (result === undefined) {
    return {
      requestId: request.requestId,
      error: new RillError("UNKNOWN_SERVER_ERROR", "AlterPartition answer without this partition"),
    };
  }
  if (result.errorCode !== 0) {
    return { requestId: request.requestId, error: RillError.fromCode(result.errorCode, result.errorMessage) };
  }
  const leaderEpoch = decodeLeaderEpoch("leader_epoch", result.leaderEpoch);
  if (leaderEpoch instanceof RillError) return { requestId: request.requestId, error: leaderEpoch };
  let isr: NodeId[];
  let leader: NodeId;
  try {
    // Branded here, where the answer is decoded; -1 is the controller's "no leader".
    isr = result.isr.map((member) => decodeNodeId("isr", member));
    leader = result.leaderId < 0 ? NO_NODE : decodeNodeId("leader_id", result.leaderId);
  } catch (error) {
    if (error instanceof RillError) return { requestId: request.requestId, error };
    throw error;
  }
  return {
    requestId: request.requestId,
    state: {
      replicas: current.replicas,
      isr,
      leader,
      leaderEpoch,
      partitionEpoch: result.partitionEpoch,
    },
  };
}
