import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import type { AppendMessage, Message } from "../../src/core/messages.js";
import type { Entry, NodeId } from "../../src/core/types.js";
import { coalesceAppends } from "../../src/driver/coalesce-appends.js";

const entry = (index: number, term = 2, bytes = 10): Entry => ({
  index,
  term,
  type: "normal",
  data: new Uint8Array(bytes),
});

function append(
  to: NodeId,
  prevLogIndex: number,
  prevLogTerm: number,
  entries: Entry[],
  commit = 0,
): AppendMessage {
  return { type: "append", from: nodeId(1), to, term: 2, prevLogIndex, prevLogTerm, entries, commit };
}

describe("coalesceAppends", () => {
  it("merges appends to one follower that continue each other, keeping the latest commit", () => {
    const merged = coalesceAppends(
      [
        append(nodeId(2), 4, 1, [entry(5)], 3),
        append(nodeId(3), 4, 1, [entry(5)], 3),
        append(nodeId(2), 5, 2, [entry(6), entry(7)], 4),
      ],
      1 << 20,
    );
    expect(merged).toEqual([
      append(nodeId(2), 4, 1, [entry(5), entry(6), entry(7)], 4),
      append(nodeId(3), 4, 1, [entry(5)], 3),
    ]);
  });

  it("keeps appends that do not continue, and never reorders around other messages to the same follower", () => {
    const heartbeat: Message = {
      type: "heartbeat",
      from: nodeId(1),
      to: nodeId(2),
      term: 2,
      commit: 5,
      readSeq: 1,
    };
    const messages: Message[] = [
      append(nodeId(2), 4, 1, [entry(5)]),
      heartbeat,
      append(nodeId(2), 5, 2, [entry(6)]),
      append(nodeId(2), 9, 2, [entry(10)]), // a gap: not a continuation
      append(nodeId(3), 0, 0, [entry(1, 1)], 0),
      append(nodeId(3), 1, 2, [entry(2)]), // the previous entry's term differs: not a continuation
    ];
    expect(coalesceAppends(messages, 1 << 20)).toEqual(messages);
    // An empty append right after a run only carries its commit index.
    expect(
      coalesceAppends([append(nodeId(2), 4, 1, [entry(5)], 3), append(nodeId(2), 5, 2, [], 5)], 1 << 20),
    ).toEqual([append(nodeId(2), 4, 1, [entry(5)], 5)]);
  });

  it("stops a run at the byte limit", () => {
    const messages = [
      append(nodeId(2), 0, 0, [entry(1, 2, 600)]),
      append(nodeId(2), 1, 2, [entry(2, 2, 600)]),
    ];
    expect(coalesceAppends(messages, 1000)).toHaveLength(2);
    expect(coalesceAppends(messages, 1200)).toHaveLength(1);
  });
});
