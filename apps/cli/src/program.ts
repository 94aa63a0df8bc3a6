import { RILL_VERSION } from "@rill/protocol";
import { Command, CommanderError, Option } from "commander";
import { CliError, ExitCode, UsageError } from "./errors.js";

/** The brokers of `rill dev up`: all three, so that a command still works with one of them down. */
export const defaultBootstrap = "127.0.0.1:19101,127.0.0.1:19102,127.0.0.1:19103";

export function withClusterOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--bootstrap <host:port,...>", "addresses of brokers or controllers to start from")
        .env("RILL_BOOTSTRAP")
        .default(defaultBootstrap),
    )
    .option("--json", "print one JSON document (machine output) instead of text", false)
    .option("--timeout-ms <ms>", "give up after this many milliseconds", "30000");
}

type AddCommands = (program: Command) => Promise<void>;
type CommandFactory = (addClusterOptions: typeof withClusterOptions) => Command;

/** A command whose module is imported only when it is defined (see topLevelCommands). */
function lazy(load: () => Promise<CommandFactory>): AddCommands {
  return async (program) => {
    program.addCommand((await load())(withClusterOptions));
  };
}

/**
 * Every top-level command, in help order, with the import of its module: a process imports the
 * module of the command it runs and no other (each pulls in clients, codecs, histograms...), so
 * `rill broker start` or `rill topics list` does not pay at start-up for the code of every
 * other command. Help, a bad command name and the bare `rill` load them all.
 */
const topLevelCommands: ReadonlyArray<readonly [name: string, add: AddCommands]> = [
  ["broker", lazy(async () => (await import("./commands/broker.js")).brokerCommand)],
  ["controller", lazy(async () => (await import("./commands/controller.js")).controllerCommand)],
  ["dev", lazy(async () => (await import("./commands/dev.js")).devCommand)],
  [
    "storage",
    async (program) => {
      program.addCommand((await import("./commands/storage.js")).storageCommand(program));
    },
  ],
  ["cluster", lazy(async () => (await import("./commands/cluster.js")).clusterCommand)],
  ["topics", lazy(async () => (await import("./commands/topics.js")).topicsCommand)],
  ["configs", lazy(async () => (await import("./commands/configs.js")).configsCommand)],
  ["brokers", lazy(async () => (await import("./commands/brokers.js")).brokersCommand)],
  ["controllers", lazy(async () => (await import("./commands/controllers.js")).controllersCommand)],
  ["elect-leaders", lazy(async () => (await import("./commands/elect-leaders.js")).electLeadersCommand)],
  ["reassign", lazy(async () => (await import("./commands/reassign.js")).reassignCommand)],
  ["produce", lazy(async () => (await import("./commands/produce.js")).produceCommand)],
  ["consume", lazy(async () => (await import("./commands/consume.js")).consumeCommand)],
  ["groups", lazy(async () => (await import("./commands/groups.js")).groupsCommand)],
  [
    "perf",
    async (program) => {
      const [{ perfCommand }, { registerPerfConsume }, { registerPerfGroup }] = await Promise.all([
        import("./commands/perf.js"),
        import("./commands/perf-consume.js"),
        import("./commands/perf-group.js"),
      ]);
      const perf = perfCommand(withClusterOptions);
      registerPerfConsume(perf, withClusterOptions);
      registerPerfGroup(perf, withClusterOptions);
      program.addCommand(perf);
    },
  ],
];

/**
 * The `rill` program. With `argv` (the arguments after `rill`) naming a top-level command, only
 * that command is defined (see topLevelCommands); without, or for anything else, every command.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command("rill")
    .description("Rill: a distributed streaming platform (topics, partitions, replicated logs)")
    .version(RILL_VERSION, "-V, --version", "print the Rill version")
    .helpOption("-h, --help", "show help for a command")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(text.startsWith("error:") ? `rill: ${text.slice(7)}` : text),
    })
    .exitOverride();
  const named = topLevelCommands.find(([name]) => name === argv?.[0]);
  for (const [, add] of named === undefined ? topLevelCommands : [named]) await add(program);
  inheritDown(program);
  program.addHelpText(
    "after",
    [
      "",
      "Conventions:",
      "  --bootstrap host:port,...  where to reach the cluster (env RILL_BOOTSTRAP)",
      "  --json                     machine-readable output, one JSON document on stdout",
      "  exit codes                 0 ok, 1 failed, 2 bad usage, 3 outcome unknown (timeout)",
    ].join("\n"),
  );
  return program;
}

/**
 * Commands added with `addCommand` do not inherit the program's settings; copy them down the
 * whole tree so every usage error exits 2 with one `rill:` line, whatever the depth.
 */
function inheritDown(command: Command): void {
  for (const child of command.commands) {
    child.copyInheritedSettings(command);
    inheritDown(child);
  }
}

/** Runs the CLI and returns the process exit code; expected failures print one line on stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are reported by commander as "errors" with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError || error instanceof CliError) {
      process.stderr.write(`rill: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rill: unexpected error: ${message}\n`);
    if (process.env.RILL_DEBUG) console.error(error);
    return ExitCode.failure;
  }
}
