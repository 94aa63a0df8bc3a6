/**
 * Deterministic simulation of a Raft cluster running the production driver (`RaftNode`, its
 * Ready loop persist → send → apply) over the production durable log (`DurableRaftStorage`),
 * with every source of nondeterminism simulated: the network (sim-network.ts: drop, delay,
 * duplicate, reorder, symmetric/asymmetric/bridge partitions), the disk (sim-disk.ts: storage's
 * MemoryFileSystem, fsyncs that take time, crashes that drop unsynced writes or tear an append),
 * the clock and the loop's task queue (sim-scheduler.ts). The workload: client proposals,
 * linearizable reads, membership changes, leadership transfers; the drivers snapshot and
 * compact on their own. Everything derives from one seed.
 *
 * After every event (each input the core takes, each Ready) the Checker verifies the safety
 * invariants; then a liveness phase heals everything and requires a leader and a new commit,
 * applied by every member, within a bound.
 */
import { isRillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { SeededRandom } from "@rill/protocol/random";
import type { RaftListener } from "../client/raft-client.js";
import {
  type ConfigChange,
  decodeConfigChange,
  type Entry,
  type MembershipConfig,
  type NodeId,
  RAFT_NO_NODE,
  type RaftCore,
  type UnsafeTestingFaults,
} from "../core/index.js";
import type { RaftNodeObserver } from "../driver/raft-node.js";
import { RaftNode } from "../driver/raft-node.js";
import { DurableRaftStorage } from "../storage/durable-storage.js";
import { Checker, entryKey, SafetyViolation } from "./checker.js";
import { type Counters, emptyCounters } from "./counters.js";
import { SimDisk } from "./sim-disk.js";
import { SimNetwork } from "./sim-network.js";
import { type Incarnation, SimScheduler } from "./sim-scheduler.js";
import { type AppState, applyEntry, decodeAppState, encodeAppState } from "./sim-state-machine.js";

export { COUNTER_NAMES, type CounterName, type Counters, emptyCounters } from "./counters.js";

export interface SimOptions {
  readonly seed: number;
  /** Initial voters (3 or 5). Default: 3 for even seeds, 5 for odd. */
  readonly nodes?: number;
  /** Steps of the chaos phase. */
  readonly chaosSteps?: number;
  /** Steps the liveness phase may take to elect a leader and commit. */
  readonly livenessSteps?: number;
  readonly faults?: UnsafeTestingFaults;
  /** Chance per step that a live node crashes (default 0.002). */
  readonly crashRate?: number;
  /** Receives a line per notable event when set. */
  readonly trace?: (line: string) => void;
}

export interface SimResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly counters: Counters;
  readonly steps: number;
}

/** Steps (simulated ms) between two ticks of one node, before a jitter of ±1. */
const STEPS_PER_TICK = 4;
const ELECTION_TICKS = 10;
const HEARTBEAT_TICKS = 2;
/** Where each simulated member keeps its Raft log (on its own disk). */
const DATA_DIR = "/raft";

class SimNode {
  raft: RaftNode | undefined;
  incarnation: Incarnation = { alive: false };
  app: AppState = { index: 0, hash: 0 };
  crashedAt = 0;
  removed = false;
  lastRole = "follower";
  lastTerm = 0;

  constructor(
    readonly id: NodeId,
    readonly disk: SimDisk,
  ) {}
}

export class Simulation {
  readonly counters = emptyCounters();
  /** Acknowledged proposals: index -> data key. */
  readonly acked = new Map<number, string>();
  readonly #rng: SeededRandom;
  readonly #scheduler = new SimScheduler();
  readonly #network: SimNetwork;
  readonly #checker = new Checker();
  readonly #nodes = new Map<NodeId, SimNode>();
  readonly #initialVoters: number;
  #nextNodeId: number;
  #partitionUntil = 0;
  readonly #compactEvery: number;
  readonly #chunkBytes: number;
  readonly #maxEntriesBytes: number;
  readonly #maxInflight: number;
  readonly #segmentBytesMax: number;
  #proposalSeq = 0;
  #pendingTransfer: { to: NodeId; term: number } | undefined;
  /** The first failure seen inside a driver or a promise callback; ends the run. */
  #failure: unknown;

  readonly #opts: SimOptions;
  constructor(opts: SimOptions) {
    this.#opts = opts;
    this.#rng = new SeededRandom(opts.seed);
    this.#initialVoters = opts.nodes ?? (opts.seed % 2 === 0 ? 3 : 5);
    this.#network = new SimNetwork(this.#scheduler, this.#rng.fork(), this.counters, {
      drop: this.#rng.pick([0, 0.01, 0.05, 0.1]),
      duplicate: this.#rng.pick([0, 0.01, 0.05]),
      reorder: this.#rng.pick([0, 0.02, 0.1]),
    });
    this.#compactEvery = this.#rng.pick([8, 20, 50]);
    this.#chunkBytes = this.#rng.pick([64, 256, 4096]);
    this.#maxEntriesBytes = this.#rng.pick([4, 64, 1024]);
    this.#maxInflight = this.#rng.pick([1, 4, 64]);
    this.#segmentBytesMax = this.#rng.pick([256, 4096, 32_768]);
    this.#nextNodeId = this.#initialVoters + 1;
  }

  get #now(): number {
    return this.#scheduler.now;
  }

  #trace(line: string): void {
    this.#opts.trace?.(`[${this.#now}] ${line}`);
  }

  async run(): Promise<SimResult> {
    const chaosSteps = this.#opts.chaosSteps ?? 2500;
    const livenessSteps = this.#opts.livenessSteps ?? 40 * ELECTION_TICKS * STEPS_PER_TICK;
    try {
      await this.#bootstrap();
      for (let i = 0; i < chaosSteps; i++) {
        await this.#chaos();
        await this.#step();
      }
      await this.#liveness(livenessSteps);
      return { seed: this.#opts.seed, ok: true, counters: this.counters, steps: this.#now };
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
      return { seed: this.#opts.seed, ok: false, error, counters: this.counters, steps: this.#now };
    } finally {
      // Nothing of this run may act after it: every process dies with it.
      for (const node of this.#nodes.values()) node.incarnation.alive = false;
    }
  }

  /**
   * Formats the founding members like etcd bootstraps: each starts from the same snapshot at
   * index 1, so a member added later always starts from a snapshot that carries the membership.
   */
  async #bootstrap(): Promise<void> {
    const voters = Array.from({ length: this.#initialVoters }, (_, i) => nodeId(i + 1));
    const config: MembershipConfig = { voters, learners: [] };
    for (const id of voters) {
      const node = this.#addNode(id);
      await DurableRaftStorage.format(node.disk, DATA_DIR, { nodeId: id, bootstrapConfig: config });
      const storage = await this.#openStorage(node);
      await storage.persist({
        snapshot: { metadata: { index: 1, term: 1, config }, data: encodeAppState({ index: 1, hash: 1 }) },
        hardState: { term: 1, vote: RAFT_NO_NODE, commit: 1 },
      });
      await storage.close();
      await this.#start(node);
    }
  }

  #addNode(id: NodeId): SimNode {
    const node = new SimNode(id, new SimDisk(this.#scheduler, this.#rng.fork()));
    this.#nodes.set(id, node);
    return node;
  }

  #openStorage(node: SimNode): Promise<DurableRaftStorage> {
    return DurableRaftStorage.open({
      dir: DATA_DIR,
      fileSystem: node.disk,
      segmentBytesMax: this.#segmentBytesMax,
    });
  }

  /** Starts a new incarnation of `node` from what its disk kept. */
  async #start(node: SimNode): Promise<void> {
    const incarnation: Incarnation = { alive: true };
    node.incarnation = incarnation;
    node.disk.owner = undefined; // recovery runs at once, before the member takes any input
    const storage = await this.#openStorage(node);
    node.disk.owner = incarnation;
    this.#checker.onRestart(node.id, storage.initialState().hardState.commit);
    node.app = { index: 0, hash: 0 };
    const raft = new RaftNode({
      nodeId: node.id,
      storage,
      transport: this.#network.endpoint(node.id, incarnation),
      clock: this.#scheduler.clock(incarnation, this.#rng.fork(), 1),
      schedule: (task) => this.#scheduler.defer(incarnation, task),
      observer: this.#observerOf(node),
      seed: this.#rng.nextUint32(),
      tickIntervalMs: STEPS_PER_TICK,
      core: {
        electionTicks: ELECTION_TICKS,
        heartbeatTicks: HEARTBEAT_TICKS,
        preVote: true,
        checkQuorum: true,
        maxEntriesBytesPerMessage: this.#maxEntriesBytes,
        maxInflightMessages: this.#maxInflight,
        maxSnapshotChunkBytes: this.#chunkBytes,
      },
      snapshotEveryEntries: this.#compactEvery,
      proposeTimeoutMs: 1000,
      readIndexTimeoutMs: 500,
      ...(this.#opts.faults === undefined ? {} : { unsafeTestingFaults: this.#opts.faults }),
      onFatal: (error) => {
        if (incarnation.alive) this.#failure ??= error;
      },
    });
    const running = { value: false };
    raft.register(this.#stateMachineOf(node, incarnation, running));
    raft.start(); // loads the local snapshot, if any
    running.value = true;
    node.raft = raft;
    node.lastRole = "follower";
    node.lastTerm = raft.status().term;
  }

  /** The replicated state machine of one incarnation (its hash chain is kept by the observer). */
  #stateMachineOf(
    node: SimNode,
    incarnation: Incarnation,
    running: { readonly value: boolean },
  ): RaftListener {
    return {
      onCommit: () => {},
      onLeaderChange: () => {},
      onSnapshotLoad: (snapshot) => {
        const app = decodeAppState(snapshot.data);
        if (app.index !== snapshot.metadata.index) throw new SafetyViolation("snapshot index mismatch");
        node.app = app;
        this.#checker.onState(node.id, app.index, app.hash);
        if (running.value && incarnation.alive) {
          this.counters.snapshotsInstalled++;
          this.#trace(`node ${node.id} installed snapshot at ${app.index}`);
        }
      },
      saveSnapshot: () => {
        this.counters.snapshotsTaken++;
        return encodeAppState(node.app);
      },
    };
  }

  #observerOf(node: SimNode): RaftNodeObserver {
    return {
      onCoreChanged: (core) => this.#afterEvent(node, core),
      onReady: (ready, core) => this.#checker.onEntriesAppended(node.id, core, ready.entries),
      onPersisted: (ready) => {
        if (ready.mustSync && ready.hardState !== undefined)
          this.#checker.onDurableCommit(node.id, ready.hardState.commit);
      },
      onApplied: (entries) => {
        for (const entry of entries) this.#apply(node, entry);
      },
    };
  }

  /** One step of simulated time: due timers fire, then the drivers run until they wait again. */
  async #step(): Promise<void> {
    this.counters.steps++;
    this.#scheduler.step();
    await this.#scheduler.settle();
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  #apply(node: SimNode, entry: Entry): void {
    if (entry.index !== node.app.index + 1) {
      throw new SafetyViolation(`node ${node.id} applies ${entry.index} after ${node.app.index}`);
    }
    node.app = applyEntry(node.app, entry);
    this.#checker.onApplied(node.id, entry, node.app.hash);
    if (entry.type === "config") this.#onConfigApplied(node, decodeConfigChange(entry.data));
  }

  #onConfigApplied(node: SimNode, change: ConfigChange): void {
    if (node.lastRole !== "leader") return;
    // Count once, on the leader that applies it.
    this.counters.membershipChanges++;
    if (this.#failuresActive()) this.counters.membershipChangesDuringFailures++;
    this.#trace(`leader ${node.id} applied ${change.type} ${change.nodeId}`);
    if (change.type === "add-learner") this.counters.learnersAdded++;
    if (change.type === "promote-learner") this.counters.learnersPromoted++;
    if (change.type === "remove-node") {
      this.counters.nodesRemoved++;
      // The removed member keeps running during the chaos phase (it may not even know it was
      // removed, and must not disrupt the cluster), but is never restarted after a crash and
      // stops before the liveness phase.
      const gone = this.#nodes.get(change.nodeId);
      if (gone) gone.removed = true;
    }
  }

  /** Per-event checks on one node. */
  #afterEvent(node: SimNode, core: RaftCore): void {
    const st = core.status();
    const becameLeader = st.role === "leader" && (node.lastRole !== "leader" || node.lastTerm !== st.term);
    if (becameLeader) {
      this.counters.leadersElected++;
      this.#trace(`node ${node.id} leader of term ${st.term}`);
      if (this.#pendingTransfer?.to === node.id && st.term > this.#pendingTransfer.term) {
        this.counters.leadershipTransfersCompleted++;
        this.#pendingTransfer = undefined;
      }
    }
    if (node.lastRole === "leader" && st.role !== "leader" && st.term === node.lastTerm) {
      this.counters.checkQuorumStepDowns++;
    }
    this.#checker.afterEvent(node.id, st, core, becameLeader);
    node.lastRole = st.role;
    node.lastTerm = st.term;
  }

  // -----------------------------------------------------------------------------------------------
  // Faults and workload

  #live(): SimNode[] {
    return [...this.#nodes.values()].filter((n) => n.raft !== undefined);
  }

  #leaders(): SimNode[] {
    return this.#live().filter((n) => n.raft?.status().role === "leader");
  }

  #failuresActive(): boolean {
    return this.#network.blocked.size > 0 || [...this.#nodes.values()].some((n) => !n.removed && !n.raft);
  }

  async #chaos(): Promise<void> {
    const r = this.#rng;
    // Client writes.
    if (r.chance(0.15)) this.#propose();
    if (r.chance(0.01)) this.#read();
    // Network faults.
    if (this.#network.blocked.size > 0 && this.#now >= this.#partitionUntil) this.#heal();
    if (this.#network.blocked.size === 0 && r.chance(0.004)) this.#partition();
    // Crashes and restarts.
    if (r.chance(this.#opts.crashRate ?? 0.002)) this.#crash();
    for (const n of this.#nodes.values()) {
      if (!n.raft && !n.removed && this.#now - n.crashedAt > 10 && r.chance(0.05)) await this.#restart(n);
    }
    // Membership and leadership.
    if (r.chance(0.004)) await this.#changeMembership();
    if (r.chance(0.002)) this.#transfer();
  }

  /** Proposes a record on a leader; returns its data key, acknowledged once the promise resolves. */
  #propose(onAcked?: () => void): void {
    const leaders = this.#leaders();
    if (leaders.length === 0) return;
    const node = this.#rng.pick(leaders);
    const data = new TextEncoder().encode(`p${this.#proposalSeq++}`);
    const key = entryKey({ index: 0, term: 0, type: "normal", data });
    node.raft?.propose([data]).then(
      (position) => {
        this.acked.set(position.index, key);
        this.counters.proposalsAcked++;
        onAcked?.();
      },
      () => {}, // refused or indeterminate: either is allowed
    );
  }

  #read(): void {
    const live = this.#live();
    if (live.length === 0) return;
    const node = this.#rng.pick(live);
    // Every write acknowledged before the read starts must be visible to it.
    const floor = this.#checker.maxCommitted;
    node.raft?.readIndex().then(
      (index) => {
        if (index < floor) {
          this.#failure ??= new SafetyViolation(
            `linearizability: node ${node.id} read at ${index} < ${floor} committed before the read`,
          );
        }
        this.counters.readsServed++;
      },
      () => {},
    );
  }

  #partition(): void {
    const ids = [...this.#nodes.values()].filter((n) => !n.removed).map((n) => n.id);
    const blocked = this.#network.blocked;
    const kind = this.#rng.int(0, 2);
    const side = new Set(ids.filter(() => this.#rng.chance(0.5)));
    if (kind === 0) {
      for (const a of ids) for (const b of ids) if (side.has(a) !== side.has(b)) blocked.add(`${a}>${b}`);
      this.counters.partitions++;
    } else if (kind === 1) {
      // Asymmetric: one side hears the other but cannot be heard.
      for (const a of side) for (const b of ids) if (!side.has(b)) blocked.add(`${a}>${b}`);
      this.counters.asymmetricPartitions++;
    } else {
      // Bridge: two groups that only one node connects.
      const bridge = this.#rng.pick(ids);
      for (const a of ids) {
        for (const b of ids) {
          if (a !== bridge && b !== bridge && side.has(a) !== side.has(b)) blocked.add(`${a}>${b}`);
        }
      }
      this.counters.bridgePartitions++;
    }
    this.#partitionUntil = this.#now + this.#rng.int(50, 400);
    this.#trace(`partition kind ${kind}: ${[...blocked].join(" ")}`);
  }

  #heal(): void {
    this.#network.blocked.clear();
    this.#trace("heal");
  }

  /** Power loss on a live node: what its disk had not synced is lost, an append may tear. */
  #crash(): void {
    const live = this.#live();
    if (live.length === 0) return;
    const node = this.#rng.pick(live);
    const losing = node.disk.hasUnsyncedWrites();
    if (losing) this.counters.crashesLosingWrites++;
    this.#stop(node);
    if (node.disk.crash(losing && this.#rng.chance(0.5))) this.counters.tornWrites++;
    node.crashedAt = this.#now;
    this.counters.crashes++;
    this.#trace(`crash ${node.id}`);
  }

  /** The process of `node` is gone (its timers, tasks and pending I/O with it). */
  #stop(node: SimNode): void {
    node.incarnation.alive = false;
    node.raft = undefined;
    this.#network.disconnect(node.id);
  }

  async #restart(node: SimNode): Promise<void> {
    await this.#start(node);
    this.counters.restarts++;
    this.#trace(`restart ${node.id}`);
  }

  async #changeMembership(): Promise<void> {
    const leaders = this.#leaders();
    if (leaders.length === 0) return;
    const leader = this.#rng.pick(leaders);
    const raft = leader.raft as RaftNode;
    const { membership, commitIndex } = raft.status();
    const choice = this.#rng.int(0, 2);
    let change: ConfigChange | undefined;
    if (choice === 0 && membership.voters.length + membership.learners.length < 7) {
      change = { type: "add-learner", nodeId: nodeId(this.#nextNodeId) };
    } else if (choice === 1 && membership.learners.length > 0) {
      const id = this.#rng.pick(membership.learners);
      // Promote a learner only once it caught up with the log.
      if ((raft.matchIndexOf(id) ?? 0) >= commitIndex) change = { type: "promote-learner", nodeId: id };
    } else if (choice === 2) {
      const candidates = [...membership.learners, ...(membership.voters.length > 3 ? membership.voters : [])];
      if (candidates.length > 0) change = { type: "remove-node", nodeId: this.#rng.pick(candidates) };
    }
    if (!change) return;
    this.#trace(`leader ${leader.id} proposes ${change.type} ${change.nodeId}`);
    let learner: SimNode | undefined;
    if (change.type === "add-learner") {
      // The new member runs from the moment its addition is proposed, as an operator starts it.
      learner = this.#addNode(nodeId(this.#nextNodeId++));
      const empty = { voters: [], learners: [] };
      await DurableRaftStorage.format(learner.disk, DATA_DIR, { nodeId: learner.id, bootstrapConfig: empty });
      await this.#start(learner);
    }
    raft.proposeConfigChange(change).then(
      () => {},
      (error: unknown) => {
        // Refused for sure (not INDETERMINATE): the new member will never be part of the cluster.
        if (learner !== undefined && !isRillError(error, "INDETERMINATE")) {
          learner.removed = true;
          this.#stop(learner);
        }
      },
    );
  }

  #transfer(): void {
    const leaders = this.#leaders();
    if (leaders.length === 0) return;
    const leader = this.#rng.pick(leaders);
    const raft = leader.raft as RaftNode;
    const st = raft.status();
    const others = st.membership.voters.filter((v) => v !== leader.id);
    if (others.length === 0) return;
    const to = this.#rng.pick(others);
    raft.transferLeadership(to);
    this.#pendingTransfer = { to, term: st.term };
    this.counters.leadershipTransfersRequested++;
    this.#trace(`leader ${leader.id} transfers to ${to}`);
  }

  // -----------------------------------------------------------------------------------------------
  // Liveness

  async #liveness(maxSteps: number): Promise<void> {
    this.#heal();
    this.#network.rates.drop = 0;
    this.#network.rates.duplicate = 0;
    this.#network.rates.reorder = 0;
    for (const n of this.#nodes.values()) {
      if (n.removed) this.#stop(n);
      else if (!n.raft) await this.#restart(n);
    }
    const deadline = this.#now + maxSteps;
    let proposedAt: number | undefined;
    let committedAt = 0;
    while (this.#now < deadline) {
      await this.#step();
      const leaders = this.#leaders();
      const leader = leaders.length === 1 ? leaders[0] : undefined;
      if (!leader?.raft) continue;
      if (committedAt === 0 && (proposedAt === undefined || this.#now % 20 === 0)) {
        proposedAt = this.#now;
        this.#propose(() => {
          if (committedAt === 0) committedAt = this.#now;
        });
      }
      if (committedAt > 0 && this.#allCaughtUp(leader)) {
        this.#checkAcked(leader);
        return;
      }
    }
    const roles = this.#live()
      .map((n) => {
        const s = (n.raft as RaftNode).status();
        return `${n.id}:${s.role}/t${s.term}/c${s.commitIndex}/a${s.appliedIndex}/l${s.lastIndex}`;
      })
      .join(" ");
    const leader = this.#leaders()[0]?.raft;
    const members = leader
      ? [...leader.status().membership.voters, ...leader.status().membership.learners]
      : [];
    const progress = members.map((id) => `${id}:${leader?.matchIndexOf(id)}`).join(" ");
    throw new SafetyViolation(
      `liveness: no leader committing within ${maxSteps} steps after healing (${roles}) leader match ${progress} config ${JSON.stringify(leader?.status().membership)}`,
    );
  }

  /** Every live member of the leader's membership applied everything the leader committed. */
  #allCaughtUp(leader: SimNode): boolean {
    const st = (leader.raft as RaftNode).status();
    for (const id of [...st.membership.voters, ...st.membership.learners]) {
      const n = this.#nodes.get(id);
      if (!n?.raft) return false;
      if (n.app.index < st.commitIndex) return false;
    }
    return true;
  }

  /** No acknowledged proposal was lost: each is still the committed entry at its index. */
  #checkAcked(leader: SimNode): void {
    for (const [index, key] of this.acked) {
      const c = this.#checker.committedAt(index);
      if (!c || c.key !== key) throw new SafetyViolation(`acknowledged proposal at ${index} lost`);
    }
    const maxAcked = Math.max(0, ...this.acked.keys());
    for (const id of leader.raft?.status().membership.voters ?? []) {
      const n = this.#nodes.get(id);
      if (!n?.raft) continue;
      if (n.app.index < maxAcked) {
        throw new SafetyViolation(`node ${n.id} applied ${n.app.index} < acknowledged ${maxAcked}`);
      }
    }
  }
}

/** Run one seed. */
export function runSeed(opts: SimOptions): Promise<SimResult> {
  return new Simulation(opts).run();
}

export function rerunCommand(seed: number): string {
  return `npx pnpm@9.15.9 --filter @rill/raft sim --seed ${seed} --verbose`;
}
