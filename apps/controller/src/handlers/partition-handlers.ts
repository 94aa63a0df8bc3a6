/**
 * The partition leadership writes of ControllerService: AlterPartition (a leader's ISR change)
 * and ElectLeaders (preferred or unclean election). AlterPartition is a batch over every
 * partition of the request; a refused partition's result carries the current state, so that
 * the leader refreshes its view without another round trip.
 */
import type { MetadataImage, TopicPartition } from "@rill/metadata";
import { type ControllerV1, RillError } from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import type { ControllerServiceContext } from "../controller-service-context.js";
import { perItem, runOperation, timeoutOf } from "./quorum-operation.js";

export async function alterPartition(
  context: ControllerServiceContext,
  request: ControllerV1.AlterPartitionRequest__Output,
): Promise<ControllerV1.AlterPartitionResponse> {
  const controller = context.quorum.controller;
  // One list over every topic, so that "all refused with NOT_CONTROLLER" (then the whole
  // request is redirected) is decided for the request as a whole.
  const items = request.topics.flatMap((topic) =>
    topic.partitions.map((partition) => ({ topic, partition })),
  );
  const results = await perItem(
    items,
    async ({ topic, partition }): Promise<ControllerV1.AlterPartitionPartitionResult> => {
      const topicId = topic.topicId !== "" ? topic.topicId : topicIdByName(context, topic.topicName);
      const state = await runOperation(
        context,
        (image) =>
          controller.alterPartition(image, {
            brokerId: decodeNodeId("brokerId", request.brokerId),
            brokerEpoch: request.brokerEpoch,
            topicId,
            partition: partition.partitionIndex,
            leaderEpoch: partition.leaderEpoch,
            partitionEpoch: partition.partitionEpoch,
            newIsr: partition.newIsr.map((member) => decodeNodeId("newIsr broker id", member.brokerId)),
          }),
        context.requestTimeoutMs,
      );
      return {
        partitionIndex: partition.partitionIndex,
        errorCode: 0,
        errorMessage: "",
        leaderId: state.leader,
        leaderEpoch: state.leaderEpoch,
        isr: [...state.isr],
        partitionEpoch: state.partitionEpoch,
        leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
      };
    },
    ({ topic, partition }, error): ControllerV1.AlterPartitionPartitionResult => {
      // The current state, so that the leader can refresh its view without another round trip.
      const image = context.quorum.image;
      const topicId = topic.topicId !== "" ? topic.topicId : image.topicIdsByName.get(topic.topicName);
      const current = topicId === undefined ? undefined : image.partition(topicId, partition.partitionIndex);
      return {
        partitionIndex: partition.partitionIndex,
        ...error,
        leaderId: current?.leader ?? -1,
        leaderEpoch: current?.leaderEpoch ?? -1,
        isr: current === undefined ? [] : [...current.isr],
        partitionEpoch: current?.partitionEpoch ?? -1,
        leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
      };
    },
  );
  let position = 0;
  const topics = request.topics.map((topic): ControllerV1.AlterPartitionTopicResult => {
    const partitions = results.slice(position, position + topic.partitions.length);
    position += topic.partitions.length;
    return { topicId: topic.topicId, topicName: topic.topicName, partitions };
  });
  return { topics };
}

function topicIdByName(context: ControllerServiceContext, name: string): string {
  const topicId = context.quorum.latestImage.topicIdsByName.get(name);
  if (topicId === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `Unknown topic ${name}`);
  return topicId;
}

export async function electLeaders(
  context: ControllerServiceContext,
  request: ControllerV1.ElectLeadersRequest__Output,
): Promise<ControllerV1.ElectLeadersResponse> {
  let kind: "preferred" | "unclean";
  if (request.electionType === "ELECTION_TYPE_PREFERRED") kind = "preferred";
  else if (request.electionType === "ELECTION_TYPE_UNCLEAN") kind = "unclean";
  else throw new RillError("INVALID_REQUEST", "election_type must be PREFERRED or UNCLEAN");
  const controller = context.quorum.controller;
  const results = await runOperation(
    context,
    (image) => {
      const partitions =
        request.topicPartitions.length === 0 ? undefined : expandPartitions(image, request.topicPartitions);
      return controller.electLeaders(image, kind, partitions);
    },
    timeoutOf(context, request.timeoutMs),
  );
  return {
    results: results.map((result) => ({
      topic: result.topic,
      partition: result.partition,
      errorCode: result.error?.code ?? 0,
      errorMessage: result.error?.message ?? "",
    })),
  };
}

/** The partitions a request names; a topic without partition list means all of its partitions. */
function expandPartitions(
  image: MetadataImage,
  requested: readonly ControllerV1.TopicPartitions__Output[],
): TopicPartition[] {
  const result: TopicPartition[] = [];
  for (const entry of requested) {
    if (entry.partitions.length > 0) {
      for (const partition of entry.partitions) result.push({ topic: entry.topic, partition });
      continue;
    }
    const topic = image.topicByName(entry.topic);
    // An unknown topic stays in the list (partition 0), so that its result says UNKNOWN_TOPIC_OR_PARTITION.
    if (topic === undefined) result.push({ topic: entry.topic, partition: 0 });
    else
      for (const partition of [...topic.partitions.keys()].sort((a, b) => a - b))
        result.push({ topic: entry.topic, partition });
  }
  return result;
}
