import { Command } from "commander";
import { UsageError } from "../errors.js";
import { cancel, execute } from "../reassign/execute.js";
import { generate } from "../reassign/generate.js";
import { status, verify } from "../reassign/status.js";
import { throttleRequest } from "../reassign/throttle.js";
import { type AddClusterOptions, type ClusterOptions, clusterSettings } from "./cluster.js";

interface ReassignOptions extends ClusterOptions {
  readonly generate: boolean;
  readonly execute?: string;
  readonly status: boolean;
  readonly verify?: string;
  readonly cancel?: string;
  readonly topics?: string;
  readonly brokers?: string;
  readonly wait: boolean;
  readonly output?: string;
  readonly throttle?: string;
  readonly throttleMin: string;
  readonly throttleMax: string;
  readonly throttleP99Ms: string;
}

type Mode = "generate" | "execute" | "status" | "verify" | "cancel";

function modeOf(options: ReassignOptions): Mode {
  const modes: Mode[] = [];
  if (options.generate) modes.push("generate");
  if (options.execute !== undefined) modes.push("execute");
  if (options.status) modes.push("status");
  if (options.verify !== undefined) modes.push("verify");
  if (options.cancel !== undefined) modes.push("cancel");
  const [mode, second] = modes;
  if (mode === undefined || second !== undefined) {
    throw new UsageError("give exactly one of --generate, --execute, --status, --verify, --cancel");
  }
  return mode;
}

/**
 * `rill reassign`: move partitions between brokers (Kafka's kafka-reassign-partitions.sh). The
 * controller drives each move: new replicas join as followers, catch up, enter the ISR, then the
 * old ones leave; the partition serves produce and fetch throughout.
 */
export function reassignCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("reassign")
      .description(
        "move partitions between brokers: --generate a plan, --execute it, --verify or --cancel it",
      )
      .option("--generate", "print a balanced, rack-aware plan for --topics over --brokers", false)
      .option("--topics <a,b,...>", "with --generate: the topics to move")
      .option("--brokers <id,id,...>", "with --generate: the brokers to spread them over")
      .option(
        "--output <plan.json>",
        "with --generate: write the plan there (and the current assignment beside it)",
      )
      .option("--execute <plan.json>", "start the moves a plan file names")
      .option(
        "--throttle <rate>",
        "with --execute: limit reassignment traffic per leader→new replica (e.g. 50MB/s), or 'auto': each leader lowers the rate while its produce p99 rises; removed when no move is left",
      )
      .option("--throttle-min <rate>", "with --throttle auto: the lowest rate", "1MiB/s")
      .option("--throttle-max <rate>", "with --throttle auto: the highest rate (where it starts)", "100MiB/s")
      .option(
        "--throttle-p99-ms <ms>",
        "with --throttle auto: above this produce p99 (ms, per leader, each second) the rate is halved; well below it, raised",
        "100",
      )
      .option("--status", "show the moves in progress", false)
      .option("--verify <plan.json>", "check whether a plan has landed (exit 0 only when all of it has)")
      .option("--cancel <plan.json>", "cancel the plan's moves still in progress (restores the old replicas)")
      .option("--wait", "with --execute or --verify: show progress until done or --timeout-ms", false),
  ).action(async (options: ReassignOptions) => {
    const settings = clusterSettings(options);
    const mode = modeOf(options);
    if (
      mode !== "generate" &&
      (options.topics !== undefined || options.brokers !== undefined || options.output !== undefined)
    ) {
      throw new UsageError("--topics, --brokers and --output go with --generate");
    }
    if (mode !== "execute" && options.throttle !== undefined)
      throw new UsageError("--throttle goes with --execute");
    switch (mode) {
      case "generate":
        return generate(settings, options);
      case "execute":
        return execute(settings, options.execute as string, options.wait, throttleRequest(options));
      case "status":
        return status(settings);
      case "verify":
        return verify(settings, options.verify as string, options.wait);
      case "cancel":
        return cancel(settings, options.cancel as string);
    }
  });
}
