import * as grpc from "@grpc/grpc-js";
import { HEALTH_SERVICE_NAME, healthServiceDefinition } from "./health-definition.js";

export type ServingStatus = "SERVING" | "NOT_SERVING";

/** The empty name is the whole process's status, by the gRPC health-checking protocol. */
export const overallServiceName = "";

/** List answers RESOURCE_EXHAUSTED beyond this many services (the protocol's advice, grpc's value). */
const LIST_SERVICES_MAX = 100;

type StatusWatcher = (status: ServingStatus) => void;

/**
 * The standard `grpc.health.v1.Health` service (Check, Watch, List) as the grpc project's
 * `grpc-health-check` serves it, with a setter the process calls as it starts, becomes ready and
 * stops. Unknown service names answer NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch, which then
 * follows the name's later statuses); List answers every status, RESOURCE_EXHAUSTED beyond
 * LIST_SERVICES_MAX.
 */
export class HealthService {
  readonly #statuses = new Map<string, ServingStatus>();
  /** Watch calls by service name; each removed when its call ends. */
  readonly #watchers = new Map<string, Set<StatusWatcher>>();

  constructor(initial: Readonly<Record<string, ServingStatus>> = { [overallServiceName]: "NOT_SERVING" }) {
    for (const [name, status] of Object.entries(initial)) this.#statuses.set(name, status);
  }

  setStatus(serviceName: string, status: ServingStatus): void {
    this.#statuses.set(serviceName, status);
    for (const watcher of this.#watchers.get(serviceName) ?? []) watcher(status);
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
    server.addService(healthServiceDefinition(), {
      Check: (
        call: grpc.ServerUnaryCall<{ service: string }, { status: string }>,
        callback: grpc.sendUnaryData<{ status: string }>,
      ) => {
        const serviceName = call.request.service;
        const status = this.#statuses.get(serviceName);
        if (status !== undefined) callback(null, { status });
        else
          callback({
            code: grpc.status.NOT_FOUND,
            details: `Health status unknown for service ${serviceName}`,
          });
      },
      Watch: (call: grpc.ServerWritableStream<{ service: string }, { status: string }>) => {
        const serviceName = call.request.service;
        const watcher: StatusWatcher = (status) => call.write({ status });
        const watchers = this.#watchers.get(serviceName) ?? new Set<StatusWatcher>();
        this.#watchers.set(serviceName, watchers);
        watchers.add(watcher);
        call.on("cancelled", () => {
          watchers.delete(watcher);
          if (watchers.size === 0 && this.#watchers.get(serviceName) === watchers) {
            this.#watchers.delete(serviceName);
          }
        });
        call.write({ status: this.#statuses.get(serviceName) ?? "SERVICE_UNKNOWN" });
      },
      List: (
        _call: grpc.ServerUnaryCall<object, { statuses: Record<string, { status: string }> }>,
        callback: grpc.sendUnaryData<{ statuses: Record<string, { status: string }> }>,
      ) => {
        if (this.#statuses.size > LIST_SERVICES_MAX) {
          callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: "Too many services to list." });
          return;
        }
        const statuses: Record<string, { status: string }> = {};
        for (const [name, status] of this.#statuses) statuses[name] = { status };
        callback(null, { statuses });
      },
    });
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
  const Client = grpc.makeGenericClientConstructor(healthServiceDefinition(), HEALTH_SERVICE_NAME);
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
