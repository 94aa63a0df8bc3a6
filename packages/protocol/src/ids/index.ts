/**
 * Node ids, offsets and leader epochs as branded numbers: at run time each is a plain JS number
 * (a safe integer), but the compiler keeps them apart, so a leader epoch cannot be passed where an
 * offset is expected across a package API (both were `number` before, and the compiler took
 * either for the other). Values from the wire or a file become branded once, where they are
 * decoded, through the checked constructors below; arithmetic inside a core stays on plain
 * numbers and goes back through a constructor (or `offsetPlus`) where a new value is made.
 *
 * Pure: no Node module, no clock. The Raft core and the replication core import it.
 */

import { RillError } from "../errors/rill-error.js";

declare const brand: unique symbol;

/** A `number` the compiler tells apart from other numbers by its `Name`. */
type Branded<Name extends string> = number & { readonly [brand]: Name };

/** A broker's or controller's node id (Kafka's int32 `node.id`; never negative when real). */
export type NodeId = Branded<"NodeId">;
/** A position in a partition log (Kafka's int64 offset, kept to a safe integer here). */
export type Offset = Branded<"Offset">;
/** A partition's leader epoch (Kafka's int32 `partitionLeaderEpoch`). */
export type LeaderEpoch = Branded<"LeaderEpoch">;

/** The largest node id: Kafka's node ids are int32, and config and registration refuse more. */
export const NODE_ID_MAX = 2 ** 31 - 1;
/** The largest leader epoch: the record-batch header stores it as an int32. */
export const LEADER_EPOCH_MAX = 2 ** 31 - 1;
/** The largest offset: offsets are JS numbers, exact only up to 2^53 - 1. */
export const OFFSET_MAX = Number.MAX_SAFE_INTEGER;

/** Kafka's "no leader" (an offline partition) and "no such node": never a real node id. */
export const NO_NODE = -1 as NodeId;
/** Kafka's UNDEFINED_EPOCH: "no such epoch" in an epoch lookup, never a real epoch. */
export const UNDEFINED_EPOCH = -1 as LeaderEpoch;
/** Kafka's UNDEFINED_EPOCH_OFFSET: the end offset answered with UNDEFINED_EPOCH. */
export const UNDEFINED_EPOCH_OFFSET = -1 as Offset;

function checkedInteger(kind: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${kind} must be an integer in [0, ${max}], got ${String(value)}`);
  }
  return value;
}

/** A real node id, checked: throws a RangeError naming the value unless 0 <= n <= NODE_ID_MAX. */
export function nodeId(value: number): NodeId {
  return checkedInteger("node id", value, NODE_ID_MAX) as NodeId;
}

/** A real offset, checked: throws a RangeError naming the value unless 0 <= n <= OFFSET_MAX. */
export function offset(value: number): Offset {
  return checkedInteger("offset", value, OFFSET_MAX) as Offset;
}

/** A real leader epoch, checked: throws a RangeError unless 0 <= n <= LEADER_EPOCH_MAX. */
export function leaderEpoch(value: number): LeaderEpoch {
  return checkedInteger("leader epoch", value, LEADER_EPOCH_MAX) as LeaderEpoch;
}

/** `base + delta` as an offset, checked like `offset` (so a negative result throws). */
export function offsetPlus(base: Offset, delta: number): Offset {
  return offset(base + delta);
}

/**
 * A node id from a request, a response or a config entry, branded here, once, where it is
 * decoded. A value out of [min, NODE_ID_MAX] is the sender's fault: INVALID_REQUEST naming the
 * field and the value (never the RangeError of `nodeId()`, which marks a bug in the caller).
 * `min` is 1 where 0 means "no node" (Raft's members).
 */
export function decodeNodeId(field: string, value: number, min = 0): NodeId {
  if (!Number.isSafeInteger(value) || value < min || value > NODE_ID_MAX) {
    throw new RillError("INVALID_REQUEST", `${field} ${value} is not a node id in [${min}, ${NODE_ID_MAX}]`);
  }
  return nodeId(value);
}

/**
 * An offset from a request, branded here, once, where it is decoded. A negative or unsafe value
 * is the sender's: answered with `errorName` (a consumer's fetch offset before the log start is
 * OFFSET_OUT_OF_RANGE, as in Kafka, so its auto.offset.reset applies), returned rather than thrown
 * so one bad partition of a request fails alone.
 */
export function decodeOffset(
  field: string,
  value: number,
  errorName: "INVALID_REQUEST" | "OFFSET_OUT_OF_RANGE" = "INVALID_REQUEST",
): Offset | RillError {
  if (!Number.isSafeInteger(value) || value < 0 || value > OFFSET_MAX) {
    return new RillError(errorName, `${field} ${value} is not an offset in [0, ${OFFSET_MAX}]`);
  }
  return offset(value);
}

/** The smaller of two offsets, still an Offset (Math.min would widen it to a number). */
export function offsetMin(a: Offset, b: Offset): Offset {
  return a < b ? a : b;
}

/** The larger of two offsets, still an Offset (Math.max would widen it to a number). */
export function offsetMax(a: Offset, b: Offset): Offset {
  return a > b ? a : b;
}
