import type { TopicDescription } from "@rill/client";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import { printResult, table } from "../output.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  itemFailure,
  withAdmin,
} from "./cluster.js";

/** Partitions per topic accepted on the command line (Kafka has no hard cap; this guards typos). */
export const partitionsMax = 100_000;
/** Replication factor accepted on the command line. */
export const replicationFactorMax = 64;

interface CreateOptions extends ClusterOptions {
  readonly partitions?: string;
  readonly replicationFactor?: string;
  readonly config: readonly string[];
}

function collectConfig(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** `--config k=v` entries as an object; a malformed or repeated entry is a usage error. */
export function parseConfigs(entries: readonly string[]): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new UsageError(`--config: '${entry}' is not name=value`);
    const name = entry.slice(0, equals).trim();
    if (name in configs) throw new UsageError(`--config: '${name}' is given twice`);
    configs[name] = entry.slice(equals + 1);
  }
  return configs;
}

function list(values: readonly number[]): string {
  return values.length === 0 ? "-" : values.join(",");
}

function renderTopics(topics: readonly TopicDescription[]): string {
  if (topics.length === 0) return "no topics";
  return table(
    ["TOPIC", "PARTITION", "LEADER", "LEADER-EPOCH", "REPLICAS", "ISR", "OFFLINE"],
    topics.flatMap((topic) =>
      topic.partitions.map((partition) => [
        topic.name,
        String(partition.partition),
        partition.leaderId < 0 ? "none" : String(partition.leaderId),
        String(partition.leaderEpoch),
        list(partition.replicas),
        list(partition.isr),
        list(partition.offlineReplicas),
      ]),
    ),
  );
}

function createCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("create")
      .description("create a topic")
      .argument("<name>", "the topic name")
      .option("--partitions <n>", "number of partitions (default: the cluster's num.partitions)")
      .option("--replication-factor <n>", "replicas per partition (default: the cluster's default)")
      .option(
        "--config <name=value>",
        "a topic config, e.g. retention.ms=86400000 (repeatable)",
        collectConfig,
        [],
      ),
  ).action(async (name: string, options: CreateOptions) => {
    const settings = clusterSettings(options);
    const partitions =
      options.partitions === undefined
        ? -1
        : parseIntegerOption(options.partitions, "--partitions", 1, partitionsMax);
    const replicationFactor =
      options.replicationFactor === undefined
        ? -1
        : parseIntegerOption(options.replicationFactor, "--replication-factor", 1, replicationFactorMax);
    const configs = parseConfigs(options.config);
    const [result] = await withAdmin(settings, (admin) =>
      admin.createTopics([{ name, partitions, replicationFactor, configs }]),
    );
    if (result === undefined) throw new CliError(`the controller's answer did not mention topic '${name}'`);
    if (result.error !== null) throw itemFailure(`create topic '${name}'`, result.error);
    printResult(
      settings,
      {
        name: result.name,
        topicId: result.topicId,
        partitions: result.partitions,
        replicationFactor: result.replicationFactor,
      },
      () =>
        `created topic ${result.name} (${result.partitions} partitions, replication factor ${result.replicationFactor}, id ${result.topicId})`,
    );
  });
}

function deleteCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("delete").description("delete a topic and its data").argument("<name>", "the topic name"),
  ).action(async (name: string, options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const [result] = await withAdmin(settings, (admin) => admin.deleteTopics([name]));
    if (result === undefined) throw new CliError(`the controller's answer did not mention topic '${name}'`);
    if (result.error !== null) throw itemFailure(`delete topic '${name}'`, result.error);
    printResult(
      settings,
      { name: result.name, topicId: result.topicId, deleted: true },
      () => `deleted topic ${name}`,
    );
  });
}

function listCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("list")
      .description("list the topics")
      .option("--include-internal", "list internal topics too (e.g. __consumer_offsets)", false),
  ).action(async (options: ClusterOptions & { readonly includeInternal: boolean }) => {
    const settings = clusterSettings(options);
    const topics = await withAdmin(settings, (admin) =>
      admin.listTopics({ includeInternal: options.includeInternal }),
    );
    printResult(settings, { topics }, () =>
      topics.length === 0
        ? "no topics"
        : table(
            ["TOPIC", "PARTITIONS", "ID"],
            topics.map((topic) => [topic.name, String(topic.partitions), topic.topicId]),
          ),
    );
  });
}

function describeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("describe")
      .description("show partitions with leader, leader epoch, replicas and ISR (all topics without a name)")
      .argument("[name]", "the topic name"),
  ).action(async (name: string | undefined, options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const topics = await withAdmin(settings, async (admin) => {
      const names = name === undefined ? (await admin.listTopics()).map((topic) => topic.name) : [name];
      return names.length === 0 ? [] : admin.describeTopics(names);
    });
    const failed = topics.find((topic) => topic.error !== null);
    if (failed?.error !== null && failed?.error !== undefined)
      throw itemFailure(`topic '${failed.name}'`, failed.error);
    printResult(settings, { topics }, () => renderTopics(topics));
  });
}

function alterCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("alter")
      .description(
        "add partitions to a topic (the count can only grow; keyed records may then map elsewhere)",
      )
      .argument("<name>", "the topic name")
      .requiredOption("--partitions <n>", "the new total number of partitions")
      .option("--dry-run", "let the controller validate the change without applying it", false),
  ).action(async (name: string, options: ClusterOptions & { partitions: string; dryRun: boolean }) => {
    const settings = clusterSettings(options);
    const count = parseIntegerOption(options.partitions, "--partitions", 1, partitionsMax);
    const [result] = await withAdmin(settings, (admin) =>
      admin.createPartitions([{ name, count }], { validateOnly: options.dryRun }),
    );
    if (result === undefined) throw new CliError(`the controller's answer did not mention topic '${name}'`);
    if (result.error !== null) throw itemFailure(`alter topic '${name}'`, result.error);
    printResult(settings, { name, partitions: count, validateOnly: options.dryRun }, () =>
      options.dryRun
        ? `topic ${name} can grow to ${count} partitions`
        : `topic ${name} now has ${count} partitions`,
    );
  });
}

/** `rill topics create|delete|list|describe|alter`. */
export function topicsCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("topics")
    .description("create, delete, list, describe and alter topics")
    .addCommand(createCommand(addClusterOptions))
    .addCommand(deleteCommand(addClusterOptions))
    .addCommand(listCommand(addClusterOptions))
    .addCommand(describeCommand(addClusterOptions))
    .addCommand(alterCommand(addClusterOptions));
}
