/**
 * One Raft member as a process, for tests and benchmarks: durable storage in `--data-dir`
 * (formatted on first start), the gRPC transport and a RaftService server on `--listen`, whose
 * Propose and GetStatus RPCs drive it from outside. The state machine just counts records.
 *
 *   raft-node --id 1 --listen 127.0.0.1:7001 --peers 1=127.0.0.1:7001,2=...,3=... --data-dir DIR
 *             [--tick-ms 100] [--election-ticks 10] [--heartbeat-ticks 1] [--snapshot-every 10000]
 *
 * Election timeout = tick-ms × election-ticks (default 1 s, randomized in [1, 2) × by the core).
 */
import {
  bindRillServer,
  createRillServer,
  type RaftV1,
  RillError,
  serviceDefinitionByName,
  shutdownRillServer,
  toGrpcStatus,
  unaryHandler,
} from "@rill/protocol";
import { NODE_ID_MAX, nodeId } from "@rill/protocol/ids";
import { NodeFileSystem } from "@rill/storage";
import type { Entry, NodeId, Snapshot } from "../core/types.js";
import { RaftNode } from "../driver/raft-node.js";
import { DurableRaftStorage } from "../storage/durable-storage.js";
import { GrpcRaftTransport, RAFT_SERVICE_NAME } from "../transport/grpc-transport.js";
import { raftMessageCodec, statusToWire } from "../transport/message-codec.js";
import { runLoad } from "./load-runner.js";

interface Arguments {
  readonly id: NodeId;
  readonly listen: string;
  readonly peers: { nodeId: NodeId; address: string }[];
  readonly dataDir: string;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly snapshotEveryEntries: number;
}

function parseArguments(argv: readonly string[]): Arguments {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (!flag.startsWith("--") || value === undefined) throw new Error(`bad argument ${flag}`);
    values.set(flag.slice(2), value);
  }
  const required = (name: string): string => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`--${name} is required`);
    return value;
  };
  const integer = (name: string, fallback: number): number => {
    const value = Number(values.get(name) ?? fallback);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  const peers = required("peers")
    .split(",")
    .map((part) => {
      const [id, address] = part.split("=");
      const peer = Number(id);
      if (!Number.isSafeInteger(peer) || peer <= 0 || peer > NODE_ID_MAX || address === undefined)
        throw new Error(`bad peer ${part}`);
      return { nodeId: nodeId(peer), address };
    });
  return {
    id: nodeId(integer("id", 0)),
    listen: required("listen"),
    peers,
    dataDir: required("data-dir"),
    tickMs: integer("tick-ms", 100),
    electionTicks: integer("election-ticks", 10),
    heartbeatTicks: integer("heartbeat-ticks", 1),
    snapshotEveryEntries: integer("snapshot-every", 10_000),
  };
}

/** The state machine of the test node: the number of records and their total size. */
class CountingStateMachine {
  records = 0;
  bytes = 0;

  onCommit(entries: readonly Entry[]): void {
    for (const entry of entries) {
      if (entry.type !== "normal") continue;
      this.records += 1;
      this.bytes += entry.data.length;
    }
  }
  onLeaderChange(): void {}
  onSnapshotLoad(snapshot: Snapshot): void {
    const view = new DataView(snapshot.data.buffer, snapshot.data.byteOffset, snapshot.data.byteLength);
    this.records = view.getFloat64(0);
    this.bytes = view.getFloat64(8);
  }
  saveSnapshot(): Uint8Array {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setFloat64(0, this.records);
    view.setFloat64(8, this.bytes);
    return bytes;
  }
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const fileSystem = new NodeFileSystem();
  if (!(await DurableRaftStorage.isFormatted(fileSystem, args.dataDir))) {
    await DurableRaftStorage.format(fileSystem, args.dataDir, {
      nodeId: args.id,
      bootstrapConfig: { voters: args.peers.map((peer) => peer.nodeId), learners: [] },
    });
  }
  const storage = await DurableRaftStorage.open({ dir: args.dataDir, fileSystem });
  if (storage.meta.nodeId !== args.id) throw new Error(`data dir belongs to node ${storage.meta.nodeId}`);
  const transport = new GrpcRaftTransport({ selfId: args.id, peers: args.peers, codec: raftMessageCodec });
  const node = new RaftNode({
    nodeId: args.id,
    storage,
    transport,
    tickIntervalMs: args.tickMs,
    core: { electionTicks: args.electionTicks, heartbeatTicks: args.heartbeatTicks },
    snapshotEveryEntries: args.snapshotEveryEntries,
    // The fatal convention of every Rill process (runtime's crash(), which raft may not import):
    // one JSON line at level fatal, then exit 1.
    onFatal: (error: unknown) => {
      const msg = `raft-node ${args.id}: ${error instanceof Error ? error.message : String(error)}`;
      const stack = error instanceof Error ? error.stack : undefined;
      process.stderr.write(`${JSON.stringify({ level: "fatal", msg, stack })}\n`);
      process.exit(1);
    },
  });
  const stateMachine = new CountingStateMachine();
  node.register(stateMachine);
  node.start();

  const server = createRillServer();
  server.addService(serviceDefinitionByName(RAFT_SERVICE_NAME), {
    Stream: transport.streamHandler,
    Propose: unaryHandler<RaftV1.ProposeRequest__Output, RaftV1.ProposeResponse>(async (request) => {
      if (request.records.length === 0) throw new RillError("INVALID_REQUEST", "no records");
      return node.propose(request.records);
    }),
    GetStatus: unaryHandler<RaftV1.GetStatusRequest__Output, RaftV1.GetStatusResponse>(async () =>
      statusToWire(node.status(), storage.meta.bootstrapConfig),
    ),
  } satisfies RaftV1.RaftServiceHandlers);
  server.addService(serviceDefinitionByName("rill.raft.v1.RaftBenchService"), {
    RunLoad: unaryHandler<RaftV1.RunLoadRequest__Output, RaftV1.RunLoadResponse>(async (request) => {
      if (node.status().role !== "leader") throw new RillError("NOT_CONTROLLER", "load runs on the leader");
      try {
        return await runLoad(node, request);
      } catch (error) {
        if (error instanceof RangeError) throw new RillError("INVALID_REQUEST", error.message);
        throw error;
      }
    }),
  } satisfies RaftV1.RaftBenchServiceHandlers);
  await bindRillServer(server, args.listen);
  process.stdout.write(`${JSON.stringify({ event: "listening", nodeId: args.id, address: args.listen })}\n`);

  const stop = async (): Promise<void> => {
    await shutdownRillServer(server, 200);
    await node.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `raft-node: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  if (error instanceof RillError) process.stderr.write(`${JSON.stringify(toGrpcStatus(error).details)}\n`);
  process.exit(1);
});
