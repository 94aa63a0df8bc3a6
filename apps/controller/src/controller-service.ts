/**
 * ControllerService's routing over the QuorumController (proto/rill/controller/v1): which
 * controller answers each RPC, forwarding to the active controller, and the read barrier. The
 * handlers themselves live in handlers/, one file per concern (brokers, topics, partitions,
 * reassignments, configs, cluster); the reads are views of the image (admin-views.ts).
 *
 * Routing ("any controller answers"):
 * - Writes (every RPC that may append records) run on the active controller. A follower forwards
 *   them to the active controller it knows and relays the answer (errors included, with their
 *   details); when it knows none, or the request was already forwarded once, it answers
 *   NOT_CONTROLLER (retriable) with a ControllerHint when it has one. A write that the local
 *   QuorumController refuses with NOT_CONTROLLER (leadership moved; nothing was committed) is
 *   forwarded to the new leader once.
 * - Reads (ListTopics, DescribeTopics, DescribeConfigs, ListPartitionReassignments) are answered
 *   from this controller's committed image after a Raft read barrier (ReadIndex), so they are
 *   linearizable on followers too. DescribeCluster answers from local state (its contract says
 *   "as seen by the answering controller").
 * - FetchMetadata is served by every controller (metadata-stream.ts).
 *
 * Errors: a failure of the whole request is a RillError sent as a gRPC status with details
 * (`unaryHandler` → `toGrpcStatus`); a failure of one item of a batch request goes in that
 * item's error_code/error_message. A write whose commit was not seen in time is indeterminate
 * (REQUEST_TIMED_OUT / INDETERMINATE), never "failed".
 */
import type { MetadataImage } from "@rill/metadata";
import {
  type ControllerV1,
  type HandlerLogger,
  isRillError,
  RillError,
  remainingMs,
  serverStreamHandler,
  unaryHandler,
} from "@rill/protocol";
import { describeConfigsView, describeTopicView, listTopicsView, reassignmentsView } from "./admin-views.js";
import type { ControllerServiceContext, ForwardedMethod } from "./controller-service-context.js";
import {
  allocateProducerIds,
  brokerHeartbeat,
  controlledShutdown,
  registerBroker,
} from "./handlers/broker-handlers.js";
import { addVoter, describeCluster, removeVoter } from "./handlers/cluster-handlers.js";
import { alterConfigs } from "./handlers/config-handlers.js";
import { alterPartition, electLeaders } from "./handlers/partition-handlers.js";
import { alterPartitionReassignments } from "./handlers/reassignment-handlers.js";
import { createPartitions, createTopics, deleteTopics } from "./handlers/topic-handlers.js";
import { serveMetadataStream } from "./metadata-stream.js";

export type {
  ControllerServiceContext,
  ForwardedMethod,
  ForwardWrite,
} from "./controller-service-context.js";

/** The request header that marks a request a follower forwarded (never forwarded again). */
export const FORWARDED_BY_HEADER = "rill-forwarded-by";
/**
 * The request header with how long, in ms, the forwarding follower held the request before
 * sending it on (waiting for its connection to the active controller): a broker heartbeat's
 * session counts from when the follower received it.
 */
export const FORWARDED_AGE_HEADER = "rill-forwarded-age-ms";

type Handlers = ControllerV1.ControllerServiceHandlers;

/**
 * How long ago, in ms, a request reached the controllers: the time a forwarding follower held
 * it plus the time it has waited here (e.g. for a new active controller to be ready). A broker
 * heartbeat renews the session from then, not from when its operation finally runs.
 */
export type HeldMs = () => number;

export class ControllerService {
  /** Aborted by `close()`: every metadata stream ends (the client reconnects elsewhere). */
  readonly #stopStreams = new AbortController();
  #streams = 0;

  readonly #context: ControllerServiceContext;
  constructor(context: ControllerServiceContext) {
    this.#context = context;
  }

  close(): void {
    this.#stopStreams.abort();
  }

  /** FetchMetadata streams open now. */
  get openStreams(): number {
    return this.#streams;
  }

  /** The handlers to add to a gRPC server with `controllerServiceDefinition()`. */
  handlers(): Handlers {
    const options = this.#context.logger === undefined ? {} : { logger: this.#context.logger };
    const context = this.#context;
    return {
      RegisterBroker: this.#write("registerBroker", (request) => registerBroker(context, request)),
      BrokerHeartbeat: this.#write("brokerHeartbeat", (request, heldMs) =>
        brokerHeartbeat(context, request, heldMs),
      ),
      CreateTopics: this.#write("createTopics", (request) => createTopics(context, request)),
      DeleteTopics: this.#write("deleteTopics", (request) => deleteTopics(context, request)),
      CreatePartitions: this.#write("createPartitions", (request) => createPartitions(context, request)),
      AlterPartition: this.#write("alterPartition", (request) => alterPartition(context, request)),
      ElectLeaders: this.#write("electLeaders", (request) => electLeaders(context, request)),
      AllocateProducerIds: this.#write("allocateProducerIds", (request) =>
        allocateProducerIds(context, request),
      ),
      ControlledShutdown: this.#write("controlledShutdown", (request) =>
        controlledShutdown(context, request),
      ),
      AlterConfigs: this.#write("alterConfigs", (request) => alterConfigs(context, request)),
      AlterPartitionReassignments: this.#write("alterPartitionReassignments", (request) =>
        alterPartitionReassignments(context, request),
      ),
      RemoveVoter: this.#write("removeVoter", (request) => removeVoter(context, request)),
      AddVoter: this.#write("addVoter", (request) => addVoter(context, request)),
      ListTopics: this.#read((image, request: ControllerV1.ListTopicsRequest__Output) => ({
        topics: listTopicsView(image, request.includeInternal),
      })),
      DescribeTopics: this.#read((image, request: ControllerV1.DescribeTopicsRequest__Output) => ({
        topics: request.topicNames.map((name) => describeTopicView(image, name)),
      })),
      DescribeConfigs: this.#read((image, request: ControllerV1.DescribeConfigsRequest__Output) => ({
        results: request.resources.map((resource) =>
          describeConfigsView(image, resource, {
            includeSynonyms: request.includeSynonyms,
            includeDocumentation: request.includeDocumentation,
          }),
        ),
      })),
      ListPartitionReassignments: this.#read(
        (image, request: ControllerV1.ListPartitionReassignmentsRequest__Output) => ({
          reassignments: reassignmentsView(image, request.topicPartitions),
        }),
      ),
      DescribeCluster: unaryHandler(
        (request: ControllerV1.DescribeClusterRequest__Output) => describeCluster(context, request),
        options,
      ),
      FetchMetadata: serverStreamHandler(async (call) => {
        this.#streams++;
        try {
          await serveMetadataStream(
            call,
            this.#context.metadataSource,
            this.#stopStreams.signal,
            this.#context.streamHooks,
          );
        } finally {
          this.#streams--;
        }
      }, options),
    };
  }

  // ---- routing ----

  #handlerOptions(): { logger?: HandlerLogger } {
    return this.#context.logger === undefined ? {} : { logger: this.#context.logger };
  }

  #activeControllerHint(): Record<string, unknown> {
    const { leaderId, term } = this.#context.quorum.leaderAndTerm;
    if (leaderId === null) return {};
    const voter = this.#context.voters.find((entry) => entry.nodeId === leaderId);
    return {
      controllerId: leaderId,
      controllerEpoch: term,
      ...(voter === undefined ? {} : { host: voter.host, port: voter.port }),
    };
  }

  #notController(message?: string): RillError {
    return new RillError(
      "NOT_CONTROLLER",
      message ?? `Controller ${this.#context.nodeId} is not the active controller`,
      { details: this.#activeControllerHint() },
    );
  }

  /** A write: run here on the active controller, otherwise forward to it (see the module comment). */
  #write<Request, Response>(
    method: ForwardedMethod,
    /** `heldMs()`: how long ago the request reached the controllers (see HeldMs). */
    local: (request: Request, heldMs: HeldMs) => Promise<Response>,
  ): ReturnType<typeof unaryHandler<Request, Response>> {
    return unaryHandler<Request, Response>(async (request, call) => {
      const receivedAtMs = Date.now();
      const forwarded = call.metadata.get(FORWARDED_BY_HEADER).length > 0;
      if (this.#context.quorum.leaderAndTerm.leaderId === this.#context.nodeId) {
        try {
          const forwardedMs = forwardedAgeMs(call.metadata.get(FORWARDED_AGE_HEADER));
          return await local(request, () => forwardedMs + Math.max(0, Date.now() - receivedAtMs));
        } catch (error) {
          // Refused before anything committed: the new leader (if known) can do it.
          if (!isRillError(error, "NOT_CONTROLLER")) throw error;
          if (forwarded || !this.#canForward()) throw this.#notController(error.message);
        }
      }
      if (forwarded || !this.#canForward()) throw this.#notController();
      const leaderId = this.#context.quorum.leaderAndTerm.leaderId as number;
      return (await this.#context.forward(
        method,
        request,
        leaderId,
        remainingMs(call, this.#context.requestTimeoutMs),
        receivedAtMs,
      )) as Response;
    }, this.#handlerOptions());
  }

  #canForward(): boolean {
    const { leaderId } = this.#context.quorum.leaderAndTerm;
    return leaderId !== null && leaderId !== this.#context.nodeId;
  }

  /** A read from the committed image after the read barrier. */
  #read<Request, Response>(
    answer: (image: MetadataImage, request: Request) => Response,
  ): ReturnType<typeof unaryHandler<Request, Response>> {
    return unaryHandler<Request, Response>(async (request) => {
      try {
        await this.#context.readBarrier();
      } catch (error) {
        if (isRillError(error, "NOT_CONTROLLER")) throw this.#notController(error.message);
        throw error;
      }
      return answer(this.#context.quorum.image, request);
    }, this.#handlerOptions());
  }
}

/** The forwarding follower's hold time from FORWARDED_AGE_HEADER; 0 when absent or malformed. */
function forwardedAgeMs(values: readonly (string | Buffer)[]): number {
  const age = Number(String(values[0] ?? "0"));
  return Number.isSafeInteger(age) && age > 0 ? age : 0;
}
