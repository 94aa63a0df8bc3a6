import { isAssertionFailure } from "@rill/protocol";
import type { Logger } from "pino";
import { serializeError } from "../log/logger.js";

interface PanicHandler {
  readonly logger: Logger | undefined;
  readonly exit: (code: number) => void;
}

/** Exit code of a process that stopped on a broken invariant or an uncaught error. */
export const crashExitCode = 1;

let handler: PanicHandler = { logger: undefined, exit: (code) => process.exit(code) };

/** Where `crash` logs and how it exits; the lifecycle sets this to the process logger. */
export function configurePanic(options: {
  readonly logger?: Logger;
  readonly exit?: (code: number) => void;
}): void {
  handler = { logger: options.logger ?? handler.logger, exit: options.exit ?? handler.exit };
}

/**
 * The process edge of Rill's one assertion helper (@rill/protocol `assert`) and of every other
 * uncaught error: logs a fatal line and exits non-zero (crash-only: no shutdown hooks run). An
 * AssertionFailure is logged as itself (its message, details and stack, `assertion: true`):
 * request handlers let it through to here instead of answering, so the process never carries on
 * with suspect state.
 */
export function crash(kind: string, error: unknown): void {
  if (isAssertionFailure(error)) {
    const fields = { ...error.details, assertion: true, stack: error.stack };
    if (handler.logger !== undefined) handler.logger.fatal(fields, error.message);
    else process.stderr.write(`${JSON.stringify({ level: "fatal", msg: error.message, ...fields })}\n`);
    handler.exit(crashExitCode);
    return;
  }
  const message = `${kind}: ${error instanceof Error ? error.message : String(error)}`;
  if (handler.logger !== undefined) {
    handler.logger.fatal({ err: error }, message);
  } else {
    process.stderr.write(`${JSON.stringify({ level: "fatal", msg: message, err: serializeError(error) })}\n`);
  }
  handler.exit(crashExitCode);
}
