/**
 * An in-process ControllerService on 127.0.0.1 (port 0) whose handlers a test writes, recording
 * every call, for testing the broker's controller session and metadata follower without Raft.
 */

import type * as grpc from "@grpc/grpc-js";
import type { ServerWritableStream } from "@grpc/grpc-js";
import {
  bindRillServer,
  type ControllerV1,
  controllerServiceDefinition,
  createRillServer,
  RillError,
  serverStreamHandler,
  shutdownRillServer,
  unaryHandler,
} from "@rill/protocol";

type Unary = (request: never) => Promise<unknown>;

/** Handler failures are the tests' own doing: keep them off stderr. */
const quiet = { logger: { error: () => {} } };

export interface FakeControllerHandlers {
  readonly [method: string]: Unary | undefined;
}

export interface FakeController {
  readonly address: string;
  readonly port: number;
  /** Every unary call: method name and request. */
  readonly calls: { method: string; request: Record<string, unknown> }[];
  /** Replaces or adds a unary handler. */
  handle(method: string, handler: Unary): void;
  /** Handles FetchMetadata streams. */
  stream(
    handler: (
      request: ControllerV1.FetchMetadataRequest__Output,
      call: ServerWritableStream<
        ControllerV1.FetchMetadataRequest__Output,
        ControllerV1.FetchMetadataResponse
      >,
    ) => Promise<void>,
  ): void;
  close(): Promise<void>;
}

const UNARY_METHODS = [
  "RegisterBroker",
  "BrokerHeartbeat",
  "CreateTopics",
  "DeleteTopics",
  "CreatePartitions",
  "ListTopics",
  "DescribeTopics",
  "DescribeCluster",
  "AlterPartition",
  "ElectLeaders",
  "AllocateProducerIds",
  "ControlledShutdown",
  "DescribeConfigs",
  "AlterConfigs",
  "AlterPartitionReassignments",
  "ListPartitionReassignments",
] as const;

export async function startFakeController(handlers: FakeControllerHandlers = {}): Promise<FakeController> {
  const table = new Map<string, Unary>(
    Object.entries(handlers).filter((entry): entry is [string, Unary] => entry[1] !== undefined),
  );
  const calls: FakeController["calls"] = [];
  let streamHandler: Parameters<FakeController["stream"]>[0] = () =>
    Promise.reject(new RillError("UNSUPPORTED_VERSION", "no stream handler"));
  const server = createRillServer();
  const implementation: Record<string, grpc.UntypedHandleCall> = {};
  for (const method of UNARY_METHODS) {
    const name = method.charAt(0).toLowerCase() + method.slice(1);
    implementation[method] = unaryHandler(async (request: Record<string, unknown>) => {
      calls.push({ method: name, request });
      const handler = table.get(name);
      if (handler === undefined) throw new RillError("UNSUPPORTED_VERSION", `${method} not faked`);
      return handler(request as never);
    }, quiet);
  }
  implementation.FetchMetadata = serverStreamHandler(
    (
      call: ServerWritableStream<
        ControllerV1.FetchMetadataRequest__Output,
        ControllerV1.FetchMetadataResponse
      >,
    ) => {
      calls.push({ method: "fetchMetadata", request: call.request as unknown as Record<string, unknown> });
      return streamHandler(call.request, call);
    },
    quiet,
  );
  server.addService(controllerServiceDefinition(), implementation);
  const port = await bindRillServer(server, "127.0.0.1:0");
  return {
    address: `127.0.0.1:${port}`,
    port,
    calls,
    handle: (method, handler) => table.set(method, handler),
    stream: (handler) => {
      streamHandler = handler;
    },
    close: () => shutdownRillServer(server, 100),
  };
}

/** NOT_CONTROLLER with a hint naming `target` (the active controller). */
export function notController(target?: FakeController, controllerId = 2): RillError {
  return new RillError("NOT_CONTROLLER", undefined, {
    details:
      target === undefined ? { controllerId: -1 } : { controllerId, host: "127.0.0.1", port: target.port },
  });
}
