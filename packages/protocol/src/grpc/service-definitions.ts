import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import protobuf from "protobufjs";
import type { PROTO_LOADER_OPTIONS } from "./loader-options.js";

/** Every gRPC service of a parsed proto tree by full name ("rill.broker.v1.BrokerService"). */
export type ServicePackageDefinition = Record<string, ServiceDefinition>;

/**
 * The grpc-js definitions of every service in `root`, with the same serializers proto-loader's
 * `fromJSON` builds (an object goes through `Type.fromObject` then `encode`; bytes come back
 * through `decode` then `toObject(message, options)`), so the wire and the objects handlers see
 * are unchanged. What it leaves out is proto-loader's reflection data (a descriptor of every
 * message and file, built and encoded for all ~250 types at load): no Rill process serves gRPC
 * reflection, and building it was a tenth of a second of every start-up. A test compares both.
 */
export function servicePackageDefinition(
  root: protobuf.Root,
  options: typeof PROTO_LOADER_OPTIONS,
): ServicePackageDefinition {
  const definitions: ServicePackageDefinition = {};
  const visit = (namespace: protobuf.NamespaceBase, prefix: string): void => {
    for (const nested of namespace.nestedArray) {
      const fullName = prefix === "" ? nested.name : `${prefix}.${nested.name}`;
      if (nested instanceof protobuf.Service)
        definitions[fullName] = serviceDefinition(nested, fullName, options);
      else if (nested instanceof protobuf.Namespace) visit(nested, fullName);
    }
  };
  visit(root, "");
  return definitions;
}

function serviceDefinition(
  service: protobuf.Service,
  fullName: string,
  options: typeof PROTO_LOADER_OPTIONS,
): ServiceDefinition {
  const definition: Record<string, MethodDefinition<object, object>> = {};
  // Sets the methods' resolved request and response types (a no-op on a root from fromJSON).
  service.resolveAll();
  for (const method of service.methodsArray) {
    const requestType = method.resolvedRequestType;
    const responseType = method.resolvedResponseType;
    if (requestType === null || responseType === null) {
      throw new Error(`${fullName}.${method.name}: request or response type not found`);
    }
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(requestType),
      requestDeserialize: deserializer(requestType, options),
      responseSerialize: serializer(responseType),
      responseDeserialize: deserializer(responseType, options),
      originalName: lowerFirst(method.name),
    };
  }
  return definition;
}

function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value)) {
      throw new Error(
        `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
      );
    }
    // protobufjs writes with its BufferWriter in Node: `finish()` is already a Buffer, not copied.
    return type.encode(type.fromObject(value)).finish() as Buffer;
  };
}

function deserializer(type: protobuf.Type, options: typeof PROTO_LOADER_OPTIONS): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), options);
}

/**
 * The name grpc-js adds as the client's lowerCamelCase alias ("FetchMetadata" → "fetchMetadata").
 * proto-loader uses lodash's camelCase, which agrees on every PascalCase method name without a run
 * of capitals; the comparison test fails on a name where they would differ.
 */
function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
