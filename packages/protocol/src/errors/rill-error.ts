import { ErrorCodes, type ErrorName, errorNameForCode } from "./codes.js";

/**
 * The one error type that crosses Rill's boundaries (SDK, CLI, logs, gRPC status details).
 * `name` is the stable error name (e.g. NOT_LEADER_OR_FOLLOWER), `code` its stable number.
 */
export class RillError extends Error {
  readonly errorName: ErrorName;
  readonly code: number;
  readonly retriable: boolean;
  /** Structured context, e.g. `{ leaderId, leaderEpoch }` for NOT_LEADER_OR_FOLLOWER. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    errorName: ErrorName,
    message?: string,
    options?: { cause?: unknown; details?: Readonly<Record<string, unknown>> },
  ) {
    const definition = ErrorCodes[errorName];
    super(message ?? definition.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = errorName;
    this.errorName = errorName;
    this.code = definition.code;
    this.retriable = definition.retriable;
    this.details = options?.details ?? {};
  }

  /** Rebuilds an error received as a numeric code (from the wire or a log). */
  static fromCode(code: number, message?: string, details?: Readonly<Record<string, unknown>>): RillError {
    return new RillError(errorNameForCode(code), message, details === undefined ? undefined : { details });
  }
}

export function isRillError(error: unknown, name?: ErrorName): error is RillError {
  return error instanceof RillError && (name === undefined || error.errorName === name);
}
