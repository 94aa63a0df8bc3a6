import * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";
import type { ProtoGrpcType as BrokerProto } from "../generated/broker_service.js";
import type { ProtoGrpcType as ControllerProto } from "../generated/controller_service.js";
import { RILL_PROTO_DESCRIPTOR } from "../generated/descriptor.js";
import type { ProtoGrpcType as GroupProto } from "../generated/group_service.js";
import type { ProtoGrpcType as ReplicationProto } from "../generated/replication_service.js";
import { PROTO_LOADER_OPTIONS } from "./loader-options.js";
import { acceptPreEncodedResponses } from "./pre-encoded.js";
import { type ServicePackageDefinition, servicePackageDefinition } from "./service-definitions.js";

/** The typed tree of every Rill service, as grpc.loadPackageDefinition builds it. */
export type RillGrpcObject = BrokerProto & ControllerProto & GroupProto & ReplicationProto;

/** Every Rill proto, loaded once per process. */
export interface LoadedRillProtos {
  /** The protobufjs types, for encoding messages outside gRPC calls (status details). */
  readonly root: protobuf.Root;
  /** The service definitions, built with PROTO_LOADER_OPTIONS. */
  readonly packageDefinition: ServicePackageDefinition;
  /** The grpc-js object tree: service client constructors and definitions. */
  readonly grpcObject: RillGrpcObject;
}

let loaded: LoadedRillProtos | undefined;

/**
 * Loads every proto once (lazily, on first use) and caches the result: one tree serves both the
 * grpc-js service definitions and the protobufjs types the status details are encoded with.
 * The tree comes from the descriptor `pnpm proto:gen` writes from proto/ (generated/descriptor.ts),
 * so no .proto text is parsed at run time. Later calls return the same object.
 */
export function loadRillProtos(): LoadedRillProtos {
  if (loaded === undefined) {
    // fromJSON resolves the whole tree, editions features too (a repeated scalar's packed encoding
    // follows from them): the types encode exactly as they did when parsed from the .proto text.
    const root = protobuf.Root.fromJSON(RILL_PROTO_DESCRIPTOR);
    const packageDefinition = servicePackageDefinition(root, PROTO_LOADER_OPTIONS);
    acceptPreEncodedResponses(packageDefinition);
    const grpcObject = grpc.loadPackageDefinition(packageDefinition) as unknown as RillGrpcObject;
    loaded = { root, packageDefinition, grpcObject };
  }
  return loaded;
}
