/**
 * The controller's command line, shared by `apps/controller/src/main.ts` and `rill controller
 * start`: flags → config keys, start, and a clear one-line failure.
 *
 * Flags: `--node-id N --listen HOST:PORT --voters ID@HOST:PORT,... --data-dir DIR
 * [--metrics-listen HOST:PORT] [--advertise HOST:PORT] [--config FILE]`, and any other config key as `--key-with-dashes
 * VALUE` (`--broker-session-timeout-ms 6000`). Precedence: flags over RILL_* env over the file.
 */
import { isRillError } from "@rill/protocol";
import type { FlagValue } from "@rill/runtime";
import { startController } from "./controller-process.js";

/** The short flags `rill dev up` passes, and the config keys they set. */
const FLAG_KEYS: Readonly<Record<string, string>> = {
  "node-id": "node.id",
  listen: "listeners",
  voters: "controller.quorum.voters",
  "data-dir": "data.dir",
  "metrics-listen": "metrics.listener",
  advertise: "advertised.listeners",
};

/** Maps parsed flag names (without `--`) to config keys; unknown names become `a.b.c` keys. */
export function controllerFlagsToConfig(
  flags: Readonly<Record<string, string | undefined>>,
): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const [flag, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    values[FLAG_KEYS[flag] ?? flag.replaceAll("-", ".")] = value;
  }
  return values;
}

export class ControllerUsageError extends Error {}

/** Parses `--flag value` pairs; `--config` is returned apart. */
export function parseControllerArguments(argv: readonly string[]): {
  configFile: string | undefined;
  flags: Record<string, FlagValue>;
} {
  const raw: Record<string, string> = {};
  let configFile: string | undefined;
  for (let position = 0; position < argv.length; position += 2) {
    const flag = argv[position] as string;
    const value = argv[position + 1];
    if (!flag.startsWith("--") || flag.length < 3)
      throw new ControllerUsageError(`unexpected argument '${flag}'`);
    if (value === undefined || value.startsWith("--"))
      throw new ControllerUsageError(`${flag} needs a value`);
    const name = flag.slice(2);
    if (name === "config") configFile = value;
    else if (Object.hasOwn(raw, name)) throw new ControllerUsageError(`${flag} is given twice`);
    else raw[name] = value;
  }
  return { configFile, flags: controllerFlagsToConfig(raw) };
}

/**
 * Starts the controller in this process and keeps it running until SIGTERM/SIGINT (exit 0 once
 * every shutdown step finished). On a start-up failure prints one line and exits 1 (2 for bad
 * usage or configuration).
 */
export async function runControllerMain(argv: readonly string[]): Promise<void> {
  try {
    const { configFile, flags } = parseControllerArguments(argv);
    await startController({ configFile, flags, installSignalHandlers: true });
  } catch (error) {
    const usage =
      error instanceof ControllerUsageError || (isRillError(error, "INVALID_CONFIG") && "problems" in error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rill controller: ${message}\n`);
    process.exit(usage ? 2 : 1);
  }
}
