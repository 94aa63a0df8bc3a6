import type { BrokerDescription } from "@rill/client";
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

/** `rill brokers list|describe`. */
export function brokersCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("brokers")
    .description("list and describe the cluster's brokers")
    .addCommand(listCommand(addClusterOptions))
    .addCommand(describeCommand(addClusterOptions));
}
