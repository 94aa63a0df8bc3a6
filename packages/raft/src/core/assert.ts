/**
 * The Raft core's invariant checks are Rill's one assertion helper (a pure module): a violated
 * invariant is a bug, so the core throws AssertionFailure and the process crashes.
 */
export { AssertionFailure as RaftInvariantError, assert as invariant } from "@rill/protocol/assert";
