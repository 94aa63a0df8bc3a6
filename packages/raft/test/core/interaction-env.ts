/**
 * The interaction environment behind testdata/*.txt (etcd's rafttest in spirit): a few cores,
 * a message queue the script delivers or drops explicitly, and a host loop that persists each
 * Ready to a MemoryLog before releasing its messages. Every command renders what happened with
 * the describe functions so expected output is stable.
 *
 * Commands (arguments are positional or key=value):
 *   add-nodes N [prevote=true] [checkquorum=true] [max-bytes=N] [inflight=N] [chunk=N] [fault=NAME]
 *   add-node ID                        a new empty member (no log, no membership)
 *   campaign ID | tick ID [N] | tick-election ID | tick-heartbeat ID
 *   process-ready ID...                persist, apply, queue messages, advance (prints the Ready)
 *   deliver-msgs [from=ID] [to=ID] [type=T] [drop=true]   deliver (or drop) queued messages
 *   stabilize [ID...]                  process readies and deliver until quiet
 *   isolate ID | heal                  drop everything to/from ID
 *   propose ID DATA | propose-conf-change ID TYPE NODE | transfer-leadership ID TO | read-index ID CTX
 *   crash ID | restart ID              crash loses the core; restart reads the MemoryLog back
 *   compact ID INDEX                   snapshot at INDEX (<= applied) and drop the log up to it
 *   status [ID...] | log ID | queue
 */
import { nodeId } from "@rill/protocol/ids";
import {
  type ConfigChange,
  describeEntries,
  describeMessage,
  describeReady,
  describeSnapshotMetadata,
  type Entry,
  type MembershipConfig,
  MemoryLog,
  type Message,
  type NodeId,
  RAFT_NO_NODE,
  RaftCore,
  type UnsafeTestingFaults,
} from "../../src/core/index.js";

interface NodeOptions {
  preVote: boolean;
  checkQuorum: boolean;
  maxBytes: number;
  inflight: number;
  chunk: number;
  faults: UnsafeTestingFaults;
}

interface EnvNode {
  readonly id: NodeId;
  core: RaftCore | undefined;
  readonly log: MemoryLog;
  readonly options: NodeOptions;
  /** Applied entries by index (the state machine), rebuilt from the snapshot on restart. */
  applied: number;
  appliedData: string[];
}

const ELECTION_TICKS = 10;
const HEARTBEAT_TICKS = 1;
/** Bound on rounds of `stabilize`, so a livelock fails the test instead of hanging it. */
const MAX_STABILIZE_ROUNDS = 1000;

export class InteractionEnv {
  readonly #nodes = new Map<NodeId, EnvNode>();
  #queue: Message[] = [];
  readonly #isolated = new Set<NodeId>();
  /** index -> applied entry, across all nodes: prints a violation if two nodes disagree. */
  readonly #appliedAt = new Map<number, string>();
  #out: string[] = [];

  run(command: string, args: string[]): string {
    this.#out = [];
    const kv = new Map<string, string>();
    const pos: string[] = [];
    for (const a of args) {
      const i = a.indexOf("=");
      if (i > 0) kv.set(a.slice(0, i), a.slice(i + 1));
      else pos.push(a);
    }
    const id = (i: number): NodeId => {
      const v = Number(pos[i]);
      if (!Number.isInteger(v)) throw new Error(`${command}: argument ${i} must be a node id`);
      return nodeId(v);
    };
    try {
      this.#dispatch(command, pos, kv, id);
    } catch (err) {
      this.#print(`error: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
    return this.#out.join("\n");
  }

  #dispatch(command: string, pos: string[], kv: Map<string, string>, id: (i: number) => NodeId): void {
    switch (command) {
      case "add-nodes":
        this.#addNodes(Number(pos[0]), kv);
        break;
      case "add-node":
        this.#addNode(id(0), { voters: [], learners: [] }, this.#options(kv), undefined);
        this.#print(`node ${id(0)} created empty`);
        break;
      case "campaign":
        this.#core(id(0)).campaign();
        break;
      case "tick":
        for (let i = 0; i < Number(pos[1] ?? "1"); i++) this.#core(id(0)).tick();
        break;
      case "tick-election":
        for (let i = 0; i < ELECTION_TICKS; i++) this.#core(id(0)).tick();
        break;
      case "tick-heartbeat":
        for (let i = 0; i < HEARTBEAT_TICKS; i++) this.#core(id(0)).tick();
        break;
      case "process-ready":
        for (let i = 0; i < pos.length; i++) this.#processReady(id(i));
        break;
      case "deliver-msgs":
        this.#deliver(kv);
        break;
      case "stabilize":
        this.#stabilize(pos.map((_, i) => id(i)));
        break;
      case "isolate":
        this.#isolated.add(id(0));
        break;
      case "heal":
        this.#isolated.clear();
        break;
      case "propose": {
        const r = this.#core(id(0)).propose(new TextEncoder().encode(pos[1] ?? ""));
        this.#print(r.ok ? `proposed at ${r.index}/${r.term}` : `refused: ${r.reason}`);
        break;
      }
      case "propose-conf-change": {
        const change = { type: pos[1], nodeId: id(2) } as ConfigChange;
        const r = this.#core(id(0)).proposeConfigChange(change);
        this.#print(r.ok ? `proposed at ${r.index}/${r.term}` : `refused: ${r.reason}`);
        break;
      }
      case "transfer-leadership":
        this.#core(id(0)).transferLeadership(id(1));
        break;
      case "read-index":
        this.#core(id(0)).readIndex(new TextEncoder().encode(pos[1] ?? ""));
        break;
      case "crash": {
        const n = this.#node(id(0));
        n.core = undefined;
        this.#print(`node ${n.id} crashed (durable: ${this.#describeDurable(n)})`);
        break;
      }
      case "restart":
        this.#restart(this.#node(id(0)));
        break;
      case "compact":
        this.#compact(this.#node(id(0)), Number(pos[1]));
        break;
      case "status":
        for (const n of pos.length > 0 ? pos.map((_, i) => this.#node(id(i))) : [...this.#nodes.values()]) {
          this.#print(this.#describeStatus(n));
        }
        break;
      case "log": {
        const n = this.#node(id(0));
        const core = this.#core(n.id);
        const st = core.status();
        const entries = core.logEntries(st.firstIndex, st.lastIndex + 1) ?? [];
        this.#print(`first=${st.firstIndex} last=${st.lastIndex} ${describeEntries(entries)}`);
        break;
      }
      case "queue":
        for (const m of this.#queue) this.#print(describeMessage(m));
        break;
      default:
        throw new Error(`unknown command ${command}`);
    }
  }

  #print(line: string): void {
    this.#out.push(line);
  }

  #options(kv: Map<string, string>): NodeOptions {
    const fault = kv.get("fault");
    return {
      preVote: kv.get("prevote") !== "false",
      checkQuorum: kv.get("checkquorum") !== "false",
      maxBytes: Number(kv.get("max-bytes") ?? "1024"),
      inflight: Number(kv.get("inflight") ?? "8"),
      chunk: Number(kv.get("chunk") ?? "1024"),
      faults: fault ? { [fault]: true } : {},
    };
  }

  #addNodes(count: number, kv: Map<string, string>): void {
    const first = this.#nodes.size + 1;
    const voters = Array.from({ length: count }, (_, i) => nodeId(first + i));
    const config: MembershipConfig = { voters, learners: [] };
    const options = this.#options(kv);
    for (const id of voters) {
      this.#addNode(id, config, options, {
        metadata: { index: 1, term: 1, config },
        data: new Uint8Array(0),
      });
    }
    this.#print(`nodes ${voters.join(" ")} bootstrapped: snapshot index=1 term=1 ${describeVoters(config)}`);
  }

  #addNode(
    id: NodeId,
    config: MembershipConfig,
    options: NodeOptions,
    bootstrap:
      | { metadata: { index: number; term: number; config: MembershipConfig }; data: Uint8Array }
      | undefined,
  ): void {
    const log = new MemoryLog(config);
    if (bootstrap) {
      log.applySnapshot(bootstrap);
      log.setHardState({ term: 1, vote: RAFT_NO_NODE, commit: 1 });
    }
    const node: EnvNode = { id, core: undefined, log, options, applied: 0, appliedData: [] };
    this.#nodes.set(id, node);
    this.#restart(node, true);
  }

  #restart(n: EnvNode, quiet = false): void {
    const snap = n.log.snapshot();
    n.applied = snap?.metadata.index ?? 0;
    n.appliedData = snap ? decodeStrings(snap.data) : [];
    n.core = new RaftCore(
      {
        id: n.id,
        electionTicks: ELECTION_TICKS,
        heartbeatTicks: HEARTBEAT_TICKS,
        log: n.log,
        random: () => 0, // election timeout = electionTicks exactly: scripts stay readable
        preVote: n.options.preVote,
        checkQuorum: n.options.checkQuorum,
        maxEntriesBytesPerMessage: n.options.maxBytes,
        maxInflightMessages: n.options.inflight,
        maxSnapshotChunkBytes: n.options.chunk,
        applied: n.applied,
      },
      n.options.faults,
    );
    if (!quiet) this.#print(`node ${n.id} restarted from ${this.#describeDurable(n)}`);
  }

  #node(id: NodeId): EnvNode {
    const n = this.#nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  #core(id: NodeId): RaftCore {
    const c = this.#node(id).core;
    if (!c) throw new Error(`node ${id} is crashed`);
    return c;
  }

  #processReady(id: NodeId): boolean {
    const n = this.#node(id);
    const core = n.core;
    if (core === undefined) return false;
    if (!core.hasReady()) return false;
    const rd = core.ready();
    this.#print(`> ${id} ready`);
    const body = describeReady(rd);
    if (body) this.#print(body);
    if (rd.snapshot) n.log.applySnapshot(rd.snapshot);
    n.log.append(rd.entries);
    if (rd.hardState) n.log.setHardState(rd.hardState);
    this.#queue.push(...rd.messages);
    if (rd.snapshot) {
      n.applied = rd.snapshot.metadata.index;
      n.appliedData = decodeStrings(rd.snapshot.data);
    }
    for (const e of rd.committedEntries) this.#apply(n, e);
    core.advance(rd);
    return true;
  }

  #apply(n: EnvNode, e: Entry): void {
    if (e.index !== n.applied + 1)
      this.#print(`  SAFETY VIOLATION: node ${n.id} applies ${e.index} after ${n.applied}`);
    n.applied = e.index;
    const key = describeEntries([e]);
    const seen = this.#appliedAt.get(e.index);
    if (seen !== undefined && seen !== key) {
      this.#print(`  SAFETY VIOLATION: node ${n.id} applied ${key}, another node applied ${seen}`);
    }
    this.#appliedAt.set(e.index, key);
    if (e.type === "normal") n.appliedData.push(new TextDecoder().decode(e.data));
  }

  #deliver(kv: Map<string, string>): boolean {
    const from = kv.has("from") ? Number(kv.get("from")) : undefined;
    const to = kv.has("to") ? Number(kv.get("to")) : undefined;
    const type = kv.get("type");
    const drop = kv.get("drop") === "true";
    return this.#deliverWhere(
      (m) =>
        (from === undefined || m.from === from) &&
        (to === undefined || m.to === to) &&
        (type === undefined || m.type === type),
      drop,
    );
  }

  #deliverWhere(match: (m: Message) => boolean, drop: boolean): boolean {
    const selected = this.#queue.filter(match);
    if (selected.length === 0) return false;
    this.#queue = this.#queue.filter((m) => !match(m));
    for (const m of selected) {
      const target = this.#nodes.get(m.to)?.core;
      if (drop || !target || this.#isolated.has(m.from) || this.#isolated.has(m.to)) {
        this.#print(`dropped: ${describeMessage(m)}`);
        continue;
      }
      this.#print(describeMessage(m));
      target.step(m);
    }
    return true;
  }

  #stabilize(ids: NodeId[]): void {
    const scope = new Set(ids.length > 0 ? ids : [...this.#nodes.keys()]);
    for (let round = 0; round < MAX_STABILIZE_ROUNDS; round++) {
      let progressed = false;
      for (const id of scope) if (this.#processReady(id)) progressed = true;
      if (this.#deliverWhere((m) => scope.has(m.from) && scope.has(m.to), false)) progressed = true;
      if (!progressed) return;
    }
    throw new Error("stabilize did not converge");
  }

  #compact(n: EnvNode, index: number): void {
    const core = this.#core(n.id);
    const metadata = core.snapshotMetadata(index);
    if (index !== n.applied) throw new Error("compact: the env snapshots at the applied index only");
    n.log.createSnapshot({ metadata, data: encodeStrings(n.appliedData) });
    n.log.compact(index);
    this.#print(
      `node ${n.id} snapshot ${describeSnapshotMetadata(metadata)}; log starts at ${n.log.firstIndex()}`,
    );
  }

  #describeStatus(n: EnvNode): string {
    if (!n.core) return `${n.id}: crashed (durable: ${this.#describeDurable(n)})`;
    const s = n.core.status();
    return `${n.id}: ${s.role} term=${s.term} vote=${s.vote} lead=${s.leaderId} commit=${s.commit} applied=${s.applied} log=${s.firstIndex}..${s.lastIndex} ${describeVoters(s.config)}`;
  }

  #describeDurable(n: EnvNode): string {
    const hs = n.log.hardState();
    return `term=${hs.term} vote=${hs.vote} commit=${hs.commit} log=${n.log.firstIndex()}..${n.log.lastIndex()}`;
  }
}

function describeVoters(c: MembershipConfig): string {
  return `voters=(${c.voters.join(" ")})${c.learners.length > 0 ? ` learners=(${c.learners.join(" ")})` : ""}`;
}

function encodeStrings(items: string[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(items));
}

function decodeStrings(data: Uint8Array): string[] {
  return data.length === 0 ? [] : (JSON.parse(new TextDecoder().decode(data)) as string[]);
}
