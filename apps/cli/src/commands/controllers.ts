import type { ClusterDescription } from "@rill/client";
import { formatHostPort } from "@rill/protocol";
import { Command } from "commander";
import { parseHostPort, parseIntegerOption } from "../options.js";
import { printResult } from "../output.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  controllersTable,
  withAdmin,
} from "./cluster.js";

/** What `rill controllers list` prints: the quorum as the answering controller sees it. */
interface ControllersView {
  readonly activeControllerId: number;
  readonly raftTerm: number;
  readonly highWatermark: number;
  readonly controllers: ClusterDescription["controllers"];
}

function renderControllers(view: ControllersView): string {
  const active = view.activeControllerId < 0 ? "none (election running)" : String(view.activeControllerId);
  return [
    `active controller: ${active}`,
    `raft term:         ${view.raftTerm}`,
    `metadata offset:   ${view.highWatermark}`,
    "",
    controllersTable(view.controllers),
  ].join("\n");
}

function listCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("list").description(
      "list the controller quorum: each voter's address, Raft role (leader, follower, observer) " +
        "and its lag behind the leader in metadata records (- when the voter does not answer)",
    ),
  ).action(async (options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const description = await withAdmin(settings, (admin) => admin.describeCluster());
    const view: ControllersView = {
      activeControllerId: description.activeControllerId,
      raftTerm: description.raftTerm,
      highWatermark: description.highWatermark,
      controllers: [...description.controllers].sort((a, b) => a.nodeId - b.nodeId),
    };
    printResult(settings, view, () => renderControllers(view));
  });
}

interface RemoveOptions extends ClusterOptions {
  readonly id: string;
}

function removeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("remove")
      .description(
        "remove a voter from the controller quorum (one change at a time); the quorum shrinks once " +
          "the change commits, and a restarted controller keeps the smaller set",
      )
      .requiredOption("--id <n>", "the node id of the voter to remove"),
  ).action(async (options: RemoveOptions) => {
    const voterId = parseIntegerOption(options.id, "--id", 1, 2 ** 31 - 1);
    const settings = clusterSettings(options);
    const { result, wasActive } = await withAdmin(settings, async (admin) => {
      const before = await admin.describeCluster();
      return {
        result: await admin.removeVoter(voterId),
        wasActive: before.activeControllerId === voterId,
      };
    });
    printResult(
      settings,
      { voterId, offset: result.offset, wasActiveController: wasActive },
      () =>
        `removed voter ${voterId} from the controller quorum (metadata offset ${result.offset})` +
        (wasActive
          ? `; it was the active controller: it stepped down and the remaining voters elect a new one`
          : ""),
    );
  });
}

interface AddOptions extends ClusterOptions {
  readonly id: string;
  readonly address: string;
}

function addCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("add")
      .description(
        "add a running controller to the voters (one change at a time). Start it first with its " +
          "data dir formatted with this cluster's id and --controller-quorum-bootstrap-servers " +
          "listing the quorum; it catches up as an observer, then becomes a voter",
      )
      .requiredOption("--id <n>", "the node id of the controller to add")
      .requiredOption("--address <host:port>", "where it listens (replicated to every controller)"),
  ).action(async (options: AddOptions) => {
    const voterId = parseIntegerOption(options.id, "--id", 1, 2 ** 31 - 1);
    const address = formatHostPort(parseHostPort(options.address, "--address"));
    const settings = clusterSettings(options);
    const result = await withAdmin(settings, (admin) => admin.addVoter(voterId, address));
    printResult(
      settings,
      { voterId, address, offset: result.offset },
      () => `added controller ${voterId} at ${address} as a voter (metadata offset ${result.offset})`,
    );
  });
}

/**
 * `rill controllers list|add|remove`: the metadata quorum's members (KIP-853's DescribeQuorum, as
 * a table), AddRaftVoter and RemoveRaftVoter.
 */
export function controllersCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("controllers")
    .description("inspect the controller quorum (the Raft voters that own the cluster metadata)")
    .addCommand(listCommand(addClusterOptions))
    .addCommand(addCommand(addClusterOptions))
    .addCommand(removeCommand(addClusterOptions));
}
