import type { ConfigChange, ConfigResource, DescribedConfig } from "@rill/client";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { printResult, table } from "../output.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  itemFailure,
  withAdmin,
} from "./cluster.js";
import { parseConfigs } from "./topics.js";

/**
 * `rill configs describe|alter`: topic configs, a broker's dynamic configs, and the cluster-wide
 * broker defaults (a broker resource without an id), as Kafka's kafka-configs.sh and Redpanda's
 * `rpk topic alter-config` do. Changes are incremental: only the named keys change.
 */

const entityTypes = ["topic", "broker"] as const;
type EntityType = (typeof entityTypes)[number];

function resourceOf(type: string, name: string | undefined): ConfigResource {
  if (!(entityTypes as readonly string[]).includes(type)) {
    throw new UsageError(`'${type}' is not a config entity type (expected ${entityTypes.join(" or ")})`);
  }
  if ((type as EntityType) === "topic") {
    if (name === undefined || name.length === 0)
      throw new UsageError("configs of a topic need the topic name");
    return { type: "topic", name };
  }
  if (name !== undefined && !/^\d+$/.test(name)) {
    throw new UsageError(`'${name}' is not a broker id (leave it out for the cluster-wide broker defaults)`);
  }
  return { type: "broker", name: name ?? "" };
}

function describeLabel(resource: ConfigResource): string {
  if (resource.type === "topic") return `topic '${resource.name}'`;
  return resource.name === "" ? "the cluster-wide broker defaults" : `broker ${resource.name}`;
}

function renderConfigs(resource: ConfigResource, configs: readonly DescribedConfig[]): string {
  if (configs.length === 0) return `no configs set for ${describeLabel(resource)}`;
  return table(
    ["NAME", "VALUE", "SOURCE"],
    configs.map((config) => [
      config.name,
      config.isSensitive ? "(sensitive)" : config.value,
      config.readOnly ? `${config.source} (read-only)` : config.source,
    ]),
  );
}

interface DescribeOptions extends ClusterOptions {
  readonly all: boolean;
}

function describeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("describe")
      .description(
        "show the configs of a topic, a broker, or (broker without an id) the cluster-wide broker defaults",
      )
      .argument("<type>", "topic or broker")
      .argument("[name]", "the topic name or broker id")
      .option("--all", "topics: every config with its default too, not only the overrides", false),
  ).action(async (type: string, name: string | undefined, options: DescribeOptions) => {
    const resource = resourceOf(type, name);
    const settings = clusterSettings(options);
    const [result] = await withAdmin(settings, (admin) => admin.describeConfigs([resource]));
    if (result === undefined) throw new CliError(`the answer did not mention ${describeLabel(resource)}`);
    if (result.error !== null) throw itemFailure(describeLabel(resource), result.error);
    const configs = [...result.configs]
      .filter((config) => options.all || config.source !== "default")
      .sort((a, b) => a.name.localeCompare(b.name));
    printResult(settings, { resource, configs }, () => renderConfigs(resource, configs));
  });
}

interface AlterOptions extends ClusterOptions {
  readonly set: readonly string[];
  readonly delete: readonly string[];
  readonly dryRun: boolean;
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** The incremental changes `--set` and `--delete` ask for; a key named twice is a usage error. */
export function configChanges(set: readonly string[], remove: readonly string[]): ConfigChange[] {
  const values = parseConfigs(set);
  const changes: ConfigChange[] = Object.entries(values).map(([name, value]) => ({
    name,
    operation: "set",
    value,
  }));
  for (const name of remove) {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new UsageError("--delete: empty config name");
    if (changes.some((change) => change.name === trimmed)) {
      throw new UsageError(`config '${trimmed}' is both set and deleted`);
    }
    changes.push({ name: trimmed, operation: "delete" });
  }
  if (changes.length === 0) throw new UsageError("nothing to change: give --set name=value or --delete name");
  return changes;
}

function alterCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("alter")
      .description("set or delete configs of a topic or a broker (only the named keys change)")
      .argument("<type>", "topic or broker")
      .argument("[name]", "the topic name or broker id (broker without an id: the cluster-wide defaults)")
      .option("--set <name=value>", "set a config (repeatable)", collect, [])
      .option("--delete <name>", "remove an override, back to the default (repeatable)", collect, [])
      .option("--dry-run", "let the controller validate the change without applying it", false),
  ).action(async (type: string, name: string | undefined, options: AlterOptions) => {
    const resource = resourceOf(type, name);
    const changes = configChanges(options.set, options.delete);
    const settings = clusterSettings(options);
    const [result] = await withAdmin(settings, (admin) =>
      admin.alterConfigs([{ ...resource, changes }], { validateOnly: options.dryRun }),
    );
    if (result === undefined) throw new CliError(`the answer did not mention ${describeLabel(resource)}`);
    if (result.error !== null) throw itemFailure(`alter configs of ${describeLabel(resource)}`, result.error);
    const verb = options.dryRun ? "would change" : "changed";
    printResult(settings, { resource, changes, validateOnly: options.dryRun }, () =>
      [
        `${verb} ${describeLabel(resource)}:`,
        ...changes.map((change) =>
          change.operation === "set" ? `  set ${change.name}=${change.value}` : `  deleted ${change.name}`,
        ),
      ].join("\n"),
    );
  });
}

/** `rill configs describe|alter`. */
export function configsCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("configs")
    .description("describe and alter topic and broker configs")
    .addCommand(describeCommand(addClusterOptions))
    .addCommand(alterCommand(addClusterOptions));
}
