import { isRillError } from "@rill/protocol";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";

/** The flags of `rill broker start`, as commander names them; each sets one config key. */
interface BrokerStartOptions {
  readonly nodeId?: string;
  readonly listen?: string;
  readonly advertisedListener?: string;
  readonly controllers?: string;
  readonly dataDir?: string;
  readonly metricsListen?: string;
  readonly rack?: string;
  readonly logLevel?: string;
  readonly logFile?: string;
  readonly config?: string;
}

/**
 * `rill broker start`: one broker process in the foreground, as `rill dev up` and
 * deploy/docker-compose.yml run it. @rill/broker (gRPC, storage, metrics) is imported only here,
 * so that every other `rill` command starts fast.
 */
export function brokerCommand(): Command {
  const broker = new Command("broker").description("run a broker (hosts partition replicas, serves clients)");
  broker
    .command("start")
    .description(
      "start a broker in the foreground; it registers with the controllers and serves on --listen. " +
        "SIGTERM or Ctrl-C moves its leaderships away (controlled shutdown), then stops it",
    )
    .option("--node-id <n>", "the broker's node id (config node.id; must match its data dir)")
    .option(
      "--listen <listeners>",
      "where the gRPC servers bind: host:port, or NAME://host:port,... (config listeners; port 0: any)",
    )
    .option(
      "--advertised-listener <listeners>",
      "what each listener is reachable as: host:port, or NAME://host:port,... (config advertised.listeners)",
    )
    .option("--controllers <host:port,...>", "controllers to find the quorum through")
    .option("--data-dir <dir>", "the broker's data dir, formatted with `rill storage format`")
    .option("--metrics-listen <host:port>", "where GET /metrics and /healthz are served")
    .option("--rack <rack>", "the broker's rack (failure domain)")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .option("--log-file <file>", "write the JSON log here instead of stdout")
    .option("--config <file>", "a .properties or .json config file (flags win over it, RILL_* env too)")
    // Any other config key is a flag too (`--replica-lag-time-max-ms 10000`), checked by the
    // broker's config loader. (An argument, not allowExcessArguments: the program's settings,
    // copied down the tree, would turn that off again.)
    .argument("[config-flags...]", "any other config key as --key-with-dashes VALUE")
    .allowUnknownOption()
    .addHelpText(
      "after",
      [
        "",
        "Any config key is also a flag, dots as dashes: --replica-lag-time-max-ms 10000.",
        "Every key can come from the environment too: RILL_<KEY> (node.id → RILL_NODE_ID).",
      ].join("\n"),
    )
    .action(async (_configFlags: string[], options: BrokerStartOptions, command: Command) => {
      const { BrokerUsageError, brokerFlagKeys, isStoppedDuringStartUp, parseBrokerArguments, startBroker } =
        await import("@rill/broker");
      let values: Record<string, unknown>;
      try {
        values = parseBrokerArguments(command.args).values;
      } catch (error) {
        if (error instanceof BrokerUsageError) throw new UsageError(error.message);
        throw error;
      }
      for (const [name, key] of Object.entries(brokerFlagKeys)) {
        const value = options[name as keyof typeof brokerFlagKeys];
        if (value === undefined) continue;
        if (Object.hasOwn(values, key)) throw new UsageError(`${key} is given twice`);
        values[key] = value;
      }
      try {
        await startBroker({ configFile: options.config, values: values as Record<string, string> });
      } catch (error) {
        // Stopped by a signal while starting: the broker's lifecycle exits once it has shut down.
        if (isStoppedDuringStartUp(error)) return;
        if (isRillError(error, "INVALID_CONFIG")) throw new UsageError(error.message);
        if (isRillError(error)) throw new CliError(error.message, undefined, { cause: error });
        throw error;
      }
    });
  return broker;
}
