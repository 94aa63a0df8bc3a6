/**
 * Model-based check of DurableRaftStorage: random appends (with conflicting-suffix truncation
 * across segment boundaries), hard-state changes, local snapshots, clean reopens and abandoned
 * instances ("crashes": reopened without close) must always read back as the model says.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeId } from "@rill/protocol/ids";
import { NodeFileSystem } from "@rill/storage";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Entry, type HardState, RAFT_NO_NODE } from "../../src/core/types.js";
import { DurableRaftStorage } from "../../src/storage/durable-storage.js";

type Operation =
  | { kind: "append"; back: number; count: number; bytes: number }
  | { kind: "term"; vote: number }
  | { kind: "commit"; fraction: number }
  | { kind: "snapshot"; fraction: number }
  | { kind: "reopen"; clean: boolean };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("append" as const),
      back: fc.nat(6),
      count: fc.integer({ min: 1, max: 8 }),
      bytes: fc.nat(40),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("term" as const), vote: fc.nat(3) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("commit" as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("snapshot" as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reopen" as const), clean: fc.boolean() }) },
);

const config = { voters: [1, 2, 3].map(nodeId), learners: [] };
const fileSystem = new NodeFileSystem();

async function check(operations: readonly Operation[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "rill-raft-model-"));
  /** "Crashed" instances: their file handles are released only when the case is over. */
  const abandoned: DurableRaftStorage[] = [];
  try {
    await DurableRaftStorage.format(fileSystem, dir, { nodeId: nodeId(1), bootstrapConfig: config });
    const open = () => DurableRaftStorage.open({ dir, fileSystem, segmentBytesMax: 160 });
    let storage = await open();
    // The model: every entry after the snapshot, the hard state, the snapshot index.
    let log: Entry[] = [];
    let snapshotIndex = 0;
    let hard: HardState = { term: 1, vote: RAFT_NO_NODE, commit: 0 };
    await storage.persist({ hardState: hard });
    let serial = 0;
    for (const op of operations) {
      const last = log.at(-1)?.index ?? snapshotIndex;
      if (op.kind === "append") {
        const start = Math.max(hard.commit + 1, snapshotIndex + 1, last + 1 - op.back);
        const entries = Array.from({ length: op.count }, (_, i) => ({
          index: start + i,
          term: hard.term,
          type: "normal" as const,
          data: new Uint8Array(op.bytes).fill(++serial % 256),
        }));
        await storage.persist({ entries });
        log = [...log.filter((entry) => entry.index < start), ...entries];
      } else if (op.kind === "term") {
        hard = { term: hard.term + 1, vote: nodeId(op.vote), commit: hard.commit };
        await storage.persist({ hardState: hard });
      } else if (op.kind === "commit") {
        const commit = Math.max(hard.commit, Math.floor(hard.commit + (last - hard.commit) * op.fraction));
        hard = { ...hard, commit };
        await storage.persist({ hardState: hard });
      } else if (op.kind === "snapshot") {
        const index = Math.floor(snapshotIndex + (hard.commit - snapshotIndex) * op.fraction);
        if (index > snapshotIndex) {
          const term = log.find((entry) => entry.index === index)?.term as number;
          await storage.saveSnapshot({
            metadata: { index, term, config },
            data: new Uint8Array([index % 256]),
          });
          log = log.filter((entry) => entry.index > index);
          snapshotIndex = index;
        }
      } else {
        if (op.clean) await storage.close();
        else abandoned.push(storage);
        storage = await open();
        const state = storage.initialState().hardState;
        expect({ term: state.term, vote: state.vote }).toEqual({ term: hard.term, vote: hard.vote });
        // Commit moving alone is written lazily: after a crash it may be lower, never higher.
        expect(state.commit).toBeLessThanOrEqual(hard.commit);
        if (op.clean) expect(state.commit).toBe(hard.commit);
        hard = { ...hard, commit: Math.max(state.commit, snapshotIndex) };
      }
      expect(storage.firstIndex()).toBe(snapshotIndex + 1);
      expect(storage.lastIndex()).toBe(log.at(-1)?.index ?? snapshotIndex);
      if (log.length > 0)
        expect(storage.entries(snapshotIndex + 1, storage.lastIndex() + 1, 1 << 30)).toEqual(log);
    }
    await storage.close();
  } finally {
    for (const instance of abandoned) await instance.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

describe("DurableRaftStorage against a model", () => {
  it("reads back what was persisted across random operations and reopens", async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 40 }), check), {
      numRuns: 40,
    });
  });
});
