/** Focused unit tests of the core where a data-driven script would be clumsy. */
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import {
  applyConfigChange,
  decodeConfigChange,
  encodeConfigChange,
  type MembershipConfig,
  MemoryLog,
  type Message,
  RAFT_NO_NODE,
  RaftCore,
  RaftInvariantError,
  type Ready,
} from "../../src/core/index.js";

const CONFIG3: MembershipConfig = { voters: [nodeId(1), nodeId(2), nodeId(3)], learners: [] };

function bootstrapLog(config: MembershipConfig): MemoryLog {
  const log = new MemoryLog(config);
  log.applySnapshot({ metadata: { index: 1, term: 1, config }, data: new Uint8Array(0) });
  log.setHardState({ term: 1, vote: RAFT_NO_NODE, commit: 1 });
  return log;
}

/** A tiny cluster with a host loop that persists every Ready before delivering its messages. */
class Cluster {
  readonly logs = new Map<number, MemoryLog>();
  readonly cores = new Map<number, RaftCore>();
  readonly applied = new Map<number, string[]>();
  readonly reads = new Map<number, { index: number; context: string }[]>();
  /** Messages are dropped while this returns false. */
  link: (m: Message) => boolean = () => true;

  constructor(ids: NodeId[], opts: { checkQuorum?: boolean; preVote?: boolean } = {}) {
    const config = { voters: ids, learners: [] };
    for (const id of ids) {
      const log = bootstrapLog(config);
      this.logs.set(id, log);
      this.applied.set(id, []);
      this.reads.set(id, []);
      this.cores.set(
        id,
        new RaftCore({
          id,
          electionTicks: 10,
          heartbeatTicks: 1,
          log,
          random: () => 0,
          preVote: opts.preVote ?? true,
          checkQuorum: opts.checkQuorum ?? true,
          maxEntriesBytesPerMessage: 1024,
          maxInflightMessages: 4,
          applied: 1,
        }),
      );
    }
  }

  core(id: NodeId): RaftCore {
    const c = this.cores.get(id);
    if (!c) throw new Error(`no core ${id}`);
    return c;
  }

  /** Process readies and deliver messages until quiet (bounded). */
  stabilize(): void {
    for (let round = 0; round < 200; round++) {
      const sent: Message[] = [];
      for (const [id, core] of this.cores) {
        if (!core.hasReady()) continue;
        const rd = core.ready();
        const log = this.logs.get(id) as MemoryLog;
        if (rd.snapshot) log.applySnapshot(rd.snapshot);
        log.append(rd.entries);
        if (rd.hardState) log.setHardState(rd.hardState);
        sent.push(...rd.messages);
        for (const e of rd.committedEntries) {
          if (e.type === "normal") this.applied.get(id)?.push(new TextDecoder().decode(e.data));
        }
        for (const rs of rd.readStates) {
          this.reads.get(id)?.push({ index: rs.index, context: new TextDecoder().decode(rs.context) });
        }
        core.advance(rd);
      }
      if (sent.length === 0) return;
      for (const m of sent) if (this.link(m)) this.cores.get(m.to)?.step(m);
    }
    throw new Error("no quiescence");
  }

  elect(id: NodeId): void {
    this.core(id).campaign();
    this.stabilize();
    expect(this.core(id).status().role).toBe("leader");
  }
}

describe("Ready contract", () => {
  it("refuses a second ready() before advance() and an advance() of another Ready", () => {
    const c = new Cluster([nodeId(1)]);
    const core = c.core(nodeId(1));
    core.campaign();
    expect(core.hasReady()).toBe(true);
    const rd = core.ready();
    expect(core.hasReady()).toBe(false);
    expect(() => core.ready()).toThrow(RaftInvariantError);
    const forged: Ready = { ...rd };
    expect(() => core.advance(forged)).toThrow(RaftInvariantError);
    core.advance(rd);
  });

  it("hands out committed entries only once they were persisted by an earlier Ready", () => {
    const c = new Cluster([nodeId(1)]);
    const core = c.core(nodeId(1));
    core.campaign();
    const rd1 = core.ready();
    // A single-voter leader: its noop is in rd1's entries but cannot be committed before rd1 is
    // persisted and advanced.
    expect(rd1.entries.map((e) => e.type)).toEqual(["noop"]);
    expect(rd1.committedEntries).toEqual([]);
    (c.logs.get(1) as MemoryLog).append(rd1.entries);
    core.advance(rd1);
    const rd2 = core.ready();
    expect(rd2.hardState?.commit).toBe(2);
    expect(rd2.committedEntries.map((e) => e.index)).toEqual([2]);
    core.advance(rd2);
  });

  it("puts a granted vote in the same Ready as the hard state that records it", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.core(nodeId(2)).step({
      type: "vote",
      from: nodeId(1),
      to: nodeId(2),
      term: 2,
      lastLogIndex: 1,
      lastLogTerm: 1,
      transfer: false,
    });
    const rd = c.core(nodeId(2)).ready();
    expect(rd.hardState).toEqual({ term: 2, vote: 1, commit: 1 });
    expect(rd.mustSync).toBe(true);
    expect(rd.messages).toEqual([{ type: "vote-response", from: 2, to: 1, term: 2, reject: false }]);
  });
});

describe("replication", () => {
  it("recovers a follower whose appends were lost while in the replicate state (sim seed regression)", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    c.core(nodeId(1)).propose(new TextEncoder().encode("a"));
    c.stabilize();
    // Lose every append to 3 while proposals flow: the leader's next index for 3 runs ahead.
    c.link = (m) => !(m.to === 3 && m.type === "append");
    for (const s of ["b", "c", "d"]) c.core(nodeId(1)).propose(new TextEncoder().encode(s));
    c.stabilize();
    expect(c.applied.get(3)).toEqual(["a"]);
    c.link = () => true;
    // Nothing new is proposed: only heartbeats can discover the gap.
    for (let i = 0; i < 3; i++) {
      c.core(nodeId(1)).tick();
      c.stabilize();
    }
    expect(c.applied.get(3)).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses proposals on a follower and during a leadership transfer", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    expect(c.core(nodeId(2)).propose(new Uint8Array([1]))).toEqual({ ok: false, reason: "not-leader" });
    c.link = (m) => m.type !== "timeout-now";
    c.core(nodeId(1)).transferLeadership(nodeId(2));
    c.stabilize();
    expect(c.core(nodeId(1)).propose(new Uint8Array([1]))).toEqual({ ok: false, reason: "transferring" });
  });
});

describe("leadership", () => {
  it("transfers leadership with TimeoutNow", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    c.core(nodeId(1)).transferLeadership(nodeId(3));
    c.stabilize();
    expect(c.core(nodeId(3)).status().role).toBe("leader");
    expect(c.core(nodeId(1)).status().role).toBe("follower");
    expect(c.core(nodeId(3)).status().term).toBe(3);
  });

  it("CheckQuorum: a leader that hears from no majority within an election timeout steps down", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    c.link = (m) => m.from !== 2 && m.from !== 3;
    for (let i = 0; i < 20; i++) {
      c.core(nodeId(1)).tick();
      c.stabilize();
    }
    expect(c.core(nodeId(1)).status().role).toBe("follower");
    expect(c.core(nodeId(1)).status().term).toBe(2);
  });

  it("a vote at a higher term is ignored by a follower that heard from its leader (lease)", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    c.core(nodeId(2)).step({
      type: "vote",
      from: nodeId(3),
      to: nodeId(2),
      term: 5,
      lastLogIndex: 9,
      lastLogTerm: 9,
      transfer: false,
    });
    expect(c.core(nodeId(2)).status().term).toBe(2);
    expect(c.core(nodeId(2)).hasReady()).toBe(false);
  });
});

describe("ReadIndex", () => {
  it("serves a read on the leader after a heartbeat round, and on a follower through the leader", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    c.core(nodeId(1)).propose(new TextEncoder().encode("x"));
    c.stabilize();
    c.core(nodeId(1)).readIndex(new TextEncoder().encode("r1"));
    c.core(nodeId(2)).readIndex(new TextEncoder().encode("r2"));
    c.stabilize();
    expect(c.reads.get(1)).toEqual([{ index: 3, context: "r1" }]);
    expect(c.reads.get(2)).toEqual([{ index: 3, context: "r2" }]);
  });

  it("waits until the new leader committed an entry of its term", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    // Hold back the new leader's appends so its noop does not commit yet.
    c.link = (m) => !(m.from === 2 && m.type === "append");
    c.core(nodeId(1)).transferLeadership(nodeId(2));
    c.stabilize();
    const leader = c.core(nodeId(2));
    expect(leader.status().role).toBe("leader");
    leader.readIndex(new TextEncoder().encode("early"));
    c.stabilize();
    expect(c.reads.get(2)).toEqual([]);
    c.link = () => true;
    leader.tick();
    c.stabilize();
    expect(c.reads.get(2)?.map((r) => r.context)).toEqual(["early"]);
    expect(c.reads.get(2)?.[0]?.index).toBeGreaterThanOrEqual(leader.status().commit - 1);
  });
});

describe("membership", () => {
  it("encodes and applies one-server changes", () => {
    for (const change of [
      { type: "add-learner", nodeId: nodeId(4) },
      { type: "promote-learner", nodeId: nodeId(4) },
      { type: "remove-node", nodeId: nodeId(2) },
    ] as const) {
      expect(decodeConfigChange(encodeConfigChange(change))).toEqual(change);
    }
    let config: MembershipConfig = CONFIG3;
    config = applyConfigChange(config, { type: "add-learner", nodeId: nodeId(4) });
    expect(config).toEqual({ voters: [1, 2, 3], learners: [4] });
    config = applyConfigChange(config, { type: "promote-learner", nodeId: nodeId(4) });
    expect(config).toEqual({ voters: [1, 2, 3, 4], learners: [] });
    config = applyConfigChange(config, { type: "remove-node", nodeId: nodeId(1) });
    expect(config).toEqual({ voters: [2, 3, 4], learners: [] });
  });

  it("a removed leader steps down once its removal commits", () => {
    const c = new Cluster([nodeId(1), nodeId(2), nodeId(3)]);
    c.elect(nodeId(1));
    const r = c.core(nodeId(1)).proposeConfigChange({ type: "remove-node", nodeId: nodeId(1) });
    expect(r.ok).toBe(true);
    c.stabilize();
    expect(c.core(nodeId(1)).status().role).not.toBe("leader");
    expect(c.core(nodeId(2)).status().config.voters).toEqual([2, 3]);
  });
});

describe("MemoryLog", () => {
  it("truncates a conflicting tail on append and compacts behind a snapshot", () => {
    const log = bootstrapLog(CONFIG3);
    const e = (index: number, term: number) => ({
      index,
      term,
      type: "normal" as const,
      data: new Uint8Array([index]),
    });
    log.append([e(2, 1), e(3, 1), e(4, 1)]);
    log.append([e(3, 2)]);
    expect(log.lastIndex()).toBe(3);
    expect(log.term(3)).toBe(2);
    log.createSnapshot({ metadata: { index: 2, term: 1, config: CONFIG3 }, data: new Uint8Array(0) });
    log.compact(2);
    expect(log.firstIndex()).toBe(3);
    expect(log.term(2)).toBe(1);
    expect(log.term(1)).toBeUndefined();
    expect(() => log.entries(2, 3, 100)).toThrow();
  });
});
