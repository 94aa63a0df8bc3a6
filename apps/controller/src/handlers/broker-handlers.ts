/**
 * The broker lifecycle writes of ControllerService: RegisterBroker, BrokerHeartbeat,
 * ControlledShutdown and AllocateProducerIds. Each runs on the active controller (the router in
 * controller-service.ts has already decided that) and waits for its records to commit, bounded
 * by the service's request timeout; a refusal is a typed RillError for the whole request.
 */
import { type ControllerV1, RillError } from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import type { ControllerServiceContext } from "../controller-service-context.js";
import { runOperation } from "./quorum-operation.js";

export async function registerBroker(
  context: ControllerServiceContext,
  request: ControllerV1.RegisterBrokerRequest__Output,
): Promise<ControllerV1.RegisterBrokerResponse> {
  if (request.clusterId !== context.clusterId) {
    throw new RillError(
      "INCONSISTENT_CLUSTER_ID",
      `Broker ${request.nodeId} belongs to cluster '${request.clusterId}', this quorum to '${context.clusterId}'`,
    );
  }
  const controller = context.quorum.controller;
  const response = await runOperation(
    context,
    (image, nowMs) =>
      controller.registerBroker(
        image,
        {
          brokerId: decodeNodeId("nodeId", request.nodeId),
          incarnationId: request.incarnationId,
          endpoints: request.endpoints.map((endpoint) => ({
            name: endpoint.listenerName,
            host: endpoint.host,
            port: endpoint.port,
          })),
          rack: request.rack === "" ? null : request.rack,
        },
        nowMs,
      ),
    context.requestTimeoutMs,
  );
  return { brokerEpoch: response.brokerEpoch };
}

export function brokerHeartbeat(
  context: ControllerServiceContext,
  request: ControllerV1.BrokerHeartbeatRequest__Output,
  heldMs: () => number = () => 0,
): Promise<ControllerV1.BrokerHeartbeatResponse> {
  const controller = context.quorum.controller;
  return runOperation(
    context,
    (image, nowMs) =>
      controller.brokerHeartbeat(
        image,
        {
          brokerId: decodeNodeId("nodeId", request.nodeId),
          brokerEpoch: request.brokerEpoch,
          currentMetadataOffset: request.currentMetadataOffset,
          wantShutDown: request.wantShutDown,
          receivedAgoMs: heldMs(),
        },
        nowMs,
      ),
    context.requestTimeoutMs,
  );
}

export async function controlledShutdown(
  context: ControllerServiceContext,
  request: ControllerV1.ControlledShutdownRequest__Output,
): Promise<ControllerV1.ControlledShutdownResponse> {
  const controller = context.quorum.controller;
  await runOperation(
    context,
    (image, nowMs) =>
      controller.brokerHeartbeat(
        image,
        {
          brokerId: decodeNodeId("brokerId", request.brokerId),
          brokerEpoch: request.brokerEpoch,
          currentMetadataOffset: -1,
          wantShutDown: true,
        },
        nowMs,
      ),
    context.requestTimeoutMs,
  );
  const remaining: { topic: string; partition: number }[] = [];
  for (const topic of context.quorum.image.topicsById.values()) {
    for (const [partition, registration] of topic.partitions) {
      if (registration.leader === request.brokerId) remaining.push({ topic: topic.name, partition });
    }
  }
  return { remainingPartitions: remaining };
}

export async function allocateProducerIds(
  context: ControllerServiceContext,
  request: ControllerV1.AllocateProducerIdsRequest__Output,
): Promise<ControllerV1.AllocateProducerIdsResponse> {
  const controller = context.quorum.controller;
  const block = await runOperation(
    context,
    (image) =>
      controller.allocateProducerIds(image, {
        brokerId: decodeNodeId("brokerId", request.brokerId),
        brokerEpoch: request.brokerEpoch,
      }),
    context.requestTimeoutMs,
  );
  return { producerIdStart: block.firstProducerId, producerIdLen: block.size };
}
