/**
 * ControllerService on real gRPC servers (127.0.0.1, port 0) over QuorumControllers that share
 * an InMemoryQuorum: the test decides who leads; proposals commit in the next microtask. Used by
 * the handler tests (forwarding included: every controller has its own server and forwarder).
 */

import type { Server } from "@grpc/grpc-js";
import {
  encodeMetadataSnapshot,
  InMemoryQuorum,
  QuorumController,
  type QuorumControllerOptions,
} from "@rill/metadata";
import {
  bindRillServer,
  type ControllerV1,
  controllerServiceDefinition,
  createControllerClient,
  createRillServer,
  RillError,
  shutdownRillServer,
} from "@rill/protocol";
import { nodeId as brandedNodeId } from "@rill/protocol/ids";
import type { Voter } from "../../src/config.js";
import { ControllerService } from "../../src/controller-service.js";
import { ActiveControllerForwarder } from "../../src/forwarder.js";
import type { MetadataStreamHooks, MetadataStreamSource, StreamLogEntry } from "../../src/metadata-stream.js";

export const CLUSTER_ID = "TESTCLUSTERIDAAAAAAAAA";

export interface InMemoryController {
  readonly nodeId: number;
  readonly quorum: QuorumController;
  readonly service: ControllerService;
  readonly client: ControllerV1.ControllerServiceClient;
  readonly address: string;
}

/**
 * The stream's view of one member of an InMemoryQuorum. `logStart` simulates compaction: entries
 * before it count as gone (only reachable through a snapshot).
 */
export function inMemoryStreamSource(
  log: InMemoryQuorum,
  quorum: QuorumController,
  compaction: { logStart: number } = { logStart: 1 },
): MetadataStreamSource {
  return {
    highWatermark: () => log.commitIndex,
    appliedIndex: () => log.commitIndex,
    firstIndex: () => compaction.logStart,
    entries: (low, high, bytesMax) => {
      const result: StreamLogEntry[] = [];
      let bytes = 0;
      for (let index = low; index < high; index++) {
        const entry = log.entries[index - 1];
        if (entry === undefined) break;
        bytes += entry.data.byteLength;
        if (result.length > 0 && bytes > bytesMax) break;
        result.push({ ...entry, type: entry.data.byteLength === 0 ? "noop" : "normal" });
      }
      return result;
    },
    snapshot: () => {
      const image = quorum.image;
      return {
        index: image.offset,
        term: log.entries[image.offset - 1]?.term ?? 0,
        data: encodeMetadataSnapshot(image),
      };
    },
    waitForChange: (timeoutMs) => new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 10))),
    notServingReason: () => undefined,
  };
}

export async function startInMemoryControllers(
  options: {
    readonly count?: number;
    readonly controller?: Partial<QuorumControllerOptions>;
    readonly compaction?: { logStart: number };
    readonly streamHooks?: MetadataStreamHooks;
  } = {},
): Promise<{
  log: InMemoryQuorum;
  controllers: InMemoryController[];
  close: () => Promise<void>;
}> {
  const log = new InMemoryQuorum({ autoCommit: true, proposeResolves: "commit" });
  const voters: Voter[] = [];
  const servers: Server[] = [];
  const controllers: InMemoryController[] = [];
  const forwarders: ActiveControllerForwarder[] = [];
  for (let nodeId = 1; nodeId <= (options.count ?? 2); nodeId++) {
    const quorum = new QuorumController({
      nodeId,
      log: log.logFor(nodeId),
      clock: Date.now,
      controller: { seed: nodeId },
      ...options.controller,
    });
    const forwarder = new ActiveControllerForwarder(nodeId, () => voters);
    forwarders.push(forwarder);
    const service = new ControllerService({
      nodeId,
      clusterId: CLUSTER_ID,
      quorum,
      voters,
      highWatermark: () => log.commitIndex,
      readBarrier: async () => {},
      removeVoter: async () => {
        throw new RillError("INVALID_REQUEST", "the in-memory controllers have a fixed membership");
      },
      addVoter: async () => {
        throw new RillError("INVALID_REQUEST", "the in-memory controllers have a fixed membership");
      },
      describeControllers: async () =>
        voters.map((voter) => ({
          nodeId: voter.nodeId,
          host: voter.host,
          port: voter.port,
          role: log.leaderId === voter.nodeId ? "CONTROLLER_ROLE_LEADER" : "CONTROLLER_ROLE_FOLLOWER",
          logEndOffset: log.entries.length,
          lag: 0,
          lastFetchTimestampMs: -1,
          lastCaughtUpTimestampMs: -1,
        })),
      forward: forwarder.forward,
      metadataSource: inMemoryStreamSource(log, quorum, options.compaction),
      requestTimeoutMs: 5_000,
      ...(options.streamHooks === undefined ? {} : { streamHooks: options.streamHooks }),
    });
    const server = createRillServer();
    server.addService(controllerServiceDefinition(), service.handlers());
    const port = await bindRillServer(server, "127.0.0.1:0");
    servers.push(server);
    voters.push({ nodeId: brandedNodeId(nodeId), host: "127.0.0.1", port });
    const address = `127.0.0.1:${port}`;
    controllers.push({ nodeId, quorum, service, client: createControllerClient(address), address });
  }
  return {
    log,
    controllers,
    close: async () => {
      for (const controller of controllers) {
        controller.service.close();
        controller.client.close();
      }
      for (const forwarder of forwarders) forwarder.close();
      await Promise.all(servers.map((server) => shutdownRillServer(server, 200)));
    },
  };
}

/** Lets queued microtasks (commits of the in-memory quorum) run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await Promise.resolve();
}
