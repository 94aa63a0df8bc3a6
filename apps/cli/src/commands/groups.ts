import type {
  GroupDescription,
  GroupPartitionLag,
  OffsetResetResult,
  OffsetResetSpec,
  RillAdmin,
} from "@rill/client";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import { printResult, table } from "../output.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  type ClusterSettings,
  clusterSettings,
  itemFailure,
  reportingFailures,
} from "./cluster.js";
import { parseFromTime } from "./consume.js";
import { brokerBootstrap } from "./data-bootstrap.js";

/** Runs `body` with the SDK's admin (groups live on brokers, so the brokers are looked up first). */
async function withRillAdmin<T>(
  settings: ClusterSettings,
  body: (admin: RillAdmin) => Promise<T>,
): Promise<T> {
  const { Rill } = await import("@rill/client");
  const rill = new Rill({
    brokers: await brokerBootstrap(settings.bootstrap, settings.timeoutMs),
    retry: { operationTimeoutMs: settings.timeoutMs },
  });
  try {
    return await reportingFailures(() => body(rill.admin()));
  } finally {
    await rill.disconnect();
  }
}

/** A lag in time as a person reads it: "0 s", "850 ms", "3.2 s", "4.5 min", "2.1 h"; "-" when unknown. */
export function formatLagMs(lagMs: number): string {
  if (lagMs < 0) return "-";
  if (lagMs === 0) return "0 s";
  if (lagMs < 1_000) return `${lagMs} ms`;
  if (lagMs < 60_000) return `${(lagMs / 1_000).toFixed(1)} s`;
  if (lagMs < 3_600_000) return `${(lagMs / 60_000).toFixed(1)} min`;
  return `${(lagMs / 3_600_000).toFixed(1)} h`;
}

const offsetText = (offset: number): string => (offset < 0 ? "-" : String(offset));

function renderDescription(description: GroupDescription, offsets: readonly GroupPartitionLag[]): string {
  const members = description.members;
  const header = [
    `group:      ${description.groupId}`,
    `state:      ${description.state}`,
    `members:    ${members.length}`,
    `epoch:      ${description.groupEpoch} (assignment ${description.assignmentEpoch})`,
  ];
  const memberTable =
    members.length === 0
      ? "no active members"
      : table(
          ["MEMBER", "INSTANCE", "CLIENT", "HOST", "EPOCH", "PARTITIONS"],
          members.map((member) => [
            member.memberId,
            member.groupInstanceId || "-",
            member.clientId || "-",
            member.clientHost || "-",
            String(member.memberEpoch),
            String(member.assigned.length),
          ]),
        );
  const partitionTable =
    offsets.length === 0
      ? "no partitions assigned or committed"
      : table(
          ["TOPIC", "PARTITION", "MEMBER", "COMMITTED", "LOG-END", "LAG", "LAG-TIME"],
          offsets.map((entry) => [
            entry.topic,
            String(entry.partition),
            entry.memberId || "-",
            offsetText(entry.committedOffset),
            offsetText(entry.logEndOffset),
            offsetText(entry.lagRecords),
            formatLagMs(entry.lagMs),
          ]),
        );
  return [...header, "", memberTable, "", partitionTable].join("\n");
}

function listCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("list").description("list the consumer groups (every broker asked)"),
  ).action(async (options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const listed = await withRillAdmin(settings, (admin) =>
      admin.listGroups({ timeoutMs: settings.timeoutMs }),
    );
    const errors = listed.errors.map((entry) => ({ broker: entry.broker, error: entry.error.errorName }));
    printResult(settings, { groups: listed.groups, errors }, () =>
      [
        listed.groups.length === 0
          ? "no groups"
          : table(
              ["GROUP", "STATE", "PROTOCOL", "COORDINATOR"],
              listed.groups.map((group) => [
                group.groupId,
                group.state,
                group.protocolType || "-",
                group.coordinator,
              ]),
            ),
        ...errors.map(
          (entry) =>
            `warning: broker ${entry.broker} did not answer (${entry.error}); its groups are missing`,
        ),
      ].join("\n"),
    );
    if (listed.errors.length > 0 && listed.groups.length === 0) {
      throw new CliError(
        `no broker answered: ${errors.map((entry) => `${entry.broker} ${entry.error}`).join(", ")}`,
      );
    }
  });
}

function describeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("describe")
      .description(
        "show a group's members and, per partition, committed offset, log end and lag (records, time)",
      )
      .argument("<group>", "the group id"),
  ).action(async (groupId: string, options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const { description, offsets } = await withRillAdmin(settings, async (admin) => {
      const [found] = await admin.describeGroups([groupId], { timeoutMs: settings.timeoutMs });
      if (found === undefined)
        throw new CliError(`the coordinator's answer did not mention group '${groupId}'`);
      if (found.error !== null) throw itemFailure(`group '${groupId}'`, found.error);
      return {
        description: found,
        offsets: await admin.describeGroupOffsets(groupId, { timeoutMs: settings.timeoutMs }),
      };
    });
    printResult(settings, { ...description, error: undefined, partitions: offsets }, () =>
      renderDescription(description, offsets),
    );
  });
}

function deleteCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("delete")
      .description("delete an empty group and its committed offsets")
      .argument("<group>", "the group id"),
  ).action(async (groupId: string, options: ClusterOptions) => {
    const settings = clusterSettings(options);
    const [result] = await withRillAdmin(settings, (admin) =>
      admin.deleteGroups([groupId], { timeoutMs: settings.timeoutMs }),
    );
    if (result === undefined)
      throw new CliError(`the coordinator's answer did not mention group '${groupId}'`);
    if (result.error !== null) throw itemFailure(`delete group '${groupId}'`, result.error);
    printResult(settings, { groupId, deleted: true }, () => `deleted group ${groupId}`);
  });
}

interface ResetOptions extends ClusterOptions {
  readonly topic: string;
  readonly toEarliest: boolean;
  readonly toLatest: boolean;
  readonly toOffset?: string;
  readonly toDatetime?: string;
  readonly shiftBy?: string;
  readonly execute: boolean;
}

/** The one reset target the flags name; none or several is a usage error. */
export function resetSpec(options: ResetOptions): OffsetResetSpec {
  const specs: OffsetResetSpec[] = [];
  if (options.toEarliest) specs.push({ kind: "earliest" });
  if (options.toLatest) specs.push({ kind: "latest" });
  if (options.toOffset !== undefined) {
    specs.push({
      kind: "offset",
      offset: parseIntegerOption(options.toOffset, "--to-offset", 0, Number.MAX_SAFE_INTEGER),
    });
  }
  if (options.toDatetime !== undefined)
    specs.push({ kind: "datetime", timestampMs: parseFromTime(options.toDatetime) });
  if (options.shiftBy !== undefined) {
    specs.push({
      kind: "shift-by",
      shift: parseIntegerOption(
        options.shiftBy,
        "--shift-by",
        -Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER,
      ),
    });
  }
  const [spec] = specs;
  if (spec === undefined || specs.length > 1) {
    throw new UsageError(
      "give exactly one of --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by",
    );
  }
  return spec;
}

function renderReset(result: OffsetResetResult): string {
  const rows = table(
    ["TOPIC", "PARTITION", "BEFORE", "AFTER"],
    result.rows.map((row) => [row.topic, String(row.partition), offsetText(row.before), String(row.after)]),
  );
  const footer = result.executed
    ? `committed the new offsets of group ${result.groupId}`
    : "dry run: nothing changed (add --execute to commit these offsets)";
  return `${rows}\n${footer}`;
}

function resetCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("reset-offsets")
      .description(
        "move a group's committed offsets of a topic (a dry run unless --execute; the group must have no members)",
      )
      .argument("<group>", "the group id")
      .requiredOption("--topic <topic>", "the topic (every partition)")
      .option("--to-earliest", "to the log start", false)
      .option("--to-latest", "to the log end", false)
      .option("--to-offset <n>", "to this offset (clamped into each log)")
      .option("--to-datetime <time>", "to the first record at or after this time (ISO-8601 or Unix ms)")
      .option("--shift-by <n>", "by n from the committed offset (negative moves back)")
      .option("--execute", "commit the new offsets (default: print the plan only)", false),
  ).action(async (groupId: string, options: ResetOptions) => {
    const settings = clusterSettings(options);
    const spec = resetSpec(options);
    const result = await withRillAdmin(settings, (admin) =>
      admin.resetOffsets(groupId, options.topic, spec, {
        dryRun: !options.execute,
        timeoutMs: settings.timeoutMs,
      }),
    );
    printResult(settings, result, () => renderReset(result));
  });
}

/** `rill groups list|describe|delete|reset-offsets`. */
export function groupsCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("groups")
    .description("list, describe (with lag), delete consumer groups and reset their offsets")
    .addCommand(listCommand(addClusterOptions))
    .addCommand(describeCommand(addClusterOptions))
    .addCommand(deleteCommand(addClusterOptions))
    .addCommand(resetCommand(addClusterOptions));
}
