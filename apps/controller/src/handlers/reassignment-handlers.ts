/**
 * The reassignment write of ControllerService: AlterPartitionReassignments (start or cancel a
 * move of partition replicas, with an optional replication throttle). A batch over every
 * partition of the request; a refused partition's error goes in its own result (see `perItem`).
 * The read side (ListPartitionReassignments) is a view (admin-views.ts).
 */
import type { ControllerV1 } from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import type { ControllerServiceContext } from "../controller-service-context.js";
import { perItem, runOperation, timeoutOf } from "./quorum-operation.js";

export async function alterPartitionReassignments(
  context: ControllerServiceContext,
  request: ControllerV1.AlterPartitionReassignmentsRequest__Output,
): Promise<ControllerV1.AlterPartitionReassignmentsResponse> {
  const controller = context.quorum.controller;
  const timeoutMs = timeoutOf(context, request.timeoutMs);
  const items = request.topics.flatMap((topic) =>
    topic.partitions.map((partition) => ({ topic: topic.name, partition })),
  );
  const results = await perItem(
    items,
    async ({ topic, partition }): Promise<ControllerV1.ReassignablePartitionResult> => {
      await runOperation(
        context,
        (image) =>
          controller.alterPartitionReassignment(image, {
            topic,
            partition: partition.partitionIndex,
            targetReplicas: partition.cancel
              ? null
              : partition.replicas.map((replica) => decodeNodeId("replica", replica)),
            throttleBytesPerSecond: request.throttleBytesPerSecond,
          }),
        timeoutMs,
      );
      return { topic, partitionIndex: partition.partitionIndex, errorCode: 0, errorMessage: "" };
    },
    ({ topic, partition }, error) => ({ topic, partitionIndex: partition.partitionIndex, ...error }),
  );
  return { results };
}
