import { Command } from "commander";
import { parseIntegerOption } from "../options.js";
import { type GroupPerfResult, perfGroupMembersMax, runGroupPerf } from "../perf/group-perf.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";
import { brokerBootstrap } from "./data-bootstrap.js";

interface PerfGroupOptions extends ClusterOptions {
  readonly topic: string;
  readonly members: string;
  readonly sessionTimeoutMs: string;
  readonly catchUpRecords: string;
  readonly rate: string;
}

function summaryText(result: GroupPerfResult): string {
  return [
    `topic ${result.topic}: ${result.partitions} partitions; member session timeout ${result.sessionTimeoutMs} ms`,
    `join: a member joined ${result.members}: every partition owned again after ${result.joinRebalanceMs} ms, ` +
      `${result.joinMovedPartitions} partitions moved`,
    `join: longest delivery gap on partitions that stayed: ${result.keptPartitionsMaxGapMs} ms ` +
      `(before the join, same measure: ${result.baselineMaxGapMs} ms)`,
    `kill -9: a member's ${result.killedPartitions} partitions delivered again elsewhere after ${result.killRecoveryMs} ms`,
    `catch-up: 3 members read ${result.catchUpRecords} records at ${result.catchUpRecordsPerSecond} records/s`,
  ].join("\n");
}

/** Adds `group` to `rill perf`: rebalance, failover and catch-up figures of a consumer group. */
export function registerPerfGroup(perf: Command, addClusterOptions: AddClusterOptions): Command {
  const command = addClusterOptions(
    new Command("group")
      .description(
        "consumer-group figures: a member joining N (rebalance time, pause of the others), a member killed with SIGKILL (time until its partitions are consumed again), 3-member catch-up throughput",
      )
      .requiredOption("--topic <name>", "an existing topic (60 partitions for the issue's figure)")
      .option("--members <n>", "members before one more joins", "10")
      .option("--session-timeout-ms <ms>", "the members' session timeout", "3000")
      .option("--catch-up-records <n>", "records added to the backlog before the catch-up read", "300000")
      .option("--rate <records/s>", "the steady producer's rate while members change", "2000"),
  ).action(async (options: PerfGroupOptions) => {
    const settings = clusterSettings(options);
    const members = parseIntegerOption(options.members, "--members", 1, perfGroupMembersMax);
    const sessionTimeoutMs = parseIntegerOption(
      options.sessionTimeoutMs,
      "--session-timeout-ms",
      100,
      60_000,
    );
    const catchUpRecords = parseIntegerOption(options.catchUpRecords, "--catch-up-records", 1, 100_000_000);
    const rate = parseIntegerOption(options.rate, "--rate", 1, 1_000_000);
    const result = await reportingFailures(async () => {
      const bootstrap = await brokerBootstrap(settings.bootstrap, settings.timeoutMs);
      const { Rill } = await import("@rill/client");
      return runGroupPerf((clientId) => new Rill({ brokers: bootstrap, clientId }), {
        bootstrap,
        topic: options.topic,
        members,
        sessionTimeoutMs,
        catchUpRecords,
        steadyRecordsPerSecond: rate,
        phaseTimeoutMs: Math.max(settings.timeoutMs, 120_000),
        // The member killed with SIGKILL is this CLI in a child process.
        childCommand: [process.execPath, ...process.execArgv, process.argv[1] as string],
        onProgress: (line) => process.stderr.write(line),
      });
    });
    process.stdout.write(settings.json ? `${JSON.stringify(result)}\n` : `${summaryText(result)}\n`);
  });
  perf.addCommand(command);
  return command;
}
