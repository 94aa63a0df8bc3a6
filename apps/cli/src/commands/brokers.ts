import type { BrokerDescription } from "@rill/client";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { printResult, table } from "../output.js";
import { decommissionPlan } from "../reassign/plan.js";
import { assignmentsOf, describeOrFail } from "../reassign/progress.js";
import { renderProgress } from "../reassign/progress-output.js";
import { waitUntilDone } from "../reassign/wait.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  itemFailure,
  withAdmin,
} from "./cluster.js";

function endpoints(broker: BrokerDescription): string {
  return broker.endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`).join(",") || "-";
}

function renderBrokers(brokers: readonly BrokerDescription[]): string {
  if (brokers.length === 0) return "no brokers registered";
  return table(
    ["BROKER", "ADDRESS", "RACK", "STATE", "EPOCH", "METADATA-OFFSET"],
    brokers.map((broker) => [
      String(broker.nodeId),
      endpoints(broker),
      broker.rack === "" ? "-" : broker.rack,
      broker.state,
      String(broker.brokerEpoch),
      broker.metadataOffset < 0 ? "-" : String(broker.metadataOffset),
    ]),
  );
}

function listCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("list").description(
      "list the registered brokers: address, rack, state (active, fenced, ...)",
    ),
  ).action(async (options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const description = await withAdmin(settings, (admin) => admin.describeCluster());
    const brokers = [...description.brokers].sort((a, b) => a.nodeId - b.nodeId);
    printResult(settings, { brokers }, () => renderBrokers(brokers));
  });
}

function describeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("describe")
      .description("one broker: its registration and its dynamic configs")
      .argument("<id>", "the broker's node id"),
  ).action(async (id: string, options: ClusterOptions) => {
    if (!/^\d+$/.test(id)) throw new UsageError(`'${id}' is not a broker id`);
    const settings = clusterSettings(options);
    const { broker, configs } = await withAdmin(settings, async (admin) => {
      const description = await admin.describeCluster();
      const found = description.brokers.find((candidate) => candidate.nodeId === Number(id));
      if (found === undefined) throw new CliError(`broker ${id} is not registered`);
      const [result] = await admin.describeConfigs([{ type: "broker", name: id }]);
      if (result?.error !== null && result?.error !== undefined)
        throw itemFailure(`broker ${id}`, result.error);
      return { broker: found, configs: result?.configs ?? [] };
    });
    printResult(settings, { broker, configs }, () =>
      [
        renderBrokers([broker]),
        "",
        configs.length === 0
          ? "no dynamic configs"
          : table(
              ["CONFIG", "VALUE", "SOURCE"],
              configs.map((config) => [
                config.name,
                config.isSensitive ? "(sensitive)" : config.value,
                config.source,
              ]),
            ),
      ].join("\n"),
    );
  });
}

interface DecommissionOptions extends ClusterOptions {
  readonly wait: boolean;
  readonly dryRun: boolean;
}

function decommissionCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("decommission")
      .description(
        "move every replica off a broker (it keeps serving until they have moved), then say it can stop",
      )
      .argument("<id>", "the broker's node id")
      .option("--wait", "show progress until every replica has moved or --timeout-ms passes", false)
      .option("--dry-run", "print the moves without starting them", false),
  ).action(async (id: string, options: DecommissionOptions) => {
    if (!/^\d+$/.test(id)) throw new UsageError(`'${id}' is not a broker id`);
    const leaving = Number(id);
    const settings = clusterSettings(options);
    const { plan, rows } = await withAdmin(settings, async (admin) => {
      const cluster = await admin.describeCluster();
      if (!cluster.brokers.some((broker) => broker.nodeId === leaving)) {
        throw new CliError(`broker ${id} is not registered`);
      }
      const listed = await admin.listTopics({ includeInternal: true });
      const current = assignmentsOf(
        await describeOrFail(
          admin,
          listed.map((topic) => topic.name),
        ),
      );
      const brokers = cluster.brokers
        .filter((broker) => broker.state === "active" || broker.nodeId === leaving)
        .map((broker) => ({ nodeId: broker.nodeId, rack: broker.rack }));
      const plan = decommissionPlan(current, brokers, leaving);
      if (options.dryRun || plan.partitions.length === 0) return { plan, rows: [] };
      const results = await admin.alterPartitionReassignments(plan.partitions);
      const failed = results.find((result) => result.error !== null);
      if (failed?.error !== null && failed?.error !== undefined) {
        throw itemFailure(`move of ${failed.topic}/${failed.partition}`, failed.error);
      }
      return { plan, rows: options.wait ? await waitUntilDone(admin, plan, settings) : [] };
    });
    const done =
      plan.partitions.length === 0 || (rows.length > 0 && rows.every((row) => row.state === "done"));
    printResult(settings, { broker: leaving, plan, progress: rows, done }, () => {
      if (plan.partitions.length === 0) return `broker ${id} holds no replicas; it can be stopped`;
      if (options.dryRun)
        return [`would move ${plan.partitions.length} replicas off broker ${id}:`, JSON.stringify(plan)].join(
          "\n",
        );
      if (!options.wait) {
        return `moving ${plan.partitions.length} replicas off broker ${id}; follow with: rill reassign --status`;
      }
      return [renderProgress(rows), done ? `broker ${id} holds no replicas; it can be stopped` : ""].join(
        "\n",
      );
    });
    if (options.wait && !done)
      throw new CliError(`replicas still on broker ${id} after --timeout-ms ${settings.timeoutMs}`);
  });
}

/** `rill brokers list|describe|decommission`. */
export function brokersCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("brokers")
    .description("list, describe and decommission the cluster's brokers")
    .addCommand(listCommand(addClusterOptions))
    .addCommand(describeCommand(addClusterOptions))
    .addCommand(decommissionCommand(addClusterOptions));
}
