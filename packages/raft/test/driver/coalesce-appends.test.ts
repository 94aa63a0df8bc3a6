import { describe, expect, it } from "vitest";
import type { AppendMessage, Message } from "../../src/core/messages.js";
import type { Entry } from "../../src/core/types.js";
import { coalesceAppends } from "../../src/driver/coalesce-appends.js";

const entry = (index: number, term = 2, bytes = 10): Entry => ({
  index,
  term,
  type: "normal",
  data: new Uint8Array(bytes),
});

function append(
  to: number,
  prevLogIndex: number,
  prevLogTerm: number,
  entries: Entry[],
  commit = 0,
): AppendMessage {
  return { type: "append", from: 1, to, term: 2, prevLogIndex, prevLogTerm, entries, commit };
}

describe("coalesceAppends", () => {
  it("merges appends to one follower that continue each other, keeping the latest commit", () => {
    const merged = coalesceAppends(
      [
        append(2, 4, 1, [entry(5)], 3),
        append(3, 4, 1, [entry(5)], 3),
        append(2, 5, 2, [entry(6), entry(7)], 4),
      ],
      1 << 20,
    );
    expect(merged).toEqual([
      append(2, 4, 1, [entry(5), entry(6), entry(7)], 4),
      append(3, 4, 1, [entry(5)], 3),
    ]);
  });

  it("keeps appends that do not continue, and never reorders around other messages to the same follower", () => {
    const heartbeat: Message = { type: "heartbeat", from: 1, to: 2, term: 2, commit: 5, readSeq: 1 };
    const messages: Message[] = [
      append(2, 4, 1, [entry(5)]),
      heartbeat,
      append(2, 5, 2, [entry(6)]),
      append(2, 9, 2, [entry(10)]), // a gap: not a continuation
      append(3, 0, 0, [entry(1, 1)], 0),
      append(3, 1, 2, [entry(2)]), // the previous entry's term differs: not a continuation
    ];
    expect(coalesceAppends(messages, 1 << 20)).toEqual(messages);
    // An empty append right after a run only carries its commit index.
    expect(coalesceAppends([append(2, 4, 1, [entry(5)], 3), append(2, 5, 2, [], 5)], 1 << 20)).toEqual([
      append(2, 4, 1, [entry(5)], 5),
    ]);
  });

  it("stops a run at the byte limit", () => {
    const messages = [append(2, 0, 0, [entry(1, 2, 600)]), append(2, 1, 2, [entry(2, 2, 600)])];
    expect(coalesceAppends(messages, 1000)).toHaveLength(2);
    expect(coalesceAppends(messages, 1200)).toHaveLength(1);
  });
});
