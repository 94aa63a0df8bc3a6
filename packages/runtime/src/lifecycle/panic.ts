import type { Logger } from "pino";
import { serializeError } from "../log/logger.js";

interface PanicHandler {
  readonly logger: Logger | undefined;
  readonly exit: (code: number) => void;
}

/** Exit code of a process that stopped on a broken invariant or an uncaught error. */
export const crashExitCode = 1;

let handler: PanicHandler = { logger: undefined, exit: (code) => process.exit(code) };

/** Where `panic` logs and how it exits; the lifecycle sets this to the process logger. */
export function configurePanic(options: {
  readonly logger?: Logger;
  readonly exit?: (code: number) => void;
}): void {
  handler = { logger: options.logger ?? handler.logger, exit: options.exit ?? handler.exit };
}

/**
 * Stops the process on a broken invariant: a bug, never an operational error, never retried
 * (TigerBeetle's assertions). Logs at fatal level with the details and a stack, then exits.
 */
export function panic(message: string, details: Readonly<Record<string, unknown>> = {}): never {
  const stack = new Error(message).stack;
  if (handler.logger !== undefined) {
    handler.logger.fatal({ ...details, panic: true, stack }, message);
  } else {
    process.stderr.write(
      `${JSON.stringify({ level: "fatal", panic: true, msg: message, ...details, stack })}\n`,
    );
  }
  handler.exit(crashExitCode);
  // An injected exit (tests) returns; nothing after a panic may run.
  throw new Error(`panic: ${message}`);
}

/** `assert(condition, message)`: panics when the condition does not hold. */
export function assert(
  condition: unknown,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): asserts condition {
  if (!condition) panic(`assertion failed: ${message}`, details);
}

/** Logs an uncaught error as fatal and exits non-zero (crash-only: no shutdown hooks run). */
export function crash(kind: string, error: unknown): void {
  const message = `${kind}: ${error instanceof Error ? error.message : String(error)}`;
  if (handler.logger !== undefined) {
    handler.logger.fatal({ err: error }, message);
  } else {
    process.stderr.write(`${JSON.stringify({ level: "fatal", msg: message, err: serializeError(error) })}\n`);
  }
  handler.exit(crashExitCode);
}
