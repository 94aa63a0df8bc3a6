/**
 * Crashes on a broken invariant. An invariant failure is a bug in Rill, never a bad request: it is
 * not a RillError and must not be retried or reported to a client as one.
 */
export class InvariantViolation extends Error {
  override readonly name = "InvariantViolation";
}

export function invariant(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantViolation(typeof message === "string" ? message : message());
}

export function isSafeOffset(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
