import type { PackageDefinition } from "@grpc/proto-loader";
import type { ServicePackageDefinition } from "./service-definitions.js";

/**
 * A response message its handler serialized itself, handed to grpc-js as it is: a handler writes
 * one where it frames record bytes by hand (no protobufjs copy of them). Contract: `bytes` is the
 * protobuf encoding of the method's response type, so any stock gRPC client decodes it.
 */
export class PreEncodedMessage {
  constructor(readonly bytes: Buffer) {}
}

interface SerializingMethod {
  responseSerialize?: (value: unknown) => Buffer;
}

/**
 * Lets every method of `definition` send a PreEncodedMessage in place of a message object (its
 * bytes go to grpc-js untouched); anything else is serialized as before.
 */
export function acceptPreEncodedResponses(definition: PackageDefinition | ServicePackageDefinition): void {
  for (const service of Object.values(definition)) {
    if (typeof service !== "object" || service === null || "format" in service) continue;
    for (const method of Object.values(service as Record<string, SerializingMethod>)) {
      const serialize = method.responseSerialize;
      if (typeof serialize !== "function") continue;
      method.responseSerialize = (value: unknown) =>
        value instanceof PreEncodedMessage ? value.bytes : serialize(value);
    }
  }
}
