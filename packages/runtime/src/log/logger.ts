import { RillError } from "@rill/protocol";
import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "../config/common.js";

export type { Logger } from "pino";

/** A serialized error: name, message, stack, RillError's stable name/code/retriable/details, and the cause chain. */
export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly errorName?: string;
  readonly code?: number | string;
  readonly retriable?: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: SerializedError | string | object;
}

/** Deep cause chains are cut here so a cyclic or runaway chain cannot blow up a log line. */
const causeDepthMax = 8;

/** Non-errors pass through: a plain object is logged as it is, anything else as its text. */
export function serializeError(error: unknown, depth = 0): SerializedError | string | object {
  if (!(error instanceof Error)) return typeof error === "object" && error !== null ? error : String(error);
  const serialized: Record<string, unknown> = { type: error.name, message: error.message };
  if (error.stack !== undefined) serialized.stack = error.stack;
  if (error instanceof RillError) {
    serialized.errorName = error.errorName;
    serialized.code = error.code;
    serialized.retriable = error.retriable;
    if (Object.keys(error.details).length > 0) serialized.details = error.details;
  } else {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) serialized.code = code;
  }
  if (error.cause !== undefined && depth < causeDepthMax)
    serialized.cause = serializeError(error.cause, depth + 1);
  return serialized as unknown as SerializedError;
}

export interface CreateLoggerOptions {
  /** The process's role, e.g. "controller" or "broker"; every line carries it. */
  readonly name: string;
  readonly level: LogLevel;
  /** Write to this file (appended, created with its folder) instead of stdout. */
  readonly file?: string | undefined;
  /** Fields on every line, e.g. `{ nodeId: 1 }`. */
  readonly base?: Readonly<Record<string, unknown>>;
  /** Where lines go (tests); overrides `file`. */
  readonly stream?: DestinationStream;
}

/**
 * The process logger: one JSON object per line (pino), ISO time, level as a label, errors under
 * `err` serialized with their RillError name and code. Writes are synchronous so that the last
 * lines before a crash (panic, uncaught error) are never lost in a buffer; log volume on the hot
 * path must stay low (debug level off by default) for this to be cheap.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const stream =
    options.stream ??
    pino.destination(
      options.file === undefined
        ? { dest: 1, sync: true }
        : { dest: options.file, sync: true, mkdir: true, append: true },
    );
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, error: serializeError },
    },
    stream,
  );
}

/** A logger for one component (`raft`, `metadata`, `rpc`): every line carries `component`. */
export function componentLogger(
  logger: Logger,
  component: string,
  fields: Readonly<Record<string, unknown>> = {},
): Logger {
  return logger.child({ component, ...fields });
}
