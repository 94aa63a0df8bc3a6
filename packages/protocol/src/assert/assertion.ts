/**
 * Rill's one assertion helper (TigerBeetle's assertions): an invariant that does not hold is a bug,
 * never bad input and never an operational error. `assert` throws an `AssertionFailure`, which no
 * code may turn into an error answer or retry: request handlers let it through and the process
 * edge (@rill/runtime's lifecycle) logs it as fatal and exits non-zero.
 *
 * Pure (no Node module, no other import): the Raft core, the metadata state machine and the
 * replication cores import it through `@rill/protocol/assert` without pulling in the rest.
 */

/** A broken invariant. Only `assert` throws it; catch it only to crash (or in a test). */
export class AssertionFailure extends Error {
  override readonly name = "AssertionFailure";
  /** Structured context logged with the fatal line. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.details = details;
  }
}

/**
 * Throws AssertionFailure("assertion failed: <message>") when `condition` is falsy. A function
 * message is built only on failure (for messages that cost something to format).
 */
export function assert(
  condition: unknown,
  message: string | (() => string),
  details?: Readonly<Record<string, unknown>>,
): asserts condition {
  if (!condition) {
    const text = typeof message === "string" ? message : message();
    throw new AssertionFailure(`assertion failed: ${text}`, details);
  }
}

export function isAssertionFailure(error: unknown): error is AssertionFailure {
  return error instanceof AssertionFailure;
}
