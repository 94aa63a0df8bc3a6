import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { MAX_PENDING_READS, ReadIndex } from "../../src/core/read-index.js";

const LEADER = nodeId(1);
const VOTERS = [1, 2, 3, 4, 5].map(nodeId);

function context(n: number): Uint8Array {
  return Uint8Array.of(n);
}

describe("ReadIndex (the leader's read barrier)", () => {
  it("releases a read once a quorum of voters answered its round, not before", () => {
    const reads = new ReadIndex();
    expect(reads.add(7, context(1), LEADER, LEADER)).toBe(true);
    expect(reads.heartbeatSeq).toBe(1);
    expect(reads.ack(nodeId(2), 1, VOTERS)).toEqual([]);
    const released = reads.ack(nodeId(3), 1, VOTERS);
    expect(released.map((r) => [r.index, r.from, r.context[0]])).toEqual([[7, LEADER, 1]]);
    expect(reads.heartbeatSeq).toBe(0);
  });

  it("counts only voters toward the quorum", () => {
    const reads = new ReadIndex();
    reads.add(3, context(1), LEADER, LEADER);
    expect(reads.ack(nodeId(9), 1, VOTERS)).toEqual([]);
    expect(reads.ack(nodeId(8), 1, VOTERS)).toEqual([]);
    expect(reads.ack(nodeId(2), 1, VOTERS)).toEqual([]);
    expect(reads.ack(nodeId(4), 1, VOTERS)).toHaveLength(1);
  });

  it("takes an answer to a later round for every earlier one and releases in the order asked", () => {
    const reads = new ReadIndex();
    reads.add(5, context(1), LEADER, LEADER);
    reads.add(6, context(2), nodeId(2), LEADER);
    reads.add(6, context(3), LEADER, LEADER);
    expect(reads.ack(nodeId(2), 2, VOTERS)).toEqual([]);
    const released = reads.ack(nodeId(3), 2, VOTERS);
    expect(released.map((r) => r.context[0])).toEqual([1, 2]);
    expect(reads.heartbeatSeq).toBe(3);
    // The third read's own round still needs a quorum of its own (answers to round 2 do not count).
    expect(reads.ack(nodeId(4), 3, VOTERS)).toEqual([]);
    expect(reads.ack(nodeId(5), 3, VOTERS).map((r) => r.context[0])).toEqual([3]);
  });

  it("parks reads until the term's first commit and hands them back once", () => {
    const reads = new ReadIndex();
    reads.awaitCommit({ context: context(1), from: LEADER });
    reads.awaitCommit({ context: context(2), from: nodeId(3) });
    expect(reads.takeAwaitingCommit().map((r) => [r.context[0], r.from])).toEqual([
      [1, LEADER],
      [2, 3],
    ]);
    expect(reads.takeAwaitingCommit()).toEqual([]);
  });

  it("drops reads beyond MAX_PENDING_READS in either queue", () => {
    const reads = new ReadIndex();
    for (let n = 0; n < MAX_PENDING_READS; n += 1) {
      expect(reads.add(1, context(0), LEADER, LEADER)).toBe(true);
      reads.awaitCommit({ context: context(0), from: LEADER });
    }
    expect(reads.add(1, context(0), LEADER, LEADER)).toBe(false);
    reads.awaitCommit({ context: context(0), from: LEADER });
    expect(reads.takeAwaitingCommit()).toHaveLength(MAX_PENDING_READS);
    expect(reads.heartbeatSeq).toBe(MAX_PENDING_READS);
  });

  it("forgets every waiting read on reset (a new term proves nothing about the old one)", () => {
    const reads = new ReadIndex();
    reads.add(1, context(1), LEADER, LEADER);
    reads.awaitCommit({ context: context(2), from: LEADER });
    reads.reset();
    expect(reads.heartbeatSeq).toBe(0);
    expect(reads.ack(nodeId(2), 1, VOTERS)).toEqual([]);
    expect(reads.ack(nodeId(3), 1, VOTERS)).toEqual([]);
    expect(reads.takeAwaitingCommit()).toEqual([]);
  });
});
