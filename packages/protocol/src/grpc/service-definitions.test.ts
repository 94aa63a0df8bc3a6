import { fromJSON, type MethodDefinition as LoaderMethodDefinition } from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { RILL_PROTO_DESCRIPTOR } from "../generated/descriptor.js";
import { PROTO_LOADER_OPTIONS } from "./loader-options.js";
import { servicePackageDefinition } from "./service-definitions.js";

/** How deep the sample filler nests messages (recursive types stop here). */
const SAMPLE_DEPTH_MAX = 3;

/** A plain object with every field of `type` set to a non-default value, nested messages too. */
function sample(type: protobuf.Type, depth = 0): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    let one: unknown;
    if (field.resolvedType instanceof protobuf.Type) {
      if (depth >= SAMPLE_DEPTH_MAX) continue;
      one = sample(field.resolvedType, depth + 1);
    } else if (field.resolvedType instanceof protobuf.Enum) {
      one = Object.keys(field.resolvedType.values).at(-1);
    } else if (field.type === "string") one = `${field.name}-text`;
    else if (field.type === "bool") one = true;
    else if (field.type === "bytes") one = Buffer.from([1, 2, 3]);
    else if (field.type === "double" || field.type === "float") one = 1.5;
    else one = field.id + 40;
    if (field.map) value[field.name] = { key1: one };
    else value[field.name] = field.repeated ? [one, one] : one;
    // One member of a oneof, as a sender would set it.
    if (field.partOf !== null) break;
  }
  return value;
}

describe("service definitions built from the generated descriptor", () => {
  const root = protobuf.Root.fromJSON(RILL_PROTO_DESCRIPTOR);
  const ours = servicePackageDefinition(root, PROTO_LOADER_OPTIONS);
  const loader = fromJSON(RILL_PROTO_DESCRIPTOR, PROTO_LOADER_OPTIONS);
  const loaderServices = Object.entries(loader).filter(([, definition]) => !("format" in definition));

  it("name the same services and methods as proto-loader's, with the same paths and shapes", () => {
    expect(Object.keys(ours).sort()).toEqual(loaderServices.map(([name]) => name).sort());
    expect(Object.keys(ours)).toContain("rill.broker.v1.BrokerService");
    for (const [serviceName, definition] of loaderServices) {
      const methods = definition as Record<string, LoaderMethodDefinition<object, object>>;
      const ourMethods = ours[serviceName] ?? {};
      expect(Object.keys(ourMethods).sort()).toEqual(Object.keys(methods).sort());
      for (const [methodName, method] of Object.entries(methods)) {
        const ourMethod = ourMethods[methodName];
        expect(ourMethod?.path).toBe(method.path);
        expect(ourMethod?.requestStream).toBe(method.requestStream);
        expect(ourMethod?.responseStream).toBe(method.responseStream);
        // grpc-js's lowerCamelCase alias on clients (quorum.call("registerBroker") relies on it).
        expect(ourMethod?.originalName).toBe(method.originalName);
      }
    }
  });

  it("encode to the same bytes and decode to the same objects as proto-loader's", () => {
    let compared = 0;
    for (const [serviceName, definition] of loaderServices) {
      for (const [methodName, method] of Object.entries(
        definition as Record<string, LoaderMethodDefinition<object, object>>,
      )) {
        const service = root.lookupService(serviceName);
        const rpc = service.methods[methodName] as protobuf.Method;
        const ourMethod = ours[serviceName]?.[methodName];
        for (const [type, theirs, mine] of [
          [rpc.resolvedRequestType, method.requestSerialize, ourMethod?.requestSerialize],
          [rpc.resolvedResponseType, method.responseSerialize, ourMethod?.responseSerialize],
        ] as const) {
          const message = sample(type as protobuf.Type);
          const bytes = theirs(message);
          expect(mine?.(message)).toEqual(bytes);
          compared += 1;
        }
        const requestBytes = method.requestSerialize(sample(rpc.resolvedRequestType as protobuf.Type));
        expect(ourMethod?.requestDeserialize(requestBytes)).toEqual(method.requestDeserialize(requestBytes));
        const responseBytes = method.responseSerialize(sample(rpc.resolvedResponseType as protobuf.Type));
        expect(ourMethod?.responseDeserialize(responseBytes)).toEqual(
          method.responseDeserialize(responseBytes),
        );
      }
    }
    expect(compared).toBeGreaterThan(80);
  });

  it("refuses an array where a message belongs, as proto-loader does", () => {
    const produce = ours["rill.broker.v1.BrokerService"]?.Produce;
    expect(() => produce?.requestSerialize([] as unknown as object)).toThrow(/got array instead/);
  });
});
