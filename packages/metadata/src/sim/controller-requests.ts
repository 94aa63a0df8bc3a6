/**
 * The requests simulated brokers and the admin client send to controllers (the RPCs of
 * ControllerService, without gRPC), and how a controller runs them: every one through
 * `QuorumController.run`, as the controller app does.
 */
import type { RillError } from "@rill/protocol";
import type { BrokerHeartbeatRequest, RegisterBrokerRequest } from "../controller/cluster-control.js";
import type { AlterPartitionRequest, TopicPartition } from "../controller/partition-control.js";
import type { ConfigChange, CreateTopicRequest } from "../controller/topic-control.js";
import type { QuorumController } from "../quorum-controller.js";
import type { ConfigResource } from "../records/metadata-record.js";

export type ControllerRequest =
  | { readonly type: "registerBroker"; readonly request: RegisterBrokerRequest }
  | { readonly type: "brokerHeartbeat"; readonly request: BrokerHeartbeatRequest }
  | { readonly type: "alterPartition"; readonly request: AlterPartitionRequest }
  | { readonly type: "createTopic"; readonly request: CreateTopicRequest }
  | { readonly type: "deleteTopic"; readonly name: string }
  | { readonly type: "electLeaders"; readonly partitions: readonly TopicPartition[] | undefined }
  | {
      readonly type: "alterConfigs";
      readonly resource: ConfigResource;
      readonly changes: readonly ConfigChange[];
    };

/**
 * What the caller learns: the response, an error from the controller, or nothing in time (a
 * timeout, which says nothing about whether the request took effect).
 */
export type CallOutcome =
  | { readonly kind: "ok"; readonly response: unknown }
  | { readonly kind: "error"; readonly error: RillError }
  | { readonly kind: "timeout" };

/** Runs `request` on `controller` (which refuses with NOT_CONTROLLER unless it is active). */
export function executeRequest(controller: QuorumController, request: ControllerRequest): Promise<unknown> {
  const logic = controller.controller;
  switch (request.type) {
    case "registerBroker":
      return controller.run((image, nowMs) => logic.registerBroker(image, request.request, nowMs));
    case "brokerHeartbeat":
      return controller.run((image, nowMs) => logic.brokerHeartbeat(image, request.request, nowMs));
    case "alterPartition":
      return controller.run((image) => logic.alterPartition(image, request.request));
    case "createTopic":
      return controller.run((image) => logic.createTopic(image, request.request));
    case "deleteTopic":
      return controller.run((image) => logic.deleteTopic(image, request.name));
    case "electLeaders":
      return controller.run((image) => logic.electLeaders(image, "preferred", request.partitions));
    case "alterConfigs":
      return controller.run((image) => logic.alterConfigs(image, request.resource, request.changes));
  }
}
