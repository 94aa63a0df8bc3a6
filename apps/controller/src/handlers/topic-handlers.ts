/**
 * The topic writes of ControllerService: CreateTopics, DeleteTopics and CreatePartitions. Batch
 * requests: each topic is one operation (all proposed before the first commits), and a failure
 * of one topic goes in that topic's error_code/error_message (see `perItem`). `validate_only`
 * runs the checks and commits nothing.
 */
import { checkBrokerEpoch } from "@rill/metadata";
import { type ControllerV1, RillError } from "@rill/protocol";
import { decodeNodeId, type NodeId } from "@rill/protocol/ids";
import type { ControllerServiceContext } from "../controller-service-context.js";
import { perItem, runOperation, timeoutOf } from "./quorum-operation.js";

export async function createTopics(
  context: ControllerServiceContext,
  request: ControllerV1.CreateTopicsRequest__Output,
): Promise<ControllerV1.CreateTopicsResponse> {
  const controller = context.quorum.controller;
  const timeoutMs = timeoutOf(context, request.timeoutMs);
  const counts = new Map<string, number>();
  for (const topic of request.topics) counts.set(topic.name, (counts.get(topic.name) ?? 0) + 1);
  const topics = await perItem(
    request.topics,
    async (topic): Promise<ControllerV1.CreatableTopicResult> => {
      if ((counts.get(topic.name) ?? 0) > 1) {
        throw new RillError("INVALID_REQUEST", `Topic ${topic.name} appears more than once in the request`);
      }
      const configs: Record<string, string> = {};
      for (const entry of topic.configs) {
        if (Object.hasOwn(configs, entry.name)) {
          throw new RillError("INVALID_CONFIG", `Config ${entry.name} appears more than once`);
        }
        configs[entry.name] = entry.value;
      }
      const assignments = assignmentsOf(topic.assignments, 0);
      const creator = request.internalTopicCreator;
      const response = await runOperation(
        context,
        (image) => {
          // Reserved names only from a registered broker (the group coordinator creating
          // __consumer_offsets), never from a user request.
          if (creator !== null) {
            checkBrokerEpoch(
              image,
              decodeNodeId("internalTopicCreator.brokerId", creator.brokerId),
              creator.brokerEpoch,
            );
          }
          return controller.createTopic(image, {
            name: topic.name,
            numPartitions: topic.numPartitions,
            replicationFactor: topic.replicationFactor,
            configs,
            ...(assignments === undefined ? {} : { assignments }),
            validateOnly: request.validateOnly,
            ...(creator === null ? {} : { internal: true }),
          });
        },
        timeoutMs,
      );
      return {
        name: topic.name,
        topicId: response.topicId,
        errorCode: 0,
        errorMessage: "",
        numPartitions: response.numPartitions,
        replicationFactor: response.replicationFactor,
      };
    },
    (topic, error) => ({
      name: topic.name,
      topicId: "",
      ...error,
      numPartitions: -1,
      replicationFactor: -1,
    }),
  );
  return { topics };
}

export async function deleteTopics(
  context: ControllerServiceContext,
  request: ControllerV1.DeleteTopicsRequest__Output,
): Promise<ControllerV1.DeleteTopicsResponse> {
  const controller = context.quorum.controller;
  const timeoutMs = timeoutOf(context, request.timeoutMs);
  const topics = await perItem(
    [...new Set(request.topicNames)],
    async (name): Promise<ControllerV1.DeletableTopicResult> => {
      const response = await runOperation(context, (image) => controller.deleteTopic(image, name), timeoutMs);
      return { name, topicId: response.topicId, errorCode: 0, errorMessage: "" };
    },
    (name, error) => ({ name, topicId: "", ...error }),
  );
  return { topics };
}

export async function createPartitions(
  context: ControllerServiceContext,
  request: ControllerV1.CreatePartitionsRequest__Output,
): Promise<ControllerV1.CreatePartitionsResponse> {
  const controller = context.quorum.controller;
  const timeoutMs = timeoutOf(context, request.timeoutMs);
  const results = await perItem(
    request.topics,
    async (topic): Promise<ControllerV1.CreatePartitionsTopicResult> => {
      const current = context.quorum.latestImage.topicByName(topic.name)?.partitions.size ?? 0;
      const assignments = assignmentsOf(topic.assignments, current);
      await runOperation(
        context,
        (image) => {
          const result = controller.createPartitions(image, {
            name: topic.name,
            totalCount: topic.count,
            ...(assignments === undefined ? {} : { assignments }),
          });
          return request.validateOnly ? { records: [], response: result.response } : result;
        },
        timeoutMs,
      );
      return { name: topic.name, errorCode: 0, errorMessage: "" };
    },
    (topic, error) => ({ name: topic.name, ...error }),
  );
  return { results };
}

/** Explicit assignments (indexed from `firstPartition`), or undefined for automatic placement. */
function assignmentsOf(
  assignments: readonly ControllerV1.ReplicaAssignment__Output[],
  firstPartition: number,
): NodeId[][] | undefined {
  if (assignments.length === 0) return undefined;
  const sorted = [...assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  sorted.forEach((assignment, position) => {
    if (assignment.partitionIndex !== firstPartition + position) {
      throw new RillError(
        "INVALID_REPLICA_ASSIGNMENT",
        `Assignments must cover partitions ${firstPartition}.. without gaps; got partition ${assignment.partitionIndex}`,
      );
    }
  });
  return sorted.map((assignment) =>
    assignment.brokerIds.map((id) => decodeNodeId("assignment broker id", id)),
  );
}
