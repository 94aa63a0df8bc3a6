import { resolve } from "node:path";
import { isRillError } from "@rill/protocol";
// The data-dir subpath only: the full runtime (gRPC, prom-client, pino) would slow every `rill` start.
import {
  clusterIdProblem,
  describeDataDir,
  formatDataDir,
  isProcessAlive,
  nodeIdMax,
  randomClusterId,
  readLockHolder,
} from "@rill/runtime/data-dir";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import { printResult } from "../output.js";

interface FormatOptions {
  readonly dataDir: string;
  readonly nodeId: string;
  readonly clusterId: string;
  readonly ignoreFormatted: boolean;
  readonly json: boolean;
}

/** INVALID_DATA_DIR and other RillErrors are operational failures: one line, exit code 1. */
function asCliError(error: unknown): unknown {
  return isRillError(error) ? new CliError(error.message, undefined, { cause: error }) : error;
}

function formatCommand(): Command {
  return new Command("format")
    .description(
      "write a node's identity (node id, cluster id) into its data dir, as KRaft's kafka-storage format",
    )
    .requiredOption("--data-dir <dir>", "the node's data directory (created if missing)")
    .requiredOption("--node-id <n>", `the node's id, 0 to ${nodeIdMax}`)
    .requiredOption("--cluster-id <id>", "the cluster's id (make one with `rill storage random-cluster-id`)")
    .option("--ignore-formatted", "leave an already formatted dir as it is instead of failing", false)
    .option("--json", "print one JSON document (machine output) instead of text", false)
    .action(async (options: FormatOptions) => {
      const nodeId = parseIntegerOption(options.nodeId, "--node-id", 0, nodeIdMax);
      const problem = clusterIdProblem(options.clusterId);
      if (problem !== undefined) throw new UsageError(`--cluster-id: ${problem}`);
      const dataDir = resolve(options.dataDir);
      const result = await formatDataDir({
        dataDir,
        nodeId,
        clusterId: options.clusterId,
        ignoreFormatted: options.ignoreFormatted,
      }).catch((error: unknown) => {
        throw asCliError(error);
      });
      const { identity } = result;
      printResult(
        options,
        {
          dataDir,
          outcome: result.outcome,
          version: identity.version,
          nodeId: identity.nodeId,
          clusterId: identity.clusterId,
        },
        () =>
          result.outcome === "formatted"
            ? `formatted ${dataDir}: node ${identity.nodeId}, cluster ${identity.clusterId}`
            : `${dataDir} was already formatted (node ${identity.nodeId}, cluster ${identity.clusterId}); left as it is`,
      );
    });
}

function randomClusterIdCommand(): Command {
  return new Command("random-cluster-id")
    .description("print a new random cluster id (base64url of 16 bytes)")
    .option("--json", "print one JSON document (machine output) instead of text", false)
    .action((options: { readonly json: boolean }) => {
      const clusterId = randomClusterId();
      printResult(options, { clusterId }, () => clusterId);
    });
}

function infoCommand(): Command {
  return new Command("info")
    .description("show a data dir's identity and whether a running process holds it")
    .requiredOption("--data-dir <dir>", "the node's data directory")
    .option("--json", "print one JSON document (machine output) instead of text", false)
    .action(async (options: { readonly dataDir: string; readonly json: boolean }) => {
      const dataDir = resolve(options.dataDir);
      const description = await describeDataDir(dataDir);
      if (!description.formatted) throw new CliError(description.reason);
      const holder = await readLockHolder(dataDir);
      const lockedBy = holder !== undefined && isProcessAlive(holder) ? holder : null;
      const { identity } = description;
      printResult(
        options,
        {
          dataDir,
          formatted: true,
          version: identity.version,
          nodeId: identity.nodeId,
          clusterId: identity.clusterId,
          lockedBy,
        },
        () =>
          [
            `data dir:   ${dataDir}`,
            `node id:    ${identity.nodeId}`,
            `cluster id: ${identity.clusterId}`,
            `version:    ${identity.version}`,
            `in use:     ${lockedBy === null ? "no" : `yes, by pid ${lockedBy}`}`,
          ].join("\n"),
      );
    });
}

/**
 * `rill storage ...`: prepare and inspect a node's data dir before `rill controller|broker start`.
 * Commands added with `addCommand` do not inherit the program's settings (exitOverride, the
 * `rill:` error prefix), so they are copied from `program` down the tree: a missing option then
 * fails with exit code 2 and one line, like every other usage error.
 */
export function storageCommand(program?: Command): Command {
  const storage = new Command("storage")
    .description("format and inspect data directories (a node never formats its own)")
    .addCommand(formatCommand())
    .addCommand(randomClusterIdCommand())
    .addCommand(infoCommand());
  if (program !== undefined) inheritSettings(storage, program);
  return storage;
}

function inheritSettings(command: Command, parent: Command): void {
  command.copyInheritedSettings(parent);
  for (const child of command.commands) inheritSettings(child, command);
}
