/**
 * Deterministic simulation of a Raft cluster running the real core: a simulated network (drop,
 * delay, duplicate, reorder, symmetric/asymmetric/bridge partitions), a simulated disk (a Ready is
 * durable only at its fsync point; a crash before it loses the Ready), crashes and restarts from
 * durable state, clock-tick jitter, client proposals, linearizable reads, membership changes,
 * leadership transfers, snapshots and compaction. Everything derives from one seed.
 *
 * After every event the Checker verifies the safety invariants; then a liveness phase heals
 * everything and requires a leader and a new commit within a bound.
 */

import { SeededRandom } from "@rill/protocol/random";
import {
  type ConfigChange,
  decodeConfigChange,
  type Entry,
  type MembershipConfig,
  MemoryLog,
  type Message,
  type NodeId,
  RaftCore,
  type Ready,
  type Snapshot,
  type UnsafeTestingFaults,
} from "../core/index.js";
import { Checker, entryKey, SafetyViolation } from "./checker.js";

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

export const COUNTER_NAMES = [
  "steps",
  "messagesDelivered",
  "messagesDropped",
  "messagesDuplicated",
  "partitions",
  "asymmetricPartitions",
  "bridgePartitions",
  "crashes",
  "crashesLosingWrites",
  "tornWrites",
  "restarts",
  "leadersElected",
  "proposalsAcked",
  "preVotesRejected",
  "checkQuorumStepDowns",
  "appendRejectsWithHint",
  "snapshotsTaken",
  "snapshotsInstalled",
  "snapshotChunksSent",
  "leadershipTransfersRequested",
  "leadershipTransfersCompleted",
  "membershipChanges",
  "membershipChangesDuringFailures",
  "learnersAdded",
  "learnersPromoted",
  "nodesRemoved",
  "readsServed",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Counters;
}

export interface SimResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly counters: Counters;
  readonly steps: number;
}

/** Steps between two ticks of one node (before jitter). */
const STEPS_PER_TICK = 4;
const ELECTION_TICKS = 10;
const HEARTBEAT_TICKS = 2;
/** Bound on messages in flight in the simulated network; more are dropped (like a full queue). */
const MAX_MESSAGES_IN_FLIGHT = 20_000;
const SNAPSHOT_PAD_BYTES = 700;

interface PendingWrite {
  readonly ready: Ready;
  readonly fsyncAt: number;
}

interface InFlight {
  readonly at: number;
  readonly seq: number;
  readonly message: Message;
}

/** The sim's replicated state machine: a hash chain over applied entries. */
interface AppState {
  index: number;
  hash: number;
}

class SimNode {
  core: RaftCore | undefined;
  readonly disk: MemoryLog;
  app: AppState;
  pending: PendingWrite | undefined;
  nextTickAt: number;
  crashedAt = 0;
  removed = false;
  lastRole = "follower";
  lastTerm = 0;

  constructor(
    readonly id: NodeId,
    disk: MemoryLog,
    app: AppState,
    firstTickAt: number,
  ) {
    this.disk = disk;
    this.app = app;
    this.nextTickAt = firstTickAt;
  }
}

function hashStep(h: number, e: Entry): number {
  let x = (h ^ e.index) >>> 0;
  x = Math.imul(x ^ e.term, 0x01000193) >>> 0;
  for (const b of e.data) x = Math.imul(x ^ b, 0x01000193) >>> 0;
  return Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
}

function encodeAppState(app: AppState): Uint8Array {
  const out = new Uint8Array(8 + SNAPSHOT_PAD_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, app.index);
  view.setUint32(4, app.hash);
  for (let i = 8; i < out.length; i++) out[i] = (app.hash + i) & 0xff;
  return out;
}

function decodeAppState(data: Uint8Array): AppState {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 8; i < data.length; i++) {
    if (data[i] !== ((view.getUint32(4) + i) & 0xff))
      throw new SafetyViolation("snapshot data corrupted in transfer");
  }
  return { index: view.getUint32(0), hash: view.getUint32(4) };
}

export class Simulation {
  readonly counters = emptyCounters();
  private readonly rng: SeededRandom;
  private readonly checker = new Checker();
  private readonly nodes = new Map<NodeId, SimNode>();
  private network: InFlight[] = [];
  private msgSeq = 0;
  private now = 0;
  private nextNodeId: number;
  /** Links that drop everything: "from>to". */
  private readonly blocked = new Set<string>();
  private partitionUntil = 0;
  private dropRate: number;
  private duplicateRate: number;
  private reorderRate: number;
  private readonly compactEvery: number;
  private readonly chunkBytes: number;
  private readonly maxEntriesBytes: number;
  private readonly maxInflight: number;
  private proposalSeq = 0;
  /** Proposals in flight: data key -> proposing node, index, term. */
  private readonly proposals = new Map<string, { node: NodeId; index: number; term: number }>();
  /** Acknowledged proposals: index -> data key. */
  readonly acked = new Map<number, string>();
  /** Reads in flight: context key -> the committed index known when the read began. */
  private readonly reads = new Map<string, number>();
  private readSeq = 0;
  private pendingTransfer: { to: NodeId; term: number } | undefined;

  constructor(private readonly opts: SimOptions) {
    this.rng = new SeededRandom(opts.seed);
    const n = opts.nodes ?? (opts.seed % 2 === 0 ? 3 : 5);
    this.dropRate = this.rng.pick([0, 0.01, 0.05, 0.1]);
    this.duplicateRate = this.rng.pick([0, 0.01, 0.05]);
    this.reorderRate = this.rng.pick([0, 0.02, 0.1]);
    this.compactEvery = this.rng.pick([8, 20, 50]);
    this.chunkBytes = this.rng.pick([64, 256, 4096]);
    this.maxEntriesBytes = this.rng.pick([4, 64, 1024]);
    this.maxInflight = this.rng.pick([1, 4, 64]);
    const voters = Array.from({ length: n }, (_, i) => i + 1);
    this.nextNodeId = n + 1;
    const config: MembershipConfig = { voters, learners: [] };
    for (const id of voters) {
      // Bootstrap like etcd: every founding member starts from the same snapshot at index 1, so
      // a member added later always starts from a snapshot that carries the membership.
      const disk = new MemoryLog(config);
      const app: AppState = { index: 1, hash: 1 };
      disk.applySnapshot({ metadata: { index: 1, term: 1, config }, data: encodeAppState(app) });
      disk.setHardState({ term: 1, vote: 0, commit: 1 });
      const node = new SimNode(id, disk, app, this.rng.int(1, STEPS_PER_TICK));
      this.nodes.set(id, node);
      this.start(node);
    }
  }

  private trace(line: string): void {
    this.opts.trace?.(`[${this.now}] ${line}`);
  }

  private start(node: SimNode): void {
    const snap = node.disk.snapshot();
    node.app = snap ? decodeAppState(snap.data) : { index: 0, hash: 0 };
    if (snap) this.checker.onState(node.id, node.app.index, node.app.hash);
    node.core = new RaftCore(
      {
        id: node.id,
        electionTicks: ELECTION_TICKS,
        heartbeatTicks: HEARTBEAT_TICKS,
        log: node.disk,
        random: () => this.rng.next(),
        preVote: true,
        checkQuorum: true,
        maxEntriesBytesPerMessage: this.maxEntriesBytes,
        maxInflightMessages: this.maxInflight,
        maxSnapshotChunkBytes: this.chunkBytes,
        applied: node.app.index,
      },
      this.opts.faults ?? {},
    );
    node.pending = undefined;
    node.lastRole = "follower";
    node.lastTerm = node.core.status().term;
    this.checker.onRestart(node.id, node.disk.hardState().commit);
  }

  // -----------------------------------------------------------------------------------------------

  run(): SimResult {
    const chaosSteps = this.opts.chaosSteps ?? 2500;
    const livenessSteps = this.opts.livenessSteps ?? 40 * ELECTION_TICKS * STEPS_PER_TICK;
    try {
      for (let i = 0; i < chaosSteps; i++) {
        this.chaos();
        this.step();
      }
      this.liveness(livenessSteps);
      return { seed: this.opts.seed, ok: true, counters: this.counters, steps: this.now };
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
      return { seed: this.opts.seed, ok: false, error, counters: this.counters, steps: this.now };
    }
  }

  /** One unit of simulated time: ticks, deliveries, disk completions, each followed by checks. */
  private step(): void {
    this.now++;
    this.counters.steps++;
    for (const node of this.nodes.values()) {
      if (!node.core || node.nextTickAt > this.now) continue;
      node.nextTickAt = this.now + STEPS_PER_TICK + this.rng.int(-1, 1);
      node.core.tick();
      this.afterEvent(node);
    }
    this.deliver();
    for (const node of this.nodes.values()) this.driveDisk(node);
  }

  private deliver(): void {
    if (this.network.length === 0) return;
    const due: InFlight[] = [];
    const later: InFlight[] = [];
    for (const f of this.network) (f.at <= this.now ? due : later).push(f);
    if (due.length === 0) return;
    this.network = later;
    due.sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const f of due) {
      const m = f.message;
      const node = this.nodes.get(m.to);
      if (!node?.core || this.blocked.has(`${m.from}>${m.to}`)) {
        this.counters.messagesDropped++;
        continue;
      }
      this.counters.messagesDelivered++;
      if (m.type === "pre-vote-response" && m.reject) this.counters.preVotesRejected++;
      if (m.type === "append-response" && m.reject && m.index > 0) this.counters.appendRejectsWithHint++;
      node.core.step(m);
      this.afterEvent(node);
    }
  }

  private send(m: Message): void {
    if (this.network.length >= MAX_MESSAGES_IN_FLIGHT || this.rng.chance(this.dropRate)) {
      this.counters.messagesDropped++;
      return;
    }
    if (m.type === "snapshot" && m.offset > 0) this.counters.snapshotChunksSent++;
    const copies = this.rng.chance(this.duplicateRate) ? 2 : 1;
    if (copies === 2) this.counters.messagesDuplicated++;
    for (let i = 0; i < copies; i++) {
      const delay = this.rng.chance(this.reorderRate) ? this.rng.int(1, 30) : this.rng.int(1, 3);
      this.network.push({ at: this.now + delay, seq: this.msgSeq++, message: m });
    }
  }

  /** The host loop: take a Ready, make it durable at a later fsync point, then release it. */
  private driveDisk(node: SimNode): void {
    const core = node.core;
    if (!core) return;
    if (node.pending === undefined) {
      if (!core.hasReady()) return;
      const rd = core.ready();
      this.checker.onEntriesAppended(node.id, core, rd.entries);
      node.pending = { ready: rd, fsyncAt: rd.mustSync ? this.now + this.rng.int(0, 2) : this.now };
    }
    if (node.pending.fsyncAt > this.now) return;
    const rd = node.pending.ready;
    node.pending = undefined;
    // 1. persist (the fsync point)
    if (rd.snapshot) node.disk.applySnapshot(rd.snapshot);
    node.disk.append(rd.entries);
    if (rd.hardState) {
      node.disk.setHardState(rd.hardState);
      this.checker.onDurableCommit(node.id, rd.hardState.commit);
    }
    // 2. release messages
    for (const m of rd.messages) this.send(m);
    // 3. apply
    if (rd.snapshot) {
      const app = decodeAppState(rd.snapshot.data);
      if (app.index !== rd.snapshot.metadata.index) throw new SafetyViolation("snapshot index mismatch");
      node.app = app;
      this.checker.onState(node.id, app.index, app.hash);
      this.counters.snapshotsInstalled++;
      this.trace(`node ${node.id} installed snapshot at ${app.index}`);
    }
    for (const e of rd.committedEntries) this.apply(node, e);
    for (const rs of rd.readStates) this.onReadState(node, rs.index, rs.context);
    // 4. advance
    core.advance(rd);
    if (rd.softState) this.onSoftState(node, rd.softState.role);
    this.afterEvent(node);
    this.maybeCompact(node);
  }

  private apply(node: SimNode, e: Entry): void {
    if (e.index !== node.app.index + 1) {
      throw new SafetyViolation(`node ${node.id} applies ${e.index} after ${node.app.index}`);
    }
    node.app = { index: e.index, hash: hashStep(node.app.hash, e) };
    this.checker.onApplied(node.id, e, node.app.hash);
    if (e.type === "normal") {
      const key = entryKey(e);
      const p = this.proposals.get(key);
      if (p && p.node === node.id && p.index === e.index && p.term === e.term) {
        this.proposals.delete(key);
        this.acked.set(e.index, key);
        this.counters.proposalsAcked++;
      }
    } else if (e.type === "config") {
      this.onConfigApplied(node, decodeConfigChange(e.data));
    }
  }

  private onConfigApplied(node: SimNode, change: ConfigChange): void {
    if (node.core?.status().role !== "leader") return;
    // Count once, on the leader that applies it.
    this.counters.membershipChanges++;
    if (this.failuresActive()) this.counters.membershipChangesDuringFailures++;
    this.trace(`leader ${node.id} applied ${change.type} ${change.nodeId}`);
    if (change.type === "promote-learner") this.counters.learnersPromoted++;
    if (change.type === "remove-node") {
      this.counters.nodesRemoved++;
      // The removed member keeps running during the chaos phase (it may not even know it was
      // removed, and must not disrupt the cluster), but is never restarted after a crash and
      // stops before the liveness phase.
      const gone = this.nodes.get(change.nodeId);
      if (gone) gone.removed = true;
    }
  }

  private onReadState(node: SimNode, index: number, context: Uint8Array): void {
    const key = String.fromCharCode(...context);
    const floor = this.reads.get(key);
    if (floor === undefined) return; // a duplicate answer
    this.reads.delete(key);
    if (index < floor) {
      throw new SafetyViolation(
        `linearizability: node ${node.id} read at ${index} < ${floor} committed before the read`,
      );
    }
    this.counters.readsServed++;
  }

  private onSoftState(node: SimNode, role: string): void {
    node.lastRole = role;
  }

  /** Per-event checks on one node. */
  private afterEvent(node: SimNode): void {
    const core = node.core;
    if (!core) return;
    const st = core.status();
    const becameLeader = st.role === "leader" && (node.lastRole !== "leader" || node.lastTerm !== st.term);
    if (becameLeader) {
      this.counters.leadersElected++;
      this.trace(`node ${node.id} leader of term ${st.term}`);
      if (
        this.pendingTransfer &&
        this.pendingTransfer.to === node.id &&
        st.term > this.pendingTransfer.term
      ) {
        this.counters.leadershipTransfersCompleted++;
        this.pendingTransfer = undefined;
      }
    }
    if (node.lastRole === "leader" && st.role !== "leader" && st.term === node.lastTerm) {
      this.counters.checkQuorumStepDowns++;
    }
    this.checker.afterEvent(node.id, st, core, becameLeader);
    node.lastRole = st.role;
    node.lastTerm = st.term;
  }

  private maybeCompact(node: SimNode): void {
    const core = node.core;
    if (!core) return;
    const applied = node.app.index;
    if (applied - node.disk.firstIndex() < this.compactEvery) return;
    const meta = core.trySnapshotMetadata(applied);
    if (meta === undefined) return; // a leader's snapshot is pending: it replaces our state
    const snap: Snapshot = { metadata: meta, data: encodeAppState(node.app) };
    node.disk.createSnapshot(snap);
    // Keep a few entries so slightly-behind followers still catch up from the log.
    node.disk.compact(Math.max(node.disk.firstIndex() - 1, applied - 3));
    this.counters.snapshotsTaken++;
  }

  // -----------------------------------------------------------------------------------------------
  // Faults and workload

  private live(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.core !== undefined);
  }

  private leaders(): SimNode[] {
    return this.live().filter((n) => n.core?.status().role === "leader");
  }

  private failuresActive(): boolean {
    return this.blocked.size > 0 || [...this.nodes.values()].some((n) => !n.removed && !n.core);
  }

  private chaos(): void {
    const r = this.rng;
    // Client writes.
    if (r.chance(0.15)) this.propose();
    if (r.chance(0.01)) this.read();
    // Network faults.
    if (this.blocked.size > 0 && this.now >= this.partitionUntil) this.heal();
    if (this.blocked.size === 0 && r.chance(0.004)) this.partition();
    // Crashes and restarts.
    if (r.chance(this.opts.crashRate ?? 0.002)) this.crash();
    for (const n of this.nodes.values()) {
      if (!n.core && !n.removed && this.now - n.crashedAt > 10 && r.chance(0.05)) this.restart(n);
    }
    // Membership and leadership.
    if (r.chance(0.004)) this.changeMembership();
    if (r.chance(0.002)) this.transfer();
  }

  private propose(): void {
    const leaders = this.leaders();
    if (leaders.length === 0) return;
    const node = this.rng.pick(leaders);
    const data = new TextEncoder().encode(`p${this.proposalSeq++}`);
    const res = node.core?.propose(data);
    if (res?.ok) {
      const key = entryKey({ index: 0, term: 0, type: "normal", data });
      this.proposals.set(key, { node: node.id, index: res.index, term: res.term });
    }
  }

  private read(): void {
    const live = this.live();
    if (live.length === 0) return;
    const node = this.rng.pick(live);
    const key = `r${this.readSeq++}`;
    // Every write acknowledged before the read starts must be visible to it.
    this.reads.set(key, this.checker.maxCommitted);
    node.core?.readIndex(new TextEncoder().encode(key));
  }

  private partition(): void {
    const ids = [...this.nodes.values()].filter((n) => !n.removed).map((n) => n.id);
    const kind = this.rng.int(0, 2);
    const side = new Set(ids.filter(() => this.rng.chance(0.5)));
    if (kind === 0) {
      for (const a of ids)
        for (const b of ids) if (side.has(a) !== side.has(b)) this.blocked.add(`${a}>${b}`);
      this.counters.partitions++;
    } else if (kind === 1) {
      // Asymmetric: one side hears the other but cannot be heard.
      for (const a of side) for (const b of ids) if (!side.has(b)) this.blocked.add(`${a}>${b}`);
      this.counters.asymmetricPartitions++;
    } else {
      // Bridge: two groups that only one node connects.
      const bridge = this.rng.pick(ids);
      for (const a of ids) {
        for (const b of ids) {
          if (a !== bridge && b !== bridge && side.has(a) !== side.has(b)) this.blocked.add(`${a}>${b}`);
        }
      }
      this.counters.bridgePartitions++;
    }
    this.partitionUntil = this.now + this.rng.int(50, 400);
    this.trace(`partition kind ${kind}: ${[...this.blocked].join(" ")}`);
  }

  private heal(): void {
    this.blocked.clear();
    this.trace("heal");
  }

  private crash(): void {
    const live = this.live();
    if (live.length === 0) return;
    const node = this.rng.pick(live);
    const pending = node.pending?.ready;
    if (pending) {
      this.counters.crashesLosingWrites++;
      // A torn write: some prefix of the entries reached the disk, the hard state did not (it is
      // written last and atomically). Never with a snapshot, whose entries would leave a gap.
      if (!pending.snapshot && pending.entries.length > 1 && this.rng.chance(0.5)) {
        node.disk.append(pending.entries.slice(0, this.rng.int(1, pending.entries.length - 1)));
        this.counters.tornWrites++;
      }
    }
    node.core = undefined;
    node.pending = undefined;
    node.crashedAt = this.now;
    this.counters.crashes++;
    this.trace(`crash ${node.id}`);
  }

  private restart(node: SimNode): void {
    this.start(node);
    this.counters.restarts++;
    this.trace(`restart ${node.id}`);
  }

  private changeMembership(): void {
    const leaders = this.leaders();
    if (leaders.length === 0) return;
    const leader = this.rng.pick(leaders);
    const core = leader.core as RaftCore;
    const { config } = core.status();
    const choice = this.rng.int(0, 2);
    let change: ConfigChange | undefined;
    if (choice === 0 && config.voters.length + config.learners.length < 7) {
      change = { type: "add-learner", nodeId: this.nextNodeId };
    } else if (choice === 1 && config.learners.length > 0) {
      const id = this.rng.pick(config.learners);
      // Promote a learner only once it caught up with the log.
      const pr = core.progressOf(id);
      if (pr && pr.match >= core.status().commit) change = { type: "promote-learner", nodeId: id };
    } else if (choice === 2) {
      const candidates = [...config.learners, ...(config.voters.length > 3 ? config.voters : [])];
      if (candidates.length > 0) change = { type: "remove-node", nodeId: this.rng.pick(candidates) };
    }
    if (!change) return;
    const res = core.proposeConfigChange(change);
    if (!res.ok) return;
    this.trace(`leader ${leader.id} proposes ${change.type} ${change.nodeId} at ${res.index}`);
    if (change.type === "add-learner") {
      const id = this.nextNodeId++;
      const node = new SimNode(
        id,
        new MemoryLog({ voters: [], learners: [] }),
        { index: 0, hash: 0 },
        this.now + 1,
      );
      this.nodes.set(id, node);
      this.start(node);
      this.counters.learnersAdded++;
    }
  }

  private transfer(): void {
    const leaders = this.leaders();
    if (leaders.length === 0) return;
    const leader = this.rng.pick(leaders);
    const core = leader.core as RaftCore;
    const st = core.status();
    const others = st.config.voters.filter((v) => v !== leader.id);
    if (others.length === 0) return;
    const to = this.rng.pick(others);
    core.transferLeadership(to);
    this.pendingTransfer = { to, term: st.term };
    this.counters.leadershipTransfersRequested++;
    this.trace(`leader ${leader.id} transfers to ${to}`);
  }

  // -----------------------------------------------------------------------------------------------
  // Liveness

  private liveness(maxSteps: number): void {
    this.heal();
    this.dropRate = 0;
    this.duplicateRate = 0;
    this.reorderRate = 0;
    for (const n of this.nodes.values()) {
      if (n.removed) {
        n.core = undefined;
        n.pending = undefined;
      } else if (!n.core) {
        this.restart(n);
      }
    }
    const deadline = this.now + maxSteps;
    let probe: { key: string; data: Uint8Array } | undefined;
    let committedAt = 0;
    while (this.now < deadline) {
      this.step();
      const leaders = this.leaders();
      const leader = leaders.length === 1 ? leaders[0] : undefined;
      if (!leader?.core) continue;
      if (!probe || (committedAt === 0 && this.now % 20 === 0)) {
        const data = new TextEncoder().encode(`liveness${this.now}`);
        const res = leader.core.propose(data);
        if (res.ok) {
          probe = { key: entryKey({ index: 0, term: 0, type: "normal", data }), data };
          this.proposals.set(probe.key, { node: leader.id, index: res.index, term: res.term });
        }
      }
      if (committedAt === 0 && probe && !this.proposals.has(probe.key)) committedAt = this.now;
      if (committedAt > 0 && this.allCaughtUp(leader)) {
        this.checkAcked(leader);
        return;
      }
    }
    const roles = [...this.nodes.values()]
      .filter((n) => n.core)
      .map((n) => {
        const s = (n.core as RaftCore).status();
        return `${n.id}:${s.role}/t${s.term}/c${s.commit}/a${s.applied}/l${s.lastIndex}`;
      })
      .join(" ");
    const leader = this.leaders()[0]?.core;
    const progress = leader
      ? [...leader.status().config.voters, ...leader.status().config.learners]
          .map((id) => `${id}:${JSON.stringify(leader.progressOf(id))}`)
          .join(" ")
      : "";
    throw new SafetyViolation(
      `liveness: no leader committing within ${maxSteps} steps after healing (${roles}) leader progress ${progress} config ${JSON.stringify(leader?.status().config)}`,
    );
  }

  /** Every live member of the leader's membership applied everything the leader committed. */
  private allCaughtUp(leader: SimNode): boolean {
    const st = (leader.core as RaftCore).status();
    for (const id of [...st.config.voters, ...st.config.learners]) {
      const n = this.nodes.get(id);
      if (!n?.core) return false;
      if (n.app.index < st.commit) return false;
    }
    return true;
  }

  /** No acknowledged proposal was lost: each is still the committed entry at its index. */
  private checkAcked(leader: SimNode): void {
    for (const [index, key] of this.acked) {
      const c = this.checker.committedAt(index);
      if (!c || c.key !== `normal:${key.slice("normal:".length)}`) {
        throw new SafetyViolation(`acknowledged proposal at ${index} lost`);
      }
    }
    const maxAcked = Math.max(0, ...this.acked.keys());
    for (const id of leader.core?.status().config.voters ?? []) {
      const n = this.nodes.get(id);
      if (!n?.core) continue;
      if (n.app.index < maxAcked) {
        throw new SafetyViolation(`node ${n.id} applied ${n.app.index} < acknowledged ${maxAcked}`);
      }
    }
  }
}

/** Run one seed. */
export function runSeed(opts: SimOptions): SimResult {
  return new Simulation(opts).run();
}

export function rerunCommand(seed: number): string {
  return `npx pnpm@9.15.9 --filter @rill/raft sim --seed ${seed} --verbose`;
}
