/** Invariant checks: a violated invariant means a bug, so the core crashes rather than continue. */
export class RaftInvariantError extends Error {
  override readonly name = "RaftInvariantError";
}

export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new RaftInvariantError(typeof message === "string" ? message : message());
  }
}
