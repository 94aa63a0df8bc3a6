import { isRillError } from "@rill/protocol";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";

/** The flags of `rill controller start`, as commander names them; each sets one config key. */
interface ControllerStartOptions {
  readonly nodeId?: string;
  readonly listen?: string;
  readonly voters?: string;
  readonly dataDir?: string;
  readonly metricsListen?: string;
  readonly advertise?: string;
  readonly logLevel?: string;
  readonly logFile?: string;
  readonly config?: string;
}

/**
 * `rill controller start`: one member of the metadata quorum in the foreground, as `rill dev up`
 * and deploy/docker-compose.yml run it. @rill/controller (Raft, gRPC, metrics) is imported only
 * here, so that every other `rill` command starts fast.
 */
export function controllerCommand(): Command {
  const controller = new Command("controller").description(
    "run a controller (a member of the Raft quorum that owns the cluster metadata)",
  );
  controller
    .command("start")
    .description(
      "start a controller in the foreground; it serves Raft peers, ControllerService and health on " +
        "--listen. SIGTERM or Ctrl-C stops it cleanly (exit 0)",
    )
    .option("--node-id <n>", "the controller's node id (config node.id; must match its data dir)")
    .option("--listen <host:port>", "where the gRPC server binds (config listeners)")
    .option("--voters <id@host:port,...>", "every voter of the quorum (config controller.quorum.voters)")
    .option("--data-dir <dir>", "the controller's data dir, formatted with `rill storage format`")
    .option("--metrics-listen <host:port>", "where GET /metrics and /healthz are served")
    .option("--advertise <host:port>", "this controller's address as the voters list names it (checked)")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .option("--log-file <file>", "write the JSON log here instead of stdout")
    .option("--config <file>", "a .properties or .json config file (flags win over it, RILL_* env too)")
    // Any other config key is a flag too (`--broker-session-timeout-ms 6000`), checked by the
    // controller's config loader.
    .argument("[config-flags...]", "any other config key as --key-with-dashes VALUE")
    .allowUnknownOption()
    .addHelpText(
      "after",
      [
        "",
        "Any config key is also a flag, dots as dashes: --raft-election-timeout-ms 1000.",
        "Every key can come from the environment too: RILL_<KEY> (node.id → RILL_NODE_ID).",
      ].join("\n"),
    )
    .action(async (_configFlags: string[], options: ControllerStartOptions, command: Command) => {
      const { ControllerUsageError, controllerFlagsToConfig, parseControllerArguments, startController } =
        await import("@rill/controller");
      let extra: ReturnType<typeof parseControllerArguments>;
      try {
        extra = parseControllerArguments(command.args);
      } catch (error) {
        if (error instanceof ControllerUsageError) throw new UsageError(error.message);
        throw error;
      }
      const named = controllerFlagsToConfig({
        "node-id": options.nodeId,
        listen: options.listen,
        voters: options.voters,
        "data-dir": options.dataDir,
        "metrics-listen": options.metricsListen,
        advertise: options.advertise,
        "log-level": options.logLevel,
        "log-file": options.logFile,
      });
      for (const key of Object.keys(named)) {
        if (Object.hasOwn(extra.flags, key)) throw new UsageError(`${key} is given twice`);
      }
      try {
        await startController({
          configFile: options.config ?? extra.configFile,
          flags: { ...extra.flags, ...named },
          installSignalHandlers: true,
        });
      } catch (error) {
        if (isRillError(error, "INVALID_CONFIG")) throw new UsageError(error.message);
        if (isRillError(error)) throw new CliError(error.message, undefined, { cause: error });
        throw error;
      }
    });
  return controller;
}
