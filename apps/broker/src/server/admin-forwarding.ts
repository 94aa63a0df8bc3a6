/**
 * ControllerService on the broker's listener, so that `--bootstrap` may name brokers: the admin
 * RPCs a client sends (topics, partitions, cluster, configs, elections, reassignments) are
 * forwarded to the active controller and its answer (or error, with its details) is returned as
 * it is. The broker-to-controller RPCs (registration, heartbeats, the metadata stream,
 * AlterPartition, producer ids, controlled shutdown) make no sense through a broker: they fail
 * with NOT_CONTROLLER and, when known, a hint naming the active controller.
 *
 * A forwarded request is retried only while it provably was not done (NOT_CONTROLLER, no
 * connection); a timeout or lost connection is returned as such: the outcome is unknown.
 */
import type { ServerUnaryCall } from "@grpc/grpc-js";
import {
  type ControllerV1,
  type HandlerOptions,
  RillError,
  remainingMs,
  serverStreamHandler,
  unaryHandler,
} from "@rill/protocol";
import { parseHostPort } from "@rill/runtime";
import type { ControllerMethod, ControllerQuorumClient } from "./controller-quorum-client.js";

export interface AdminForwardingOptions {
  readonly quorum: ControllerQuorumClient;
  /** The deadline of a forwarded request whose caller set none. */
  readonly defaultTimeoutMs: number;
  readonly handlerOptions?: HandlerOptions;
}

/** Time kept back from the caller's deadline so that our answer reaches it before it gives up. */
const DEADLINE_MARGIN_MS = 100;

export function adminForwardingHandlers(
  options: AdminForwardingOptions,
): ControllerV1.ControllerServiceHandlers {
  const { quorum, defaultTimeoutMs, handlerOptions } = options;
  // Reads may be repeated after an unknown outcome; writes are returned to the caller as they are.
  const forward = <K extends ControllerMethod>(method: K, idempotent = false) =>
    unaryHandler(
      (request: unknown, call: ServerUnaryCall<unknown, unknown>) =>
        quorum.call(method, request as never, {
          timeoutMs: remainingMs(call, defaultTimeoutMs, DEADLINE_MARGIN_MS),
          idempotent,
        }) as Promise<never>,
      handlerOptions,
    );
  const notHere = (what: string) => (): RillError => {
    const address = quorum.activeAddress;
    const parsed = address === undefined ? undefined : parseHostPort(address, false);
    const hint = parsed?.ok === true ? parsed.value : undefined;
    return new RillError("NOT_CONTROLLER", `${what} goes to a controller, not to a broker`, {
      details: {
        controllerId: quorum.activeControllerId,
        ...(hint === undefined ? {} : { host: hint.host, port: hint.port }),
      },
    });
  };
  const rejectUnary = (what: string) => {
    const error = notHere(what);
    return unaryHandler(() => Promise.reject(error()), handlerOptions);
  };
  return {
    CreateTopics: forward("createTopics"),
    DeleteTopics: forward("deleteTopics"),
    CreatePartitions: forward("createPartitions"),
    ListTopics: forward("listTopics", true),
    DescribeTopics: forward("describeTopics", true),
    DescribeCluster: forward("describeCluster", true),
    DescribeConfigs: forward("describeConfigs", true),
    AlterConfigs: forward("alterConfigs"),
    ElectLeaders: forward("electLeaders"),
    AlterPartitionReassignments: forward("alterPartitionReassignments"),
    ListPartitionReassignments: forward("listPartitionReassignments", true),
    RegisterBroker: rejectUnary("RegisterBroker"),
    BrokerHeartbeat: rejectUnary("BrokerHeartbeat"),
    AlterPartition: rejectUnary("AlterPartition"),
    AllocateProducerIds: rejectUnary("AllocateProducerIds"),
    ControlledShutdown: rejectUnary("ControlledShutdown"),
    FetchMetadata: serverStreamHandler(() => Promise.reject(notHere("FetchMetadata")()), handlerOptions),
  } as unknown as ControllerV1.ControllerServiceHandlers;
}
