/**
 * What ControllerService's routing and handlers need from the controller process (or from a
 * test), and the shape of the forwarding hook. Types only: the process builds the context, the
 * service (controller-service.ts) routes with it, and the handlers (handlers/) run on it.
 */
import type { QuorumController } from "@rill/metadata";
import type { ControllerV1, HandlerLogger } from "@rill/protocol";
import type { NodeId } from "@rill/protocol/ids";
import type { Voter } from "./config.js";
import type { MetadataStreamHooks, MetadataStreamSource } from "./metadata-stream.js";

/** The ControllerService methods a follower forwards to the active controller. */
export type ForwardedMethod =
  | "registerBroker"
  | "brokerHeartbeat"
  | "createTopics"
  | "deleteTopics"
  | "createPartitions"
  | "alterPartition"
  | "electLeaders"
  | "allocateProducerIds"
  | "controlledShutdown"
  | "alterConfigs"
  | "alterPartitionReassignments"
  | "removeVoter"
  | "addVoter";

/**
 * Sends a write to the active controller `leaderId` and resolves with its answer; `receivedAtMs`
 * (Date.now() when this follower received it; default: now) lets the receiver tell how long it
 * waited here (FORWARDED_AGE_HEADER).
 */
export type ForwardWrite = (
  method: ForwardedMethod,
  request: unknown,
  leaderId: number,
  timeoutMs: number,
  receivedAtMs?: number,
) => Promise<unknown>;

/** What the handlers need from the controller process (or from a test). */
export interface ControllerServiceContext {
  readonly nodeId: number;
  readonly clusterId: string;
  readonly quorum: QuorumController;
  /** The quorum's members with their addresses (read at each use: the membership changes). */
  readonly voters: readonly Voter[];
  /** The committed offset (Raft commit index) this controller knows. */
  highWatermark(): number;
  /** Resolves once the committed image holds every write committed before the call (ReadIndex). */
  readBarrier(): Promise<void>;
  /** The quorum's members as this controller sees them. */
  describeControllers(): Promise<ControllerV1.ControllerDescription[]>;
  /**
   * Removes a voter from the Raft membership (this controller must lead); resolves with the
   * change's log index once committed. Refusals are typed (see RaftNode.proposeConfigChange).
   */
  removeVoter(voterId: NodeId): Promise<{ readonly index: number }>;
  /**
   * Adds a running observer controller as a voter (this controller must lead); resolves with the
   * promotion's log index once committed (see voter-addition.ts).
   */
  addVoter(voterId: number, address: string): Promise<{ readonly index: number }>;
  readonly forward: ForwardWrite;
  readonly metadataSource: MetadataStreamSource;
  /** Bound on a forwarded call or a commit wait when the request carries no deadline/timeout. */
  readonly requestTimeoutMs: number;
  readonly logger?: HandlerLogger;
  readonly streamHooks?: MetadataStreamHooks;
}
