/**
 * Invariant assertions (TigerBeetle style): they stay on in production and crash on a bug.
 * Never catch an AssertionError to carry on; never use it for bad input from outside.
 */
export class AssertionError extends Error {
  override readonly name = "AssertionError";
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(`assertion failed: ${message}`);
}
