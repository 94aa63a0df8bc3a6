/**
 * Invariants are checked with Rill's one assertion helper (@rill/protocol/assert): a failure is a
 * bug in Rill, never a bad request; it is not a RillError and must not be retried or reported to a
 * client as one (the process crashes).
 */
export { AssertionFailure as InvariantViolation, assert as invariant } from "@rill/protocol/assert";

export function isSafeOffset(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
