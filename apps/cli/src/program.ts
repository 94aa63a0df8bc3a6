import { RILL_VERSION } from "@rill/protocol";
import { Command, CommanderError, Option } from "commander";
import { brokerCommand } from "./commands/broker.js";
import { brokersCommand } from "./commands/brokers.js";
import { clusterCommand } from "./commands/cluster.js";
import { configsCommand } from "./commands/configs.js";
import { consumeCommand } from "./commands/consume.js";
import { controllerCommand } from "./commands/controller.js";
import { controllersCommand } from "./commands/controllers.js";
import { devCommand } from "./commands/dev.js";
import { electLeadersCommand } from "./commands/elect-leaders.js";
import { groupsCommand } from "./commands/groups.js";
import { perfCommand } from "./commands/perf.js";
import { registerPerfConsume } from "./commands/perf-consume.js";
import { registerPerfGroup } from "./commands/perf-group.js";
import { produceCommand } from "./commands/produce.js";
import { reassignCommand } from "./commands/reassign.js";
import { storageCommand } from "./commands/storage.js";
import { topicsCommand } from "./commands/topics.js";
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

export function buildProgram(): Command {
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
  program.addCommand(brokerCommand());
  program.addCommand(controllerCommand());
  program.addCommand(devCommand());
  program.addCommand(storageCommand(program));
  program.addCommand(clusterCommand(withClusterOptions));
  program.addCommand(topicsCommand(withClusterOptions));
  program.addCommand(configsCommand(withClusterOptions));
  program.addCommand(brokersCommand(withClusterOptions));
  program.addCommand(controllersCommand(withClusterOptions));
  program.addCommand(electLeadersCommand(withClusterOptions));
  program.addCommand(reassignCommand(withClusterOptions));
  program.addCommand(produceCommand(withClusterOptions));
  program.addCommand(consumeCommand(withClusterOptions));
  program.addCommand(groupsCommand(withClusterOptions));
  const perf = perfCommand(withClusterOptions);
  registerPerfConsume(perf, withClusterOptions);
  registerPerfGroup(perf, withClusterOptions);
  program.addCommand(perf);
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
  const program = buildProgram();
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
