import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import type { SnapshotMessage } from "../../src/core/messages.js";
import { SnapshotReceiver } from "../../src/core/snapshot-receiver.js";

const CONFIG = { voters: [1, 2, 3].map(nodeId), learners: [] };

function chunk(options: {
  index?: number;
  term?: number;
  offset: number;
  data: number[];
  done?: boolean;
}): SnapshotMessage {
  return {
    type: "snapshot",
    from: nodeId(1),
    to: nodeId(2),
    term: 4,
    metadata: { index: options.index ?? 10, term: options.term ?? 3, config: CONFIG },
    offset: options.offset,
    data: Uint8Array.from(options.data),
    done: options.done ?? false,
  };
}

describe("SnapshotReceiver (InstallSnapshot reassembly)", () => {
  it("asks for each next chunk and hands over the whole snapshot after the last", () => {
    const receiver = new SnapshotReceiver();
    expect(receiver.receive(chunk({ offset: 0, data: [1, 2] }))).toEqual({ kind: "continue", nextOffset: 2 });
    expect(receiver.receive(chunk({ offset: 2, data: [3] }))).toEqual({ kind: "continue", nextOffset: 3 });
    const outcome = receiver.receive(chunk({ offset: 3, data: [4, 5], done: true }));
    expect(outcome.kind).toBe("complete");
    if (outcome.kind !== "complete") return;
    expect([...outcome.snapshot.data]).toEqual([1, 2, 3, 4, 5]);
    expect(outcome.snapshot.metadata).toEqual({ index: 10, term: 3, config: CONFIG });
    // Handed over: a later chunk of it finds nothing held.
    expect(receiver.receive(chunk({ offset: 5, data: [6] }))).toEqual({ kind: "continue", nextOffset: 0 });
  });

  it("answers a duplicate or a gap with the offset it holds, keeping what it has", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk({ offset: 0, data: [1, 2] }));
    expect(receiver.receive(chunk({ offset: 0, data: [1, 2] }))).toEqual({ kind: "continue", nextOffset: 2 });
    expect(receiver.receive(chunk({ offset: 4, data: [5] }))).toEqual({ kind: "continue", nextOffset: 2 });
    const outcome = receiver.receive(chunk({ offset: 2, data: [3], done: true }));
    expect(outcome.kind === "complete" && [...outcome.snapshot.data]).toEqual([1, 2, 3]);
  });

  it("starts over on the first chunk of another snapshot, and refuses chunks of a third", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk({ offset: 0, data: [1, 2] }));
    expect(receiver.receive(chunk({ index: 12, term: 3, offset: 0, data: [9] }))).toEqual({
      kind: "continue",
      nextOffset: 1,
    });
    expect(receiver.receive(chunk({ index: 12, term: 4, offset: 1, data: [8] }))).toEqual({
      kind: "continue",
      nextOffset: 0,
    });
    const outcome = receiver.receive(chunk({ index: 12, term: 3, offset: 1, data: [8], done: true }));
    expect(outcome.kind === "complete" && [...outcome.snapshot.data]).toEqual([9, 8]);
  });

  it("after clear (or a restart) asks the leader to start from 0", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk({ offset: 0, data: [1, 2] }));
    receiver.clear();
    expect(receiver.receive(chunk({ offset: 2, data: [3] }))).toEqual({ kind: "continue", nextOffset: 0 });
  });
});
