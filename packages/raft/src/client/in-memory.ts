/**
 * N Raft members in one process: real cores and drivers over MemoryRaftStorage and an in-memory
 * network, for the metadata layer's unit tests. Each member is a `RaftClient`.
 *
 *   const cluster = InMemoryRaftCluster.create({ size: 3 });
 *   cluster.node(1).register(myStateMachine);   // before start
 *   cluster.start();
 *   const leader = await cluster.waitForLeader();
 *   await leader.propose([record]);
 *
 * Timing: by default the real clock with 10 ms ticks (elections in ~100–200 ms). Pass a
 * `ManualClock` to step time by hand (`clock.advance(ms)`, then let promises run).
 */
import { nodeId } from "@rill/protocol/ids";
import type { Message } from "../core/messages.js";
import type { NodeId } from "../core/types.js";
import type { DriverClock } from "../driver/clock.js";
import { type CoreOptions, RaftNode } from "../driver/raft-node.js";
import { MemoryRaftStorage } from "../storage/memory-storage.js";
import { InMemoryNetwork } from "../transport/in-memory-transport.js";

export interface InMemoryRaftClusterOptions {
  /** Number of voting members, ids 1..size. Default 3. */
  readonly size?: number;
  /** Default 10 ms. */
  readonly tickIntervalMs?: number;
  readonly core?: CoreOptions;
  /** Seeds the cores' generators (member i gets seed + i). Default 1. */
  readonly seed?: number;
  readonly clock?: DriverClock;
  readonly snapshotEveryEntries?: number;
  readonly proposeTimeoutMs?: number;
  readonly readIndexTimeoutMs?: number;
}

export class InMemoryRaftCluster {
  readonly network = new InMemoryNetwork<Message>();
  readonly nodeIds: readonly NodeId[];
  readonly #storages = new Map<NodeId, MemoryRaftStorage>();
  readonly #nodes = new Map<NodeId, RaftNode>();
  #started = false;

  readonly #options: InMemoryRaftClusterOptions;
  private constructor(options: InMemoryRaftClusterOptions) {
    this.#options = options;
    const size = options.size ?? 3;
    this.nodeIds = Array.from({ length: size }, (_, i) => nodeId(i + 1));
    for (const nodeId of this.nodeIds) {
      this.#storages.set(nodeId, new MemoryRaftStorage({ voters: this.nodeIds, learners: [] }));
      this.#nodes.set(nodeId, this.#buildNode(nodeId));
    }
  }

  /** Builds the members without starting them, so listeners can be registered first. */
  static create(options: InMemoryRaftClusterOptions = {}): InMemoryRaftCluster {
    return new InMemoryRaftCluster(options);
  }

  #buildNode(nodeId: NodeId): RaftNode {
    const options = this.#options;
    return new RaftNode({
      nodeId,
      storage: this.#storages.get(nodeId) as MemoryRaftStorage,
      transport: this.network.endpoint(nodeId),
      tickIntervalMs: options.tickIntervalMs ?? 10,
      seed: (options.seed ?? 1) + nodeId,
      ...(options.core === undefined ? {} : { core: options.core }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.snapshotEveryEntries === undefined
        ? {}
        : { snapshotEveryEntries: options.snapshotEveryEntries }),
      ...(options.proposeTimeoutMs === undefined ? {} : { proposeTimeoutMs: options.proposeTimeoutMs }),
      ...(options.readIndexTimeoutMs === undefined ? {} : { readIndexTimeoutMs: options.readIndexTimeoutMs }),
    });
  }

  start(): this {
    this.#started = true;
    for (const node of this.#nodes.values()) node.start();
    return this;
  }

  node(nodeId: NodeId): RaftNode {
    const node = this.#nodes.get(nodeId);
    if (node === undefined) throw new Error(`no running member ${nodeId}`);
    return node;
  }

  /** The member that says it is leader in the highest term, if any. */
  leader(): RaftNode | undefined {
    let best: RaftNode | undefined;
    for (const node of this.#nodes.values()) {
      const status = node.status();
      if (status.role === "leader" && (best === undefined || status.term > best.status().term)) best = node;
    }
    return best;
  }

  /** Polls (on the real clock) until a leader exists. */
  async waitForLeader(timeoutMs = 5_000): Promise<RaftNode> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = this.leader();
      if (leader !== undefined) return leader;
      if (Date.now() > deadline) throw new Error(`in-memory raft: no leader within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops a member as a crash would (its storage survives: MemoryRaftStorage keeps everything persisted). */
  async crash(nodeId: NodeId): Promise<void> {
    const node = this.node(nodeId);
    this.#nodes.delete(nodeId);
    await node.close();
  }

  /** Starts a crashed member again over its storage; `prepare` registers listeners before it starts. */
  restart(nodeId: NodeId, prepare?: (node: RaftNode) => void): RaftNode {
    if (this.#nodes.has(nodeId)) throw new Error(`member ${nodeId} is running`);
    const node = this.#buildNode(nodeId);
    this.#nodes.set(nodeId, node);
    prepare?.(node);
    if (this.#started) node.start();
    return node;
  }

  async close(): Promise<void> {
    for (const node of this.#nodes.values()) await node.close();
    this.#nodes.clear();
  }
}
