import type { ServiceDefinition } from "@grpc/grpc-js";
import { PROTO_LOADER_OPTIONS, servicePackageDefinition } from "@rill/protocol";
import protobuf from "protobufjs";

/**
 * The standard gRPC health-checking protocol, `grpc.health.v1` (grpc/health/v1/health.proto), as
 * protobufjs JSON: field names as the .proto spells them (one word each), options left out.
 * Written out here rather than parsed from the .proto at start-up (what the grpc-health-check
 * package does, with a copy of proto-loader of its own: about 40 ms of every process start).
 */
const HEALTH_PROTO_DESCRIPTOR = {
  nested: {
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthListRequest: { fields: {} },
                HealthListResponse: {
                  fields: { statuses: { keyType: "string", type: "HealthCheckResponse", id: 1 } },
                },
                HealthCheckRequest: { fields: { service: { type: "string", id: 1 } } },
                HealthCheckResponse: {
                  fields: { status: { type: "ServingStatus", id: 1 } },
                  nested: {
                    ServingStatus: {
                      values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 },
                    },
                  },
                },
                Health: {
                  methods: {
                    Check: { requestType: "HealthCheckRequest", responseType: "HealthCheckResponse" },
                    Watch: {
                      requestType: "HealthCheckRequest",
                      responseType: "HealthCheckResponse",
                      responseStream: true,
                    },
                    List: { requestType: "HealthListRequest", responseType: "HealthListResponse" },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** The full name of the health service, as clients and probes address it. */
export const HEALTH_SERVICE_NAME = "grpc.health.v1.Health";

let definition: ServiceDefinition | undefined;

/** The `grpc.health.v1.Health` service definition (enums as names, as Rill's own services). */
export function healthServiceDefinition(): ServiceDefinition {
  if (definition === undefined) {
    const root = protobuf.Root.fromJSON(HEALTH_PROTO_DESCRIPTOR as protobuf.INamespace);
    const found = servicePackageDefinition(root, PROTO_LOADER_OPTIONS)[HEALTH_SERVICE_NAME];
    if (found === undefined) throw new Error(`unreachable: ${HEALTH_SERVICE_NAME} is in the descriptor`);
    definition = found;
  }
  return definition;
}
