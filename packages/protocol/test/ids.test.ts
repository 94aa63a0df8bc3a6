import { describe, expect, expectTypeOf, it } from "vitest";
import {
  decodeOffset,
  LEADER_EPOCH_MAX,
  type LeaderEpoch,
  leaderEpoch,
  NO_NODE,
  NODE_ID_MAX,
  type NodeId,
  nodeId,
  OFFSET_MAX,
  type Offset,
  offset,
  offsetPlus,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
} from "../src/ids/index.js";
import { isRillError } from "../src/index.js";

describe("branded ids (compile time)", () => {
  it("keeps offsets, leader epochs and node ids apart", () => {
    const takesEpoch = (epoch: LeaderEpoch): number => epoch;
    const takesOffset = (position: Offset): number => position;
    // @ts-expect-error an Offset is not a LeaderEpoch
    takesEpoch(offset(3));
    // @ts-expect-error a LeaderEpoch is not an Offset
    takesOffset(leaderEpoch(3));
    // @ts-expect-error a NodeId is not an Offset
    takesOffset(nodeId(3));
    // @ts-expect-error a plain number must go through the checked constructor
    takesOffset(3);
    expectTypeOf(offset(1)).not.toEqualTypeOf<LeaderEpoch>();
    expectTypeOf<Offset>().not.toMatchTypeOf<LeaderEpoch>();
    expectTypeOf<LeaderEpoch>().not.toMatchTypeOf<NodeId>();
    // Reading one as a number needs no cast: arithmetic stays plain.
    expectTypeOf<Offset>().toMatchTypeOf<number>();
    expect(takesEpoch(leaderEpoch(2)) + takesOffset(offset(3))).toBe(5);
  });

  it("types the sentinels as their kind", () => {
    expectTypeOf(NO_NODE).toEqualTypeOf<NodeId>();
    expectTypeOf(UNDEFINED_EPOCH).toEqualTypeOf<LeaderEpoch>();
    expectTypeOf(UNDEFINED_EPOCH_OFFSET).toEqualTypeOf<Offset>();
    expect([NO_NODE, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET]).toEqual([-1, -1, -1]);
  });
});

describe("checked constructors", () => {
  it("accept the whole range and return the same number", () => {
    expect(nodeId(0)).toBe(0);
    expect(nodeId(NODE_ID_MAX)).toBe(NODE_ID_MAX);
    expect(offset(0)).toBe(0);
    expect(offset(OFFSET_MAX)).toBe(OFFSET_MAX);
    expect(leaderEpoch(0)).toBe(0);
    expect(leaderEpoch(LEADER_EPOCH_MAX)).toBe(LEADER_EPOCH_MAX);
  });

  it.each([
    ["node id", NODE_ID_MAX + 1, nodeId],
    ["node id", -1, nodeId],
    ["offset", 2 ** 53, offset],
    ["offset", -1, offset],
    ["offset", 1.5, offset],
    ["leader epoch", LEADER_EPOCH_MAX + 1, leaderEpoch],
    ["leader epoch", Number.NaN, leaderEpoch],
    ["leader epoch", Number.POSITIVE_INFINITY, leaderEpoch],
  ] as const)("a %s refuses %s with a RangeError naming the value", (kind, value, make) => {
    expect(() => make(value)).toThrow(RangeError);
    expect(() => make(value)).toThrow(`${kind} must be an integer in`);
    expect(() => make(value)).toThrow(`got ${String(value)}`);
  });

  it("offsetPlus moves an offset and checks the result", () => {
    expect(offsetPlus(offset(10), 5)).toBe(15);
    expect(offsetPlus(offset(10), -10)).toBe(0);
    expect(() => offsetPlus(offset(10), -11)).toThrow(RangeError);
    expect(() => offsetPlus(offset(OFFSET_MAX), 1)).toThrow(RangeError);
  });
});

describe("decodeOffset", () => {
  it("brands an offset from a request, and answers a negative or unsafe one with the named error", () => {
    expect(decodeOffset("fetch_offset", 7)).toBe(7);
    expect(decodeOffset("fetch_offset", -1)).toSatisfy((error) => isRillError(error, "INVALID_REQUEST"));
    expect(decodeOffset("fetch_offset", -1, "OFFSET_OUT_OF_RANGE")).toSatisfy((error) =>
      isRillError(error, "OFFSET_OUT_OF_RANGE"),
    );
    expect(decodeOffset("durable_offset", 2 ** 53)).toSatisfy((error) =>
      isRillError(error, "INVALID_REQUEST"),
    );
  });
});
