import type { AdminClient, ClusterDescription, TopicDescription } from "@rill/client";
import { isDefinitelyNotDone, isRillError } from "@rill/protocol";
import { Command } from "commander";
import { CliError, ExitCode } from "../errors.js";
import { parseAddressList, parseIntegerOption } from "../options.js";
import { printResult, table } from "../output.js";

/**
 * The options `withClusterOptions` (program.ts) adds. Declared here rather than imported so that
 * the command modules do not import program.ts, which imports them.
 */
export interface ClusterOptions {
  readonly bootstrap: string;
  readonly json: boolean;
  readonly timeoutMs: string;
}

/** Adds --bootstrap, --json and --timeout-ms (program.ts's `withClusterOptions`). */
export type AddClusterOptions = (command: Command) => Command;

/** The longest --timeout-ms accepted: one day. */
export const timeoutMsMax = 86_400_000;

export interface ClusterSettings {
  readonly bootstrap: string[];
  readonly timeoutMs: number;
  readonly json: boolean;
}

/** Checks the shared options; a bad value is a usage error (exit 2). */
export function clusterSettings(options: ClusterOptions): ClusterSettings {
  return {
    bootstrap: parseAddressList(options.bootstrap, "--bootstrap").map((address) =>
      address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`,
    ),
    timeoutMs: parseIntegerOption(options.timeoutMs, "--timeout-ms", 1, timeoutMsMax),
    json: options.json,
  };
}

/**
 * A cluster failure as the CLI reports it: one line with the stable error name, exit 1 when the
 * operation certainly did not happen, exit 3 when it may have (timeout, lost connection).
 */
export function clusterFailure(error: unknown): unknown {
  if (error instanceof CliError || !isRillError(error)) return error;
  const unknown = !isDefinitelyNotDone(error);
  const prefix = unknown ? "outcome unknown: " : "";
  return new CliError(
    `${prefix}${error.errorName}: ${error.message}`,
    unknown ? ExitCode.indeterminate : ExitCode.failure,
    {
      cause: error,
    },
  );
}

/** Runs an action body, turning RillErrors into CLI failures (see clusterFailure). */
export async function reportingFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw clusterFailure(error);
  }
}

export async function withAdmin<T>(
  settings: ClusterSettings,
  body: (admin: AdminClient) => Promise<T>,
): Promise<T> {
  const { AdminClient } = await import("@rill/client");
  const admin = new AdminClient({ bootstrap: settings.bootstrap, timeoutMs: settings.timeoutMs });
  try {
    return await reportingFailures(() => body(admin));
  } finally {
    admin.close();
  }
}

/** A per-item (topic, partition, config resource) error: exit 3 when an earlier attempt may have done it (e.g. created the topic), else 1. */
export function itemFailure(what: string, error: NonNullable<TopicDescription["error"]>): CliError {
  if (error.details.earlierAttemptMayHaveTakenEffect === true) {
    return new CliError(
      `outcome unknown: ${what}: ${error.errorName}: ${error.message} (an earlier attempt with an unknown outcome may have done it)`,
      ExitCode.indeterminate,
      { cause: error },
    );
  }
  const failure = clusterFailure(error);
  return failure instanceof CliError
    ? new CliError(`${what}: ${failure.message}`, failure.exitCode, { cause: error })
    : new CliError(`${what}: ${error.message}`);
}

/** The controller quorum as a table (`rill cluster describe`, `rill controllers list`). */
export function controllersTable(controllers: ClusterDescription["controllers"]): string {
  return table(
    ["CONTROLLER", "ADDRESS", "ROLE", "LOG-END", "LAG"],
    controllers.map((controller) => [
      String(controller.nodeId),
      `${controller.host}:${controller.port}`,
      controller.role,
      controller.logEndOffset < 0 ? "-" : String(controller.logEndOffset),
      controller.lag < 0 ? "-" : String(controller.lag),
    ]),
  );
}

function renderCluster(description: ClusterDescription): string {
  const active =
    description.activeControllerId < 0 ? "none (election running)" : String(description.activeControllerId);
  const controllers = controllersTable(description.controllers);
  const brokers =
    description.brokers.length === 0
      ? "no brokers registered"
      : table(
          ["BROKER", "ADDRESS", "RACK", "STATE", "EPOCH", "METADATA-OFFSET"],
          description.brokers.map((broker) => [
            String(broker.nodeId),
            broker.endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`).join(",") || "-",
            broker.rack === "" ? "-" : broker.rack,
            broker.state,
            String(broker.brokerEpoch),
            broker.metadataOffset < 0 ? "-" : String(broker.metadataOffset),
          ]),
        );
  return [
    `cluster id:        ${description.clusterId}`,
    `active controller: ${active}`,
    `raft term:         ${description.raftTerm}`,
    `metadata offset:   ${description.highWatermark}`,
    "",
    controllers,
    "",
    brokers,
  ].join("\n");
}

/** `rill cluster describe`: the controller quorum (role, term, lag) and the brokers (state). */
export function clusterCommand(addClusterOptions: AddClusterOptions): Command {
  const cluster = new Command("cluster").description("inspect the cluster: controllers and brokers");
  addClusterOptions(
    cluster
      .command("describe")
      .description("show the controller quorum (role, term, lag) and the registered brokers (state)"),
  ).action(async (options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const description = await withAdmin(settings, (admin) => admin.describeCluster());
    printResult(settings, description, () => renderCluster(description));
  });
  return cluster;
}
