import { Command } from "commander";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import { printResult, table } from "../output.js";
import { type AddClusterOptions, type ClusterOptions, clusterSettings, withAdmin } from "./cluster.js";
import { partitionsMax } from "./topics.js";

interface ElectOptions extends ClusterOptions {
  readonly topic?: string;
  readonly partition?: string;
  readonly unclean: boolean;
}

/** An election that was not needed (the preferred replica already leads) is not a failure. */
const harmlessErrors = new Set(["ELECTION_NOT_NEEDED"]);

/**
 * `rill elect-leaders`: moves leadership back to each partition's preferred replica (the first
 * in its replica list), or with --unclean elects any live replica of a partition that has no
 * leader in its ISR (may lose acknowledged records: say so and require the topic).
 */
export function electLeadersCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("elect-leaders")
      .description("elect the preferred replica as leader (all partitions, a topic, or one partition)")
      .option("--topic <name>", "only this topic's partitions")
      .option("--partition <n>", "only this partition (needs --topic)")
      .option(
        "--unclean",
        "elect a replica outside the ISR when no ISR member is alive (may lose data)",
        false,
      ),
  ).action(async (options: ElectOptions) => {
    const settings = clusterSettings(options);
    if (options.partition !== undefined && options.topic === undefined) {
      throw new UsageError("--partition needs --topic");
    }
    if (options.unclean && options.topic === undefined) {
      throw new UsageError("--unclean may lose acknowledged records: name the --topic it applies to");
    }
    const partitions =
      options.topic === undefined
        ? []
        : [
            {
              topic: options.topic,
              ...(options.partition === undefined
                ? {}
                : {
                    partitions: [parseIntegerOption(options.partition, "--partition", 0, partitionsMax - 1)],
                  }),
            },
          ];
    const results = await withAdmin(settings, (admin) =>
      admin.electLeaders(options.unclean ? "unclean" : "preferred", partitions),
    );
    const rows = results.map((result) => ({
      topic: result.topic,
      partition: result.partition,
      outcome: result.error === null ? "elected" : result.error.errorName,
      message: result.error?.message ?? "",
    }));
    printResult(settings, { results: rows }, () =>
      rows.length === 0
        ? "no partition needed an election"
        : table(
            ["TOPIC", "PARTITION", "OUTCOME"],
            rows.map((row) => [row.topic, String(row.partition), row.outcome]),
          ),
    );
    const failed = results.filter(
      (result) => result.error !== null && !harmlessErrors.has(result.error.errorName),
    );
    if (failed.length > 0) {
      throw new CliError(`${failed.length} of ${results.length} elections failed`, ExitCode.failure);
    }
  });
}
