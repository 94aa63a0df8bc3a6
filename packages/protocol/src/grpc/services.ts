import type { ServiceDefinition } from "@grpc/grpc-js";
import * as grpc from "@grpc/grpc-js";
import type {
  BrokerServiceClient,
  BrokerServiceDefinition,
} from "../generated/rill/broker/v1/BrokerService.js";
import type {
  ControllerServiceClient,
  ControllerServiceDefinition,
} from "../generated/rill/controller/v1/ControllerService.js";
import type { GroupServiceClient, GroupServiceDefinition } from "../generated/rill/group/v1/GroupService.js";
import type {
  ReplicationServiceClient,
  ReplicationServiceDefinition,
} from "../generated/rill/replication/v1/ReplicationService.js";
import { createRillChannelOptions, type RillChannelOptionsInput } from "./channel.js";
import { loadRillProtos } from "./load.js";

/** The typed service definitions, for `server.addService(definition, handlers)`. */
export function brokerServiceDefinition(): BrokerServiceDefinition {
  return loadRillProtos().grpcObject.rill.broker.v1.BrokerService.service;
}
/** The ControllerService definition. */
export function controllerServiceDefinition(): ControllerServiceDefinition {
  return loadRillProtos().grpcObject.rill.controller.v1.ControllerService.service;
}
/** The ReplicationService definition. */
export function replicationServiceDefinition(): ReplicationServiceDefinition {
  return loadRillProtos().grpcObject.rill.replication.v1.ReplicationService.service;
}
/** The GroupService definition. */
export function groupServiceDefinition(): GroupServiceDefinition {
  return loadRillProtos().grpcObject.rill.group.v1.GroupService.service;
}

/**
 * Any service under proto/ by its full name (e.g. "rill.raft.v1.RaftService"), for services
 * whose typed helpers live with their owners; cast the result to the generated
 * `...ServiceDefinition` type. Throws when no such service exists.
 */
export function serviceDefinitionByName(fullName: string): ServiceDefinition {
  const Client = lookupServiceConstructor(fullName);
  return Client.service;
}

/**
 * A client of any service under proto/ by its full name, with Rill's channel options; cast it to
 * the generated `...ServiceClient` type.
 */
export function createClientByName(
  fullName: string,
  address: string,
  options?: RillChannelOptionsInput,
): grpc.Client {
  const Client = lookupServiceConstructor(fullName);
  return new Client(address, grpc.credentials.createInsecure(), createRillChannelOptions(options));
}

function lookupServiceConstructor(fullName: string): grpc.ServiceClientConstructor {
  let node: unknown = loadRillProtos().grpcObject;
  for (const part of fullName.split(".")) {
    node =
      typeof node === "object" || typeof node === "function"
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof node !== "function" || !("service" in node)) {
    throw new Error(`no gRPC service named ${fullName} under proto/`);
  }
  return node as grpc.ServiceClientConstructor;
}

/** A BrokerService client for `address` ("host:port"), with Rill's channel options. */
export function createBrokerClient(address: string, options?: RillChannelOptionsInput): BrokerServiceClient {
  const Client = loadRillProtos().grpcObject.rill.broker.v1.BrokerService;
  return new Client(address, grpc.credentials.createInsecure(), createRillChannelOptions(options));
}
/** A ControllerService client. */
export function createControllerClient(
  address: string,
  options?: RillChannelOptionsInput,
): ControllerServiceClient {
  const Client = loadRillProtos().grpcObject.rill.controller.v1.ControllerService;
  return new Client(address, grpc.credentials.createInsecure(), createRillChannelOptions(options));
}
/** A ReplicationService client. */
export function createReplicationClient(
  address: string,
  options?: RillChannelOptionsInput,
): ReplicationServiceClient {
  const Client = loadRillProtos().grpcObject.rill.replication.v1.ReplicationService;
  return new Client(address, grpc.credentials.createInsecure(), createRillChannelOptions(options));
}
/** A GroupService client. */
export function createGroupClient(address: string, options?: RillChannelOptionsInput): GroupServiceClient {
  const Client = loadRillProtos().grpcObject.rill.group.v1.GroupService;
  return new Client(address, grpc.credentials.createInsecure(), createRillChannelOptions(options));
}
