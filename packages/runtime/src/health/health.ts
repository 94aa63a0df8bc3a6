import * as grpc from "@grpc/grpc-js";
import { HealthImplementation, service as healthServiceDefinition } from "grpc-health-check";

export type ServingStatus = "SERVING" | "NOT_SERVING";

/** The empty name is the whole process's status, by the gRPC health-checking protocol. */
export const overallServiceName = "";

/**
 * The standard `grpc.health.v1.Health` service (Check, Watch, List) from the grpc project's
 * `grpc-health-check`, with a setter the process calls as it starts, becomes ready and stops.
 * Unknown service names answer NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch).
 */
export class HealthService {
  readonly #implementation: HealthImplementation;
  readonly #statuses = new Map<string, ServingStatus>();

  constructor(initial: Readonly<Record<string, ServingStatus>> = { [overallServiceName]: "NOT_SERVING" }) {
    this.#implementation = new HealthImplementation({ ...initial });
    for (const [name, status] of Object.entries(initial)) this.#statuses.set(name, status);
  }

  setStatus(serviceName: string, status: ServingStatus): void {
    this.#statuses.set(serviceName, status);
    this.#implementation.setStatus(serviceName, status);
  }

  setServing(serviceName: string, serving: boolean): void {
    this.setStatus(serviceName, serving ? "SERVING" : "NOT_SERVING");
  }

  /** Marks every known service NOT_SERVING: the first step of a graceful shutdown. */
  setAllNotServing(): void {
    for (const name of this.#statuses.keys()) this.setStatus(name, "NOT_SERVING");
  }

  status(serviceName: string = overallServiceName): ServingStatus | undefined {
    return this.#statuses.get(serviceName);
  }

  addToServer(server: grpc.Server): void {
    this.#implementation.addToServer(server);
  }
}

/** The client side of `grpc.health.v1.Health` (statuses as enum names). */
export interface HealthClient extends grpc.Client {
  check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: { status: string }) => void,
  ): grpc.ClientUnaryCall;
  watch(
    request: { service: string },
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<{ status: string }>;
}

/** A client for the standard health service, for probes, `rill dev up` and tests. */
export function healthClient(address: string, credentials = grpc.credentials.createInsecure()): HealthClient {
  const Client = grpc.makeGenericClientConstructor(
    healthServiceDefinition as unknown as grpc.ServiceDefinition,
    "grpc.health.v1.Health",
  );
  return new Client(address, credentials) as unknown as HealthClient;
}

/**
 * One Check call: resolves to the status name (`SERVING`, `NOT_SERVING`, `UNKNOWN`); rejects with
 * the gRPC error (NOT_FOUND for an unknown service, DEADLINE_EXCEEDED when nothing answers).
 */
export function checkHealth(address: string, serviceName: string, timeoutMs: number): Promise<string> {
  const client = healthClient(address);
  return new Promise<string>((resolve, reject) => {
    client.check({ service: serviceName }, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error !== null) reject(error);
      else resolve(response?.status ?? "UNKNOWN");
    });
  });
}
