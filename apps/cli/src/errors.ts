/**
 * How `rill` fails: one line on stderr (`rill: <message>`), never a stack trace for an expected
 * failure, and an exit code a script can act on.
 */
export const ExitCode = {
  ok: 0,
  /** The operation ran and failed (cluster error, I/O, timeout). */
  failure: 1,
  /** The command line itself was wrong (unknown option, bad value). */
  usage: 2,
  /** The outcome is unknown: a timeout or lost connection after the request was sent. */
  indeterminate: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = ExitCode.failure, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = "UsageError";
  }
}
