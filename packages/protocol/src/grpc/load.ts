import { isAbsolute, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { fromJSON, type PackageDefinition } from "@grpc/proto-loader";
import protobuf from "protobufjs";
import type { ProtoGrpcType as BrokerProto } from "../generated/broker_service.js";
import type { ProtoGrpcType as ControllerProto } from "../generated/controller_service.js";
import type { ProtoGrpcType as GroupProto } from "../generated/group_service.js";
import type { ProtoGrpcType as ReplicationProto } from "../generated/replication_service.js";
import { PROTO_LOADER_OPTIONS } from "./loader-options.js";
import { acceptPreEncodedResponses } from "./pre-encoded.js";
import { findProtoRoot, listProtoFiles } from "./proto-files.js";

/** The typed tree of every Rill package, as grpc.loadPackageDefinition builds it. */
export type RillGrpcObject = BrokerProto & ControllerProto & GroupProto & ReplicationProto;

/** Everything loaded from proto/, once per process. */
export interface LoadedRillProtos {
  /** The directory the protos were read from. */
  readonly protoRoot: string;
  /** The parsed protos (protobufjs), for encoding messages outside gRPC calls (status details). */
  readonly root: protobuf.Root;
  /** The proto-loader package definition, built with PROTO_LOADER_OPTIONS. */
  readonly packageDefinition: PackageDefinition;
  /** The grpc-js object tree: service client constructors and definitions. */
  readonly grpcObject: RillGrpcObject;
}

let loaded: LoadedRillProtos | undefined;

/**
 * Loads every .proto under the repo's proto/ once (lazily, on first use) and caches the result:
 * one parse serves both the grpc-js service definitions and the protobufjs types the status
 * details are encoded with. Later calls return the same object.
 */
export function loadRillProtos(): LoadedRillProtos {
  if (loaded === undefined) loaded = loadFrom(findProtoRoot());
  return loaded;
}

function loadFrom(protoRoot: string): LoadedRillProtos {
  const root = new protobuf.Root();
  // Imports are relative to proto/ (buf's module root); well-known google/protobuf imports are
  // served by protobufjs from its bundled copies.
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(protoRoot, target));
  root.loadSync(listProtoFiles(protoRoot), { keepCase: PROTO_LOADER_OPTIONS.keepCase });
  root.resolveAll();
  // proto-loader builds its definition from the same parsed tree (as JSON, which keeps the
  // camelCased field names), so both views agree by construction.
  const packageDefinition = fromJSON(root.toJSON(), PROTO_LOADER_OPTIONS);
  acceptPreEncodedResponses(packageDefinition);
  const grpcObject = grpc.loadPackageDefinition(packageDefinition) as unknown as RillGrpcObject;
  return { protoRoot, root, packageDefinition, grpcObject };
}
