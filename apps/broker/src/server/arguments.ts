/**
 * The broker's command line, shared by src/main.ts and `rill broker start`: the short flags
 * `rill dev up` passes (`--node-id --listen --controllers --data-dir --metrics-listen`), plus any
 * config key as `--key-with-dashes VALUE` (runtime's convention: `--replica-lag-time-max-ms
 * 10000`), and `--config FILE`. Precedence: flags over RILL_* env over the file.
 */
import type { FlagValue } from "@rill/runtime";
import { brokerFlagKeys } from "./config.js";

/** The short flags and the config keys they set. */
export const BROKER_FLAG_KEYS: Readonly<Record<string, string>> = {
  "node-id": brokerFlagKeys.nodeId,
  listen: brokerFlagKeys.listen,
  "advertised-listener": brokerFlagKeys.advertisedListener,
  controllers: brokerFlagKeys.controllers,
  "data-dir": brokerFlagKeys.dataDir,
  "metrics-listen": brokerFlagKeys.metricsListen,
  rack: brokerFlagKeys.rack,
  "log-level": brokerFlagKeys.logLevel,
  "log-file": brokerFlagKeys.logFile,
};

/** The most flags one command line may carry. */
export const BROKER_ARGUMENTS_MAX = 256;

export class BrokerUsageError extends Error {
  override readonly name = "BrokerUsageError";
}

export interface BrokerArguments {
  readonly configFile: string | undefined;
  /** Config values by key (unknown keys are reported by the config loader, with a suggestion). */
  readonly values: Record<string, FlagValue>;
}

/** `--flag value` or `--flag=value` pairs; throws BrokerUsageError on anything else. */
export function parseBrokerArguments(argv: readonly string[]): BrokerArguments {
  if (argv.length > BROKER_ARGUMENTS_MAX * 2) throw new BrokerUsageError("too many arguments");
  const values: Record<string, FlagValue> = {};
  let configFile: string | undefined;
  for (let position = 0; position < argv.length; position += 1) {
    const argument = argv[position] as string;
    if (!argument.startsWith("--") || argument.length < 3) {
      throw new BrokerUsageError(`unexpected argument '${argument}'`);
    }
    const equals = argument.indexOf("=");
    const name = equals > 0 ? argument.slice(2, equals) : argument.slice(2);
    let value: string | undefined;
    if (equals > 0) value = argument.slice(equals + 1);
    else {
      value = argv[position + 1];
      position += 1;
    }
    if (value === undefined || (equals < 0 && value.startsWith("--"))) {
      throw new BrokerUsageError(`--${name} needs a value`);
    }
    if (name === "config") {
      configFile = value;
      continue;
    }
    const key = BROKER_FLAG_KEYS[name] ?? name.replaceAll("-", ".");
    if (Object.hasOwn(values, key)) throw new BrokerUsageError(`--${name} is given twice`);
    values[key] = value;
  }
  return { configFile, values };
}
