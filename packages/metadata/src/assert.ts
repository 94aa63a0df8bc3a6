/**
 * Invariant assertions are Rill's one assertion helper (@rill/protocol/assert): they stay on in
 * production and crash on a bug. Never catch an AssertionError to carry on; never use it for bad
 * input from outside.
 */
export { AssertionFailure as AssertionError, assert } from "@rill/protocol/assert";
