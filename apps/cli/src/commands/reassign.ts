import { readFileSync, writeFileSync } from "node:fs";
import type { AdminClient, OngoingReassignment, TopicDescription } from "@rill/client";
import { Command } from "commander";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { printResult, table } from "../output.js";
import {
  type CopyProgress,
  copyProgress,
  formatBytes,
  formatDuration,
  type LogSizeSample,
  parseRate,
  progressBar,
} from "../reassign/copy-progress.js";
import {
  generatePlan,
  type PartitionAssignment,
  parsePlan,
  partitionKey,
  planVersion,
  type ReassignmentPlan,
  summarizePlan,
} from "../reassign/plan.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  type ClusterSettings,
  clusterSettings,
  itemFailure,
  withAdmin,
} from "./cluster.js";

/** How often `--execute --wait` and `--verify --wait` look at the cluster. */
export const reassignPollMs = 1_000;
/** `--status` samples log sizes twice this far apart to measure copy rates. */
export const statusSampleMs = 1_000;

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

/** The reassignment throttle asked for: a fixed rate, or the automatic mode's bounds. */
interface ThrottleRequest {
  /** The fixed rate, or the automatic mode's maximum (the rate it starts at). */
  readonly bytesPerSecond: number;
  readonly auto?: { readonly minBytesPerSecond: number; readonly produceP99MsMax: number };
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

function readPlan(file: string): ReassignmentPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePlan(text, file);
}

/** Where --generate --output keeps the assignment from before the plan (to roll back with). */
export function rollbackFile(planFile: string): string {
  return planFile.endsWith(".json") ? `${planFile.slice(0, -5)}.rollback.json` : `${planFile}.rollback.json`;
}

function parseBrokerIds(text: string): number[] {
  const ids = text.split(",").map((part) => part.trim());
  for (const id of ids) if (!/^\d+$/.test(id)) throw new UsageError(`--brokers: '${id}' is not a broker id`);
  const unique = [...new Set(ids.map(Number))];
  if (unique.length !== ids.length) throw new UsageError("--brokers: a broker is named twice");
  return unique;
}

export async function describeOrFail(
  admin: AdminClient,
  topics: readonly string[],
): Promise<TopicDescription[]> {
  const described = topics.length === 0 ? [] : await admin.describeTopics([...new Set(topics)]);
  for (const topic of described)
    if (topic.error !== null) throw itemFailure(`topic '${topic.name}'`, topic.error);
  return described;
}

export function assignmentsOf(topics: readonly TopicDescription[]): PartitionAssignment[] {
  return topics.flatMap((topic) =>
    topic.partitions.map((partition) => ({
      topic: topic.name,
      partition: partition.partition,
      // During a move the replica list is the union of old and new; the target excludes removing.
      replicas: partition.replicas.filter((id) => !partition.removingReplicas.includes(id)),
    })),
  );
}

async function generate(settings: ClusterSettings, options: ReassignOptions): Promise<void> {
  if (options.topics === undefined || options.brokers === undefined) {
    throw new UsageError("--generate needs --topics a,b,... and --brokers id,id,...");
  }
  const topicNames = options.topics
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (topicNames.length === 0) throw new UsageError("--topics: no topic named");
  const brokerIds = parseBrokerIds(options.brokers);
  const { current, plan, sizes } = await withAdmin(settings, async (admin) => {
    const cluster = await admin.describeCluster();
    const registered = new Map(cluster.brokers.map((broker) => [broker.nodeId, broker]));
    const unknown = brokerIds.filter((id) => !registered.has(id));
    if (unknown.length > 0)
      throw new CliError(`--brokers: ${unknown.join(",")} not registered in the cluster`);
    const current = assignmentsOf(await describeOrFail(admin, topicNames));
    const brokers = brokerIds.map((nodeId) => ({ nodeId, rack: registered.get(nodeId)?.rack ?? "" }));
    const sample = await sampleLogSizes(admin, topicNames);
    const sizes = new Map(
      sample.sizes.filter((size) => size.isLeader).map((size) => [partitionKey(size), size.copiedBytes]),
    );
    return { current, plan: generatePlan(current, brokers), sizes };
  });
  const summary = summarizePlan(current, plan, sizes);
  const rollback: ReassignmentPlan = { version: planVersion, partitions: current };
  if (options.output !== undefined) {
    writeFileSync(options.output, `${JSON.stringify(plan, null, 2)}\n`);
    writeFileSync(rollbackFile(options.output), `${JSON.stringify(rollback, null, 2)}\n`);
  }
  printResult(settings, { plan, rollback, summary }, () =>
    [
      "Current assignment (save it to roll back with --execute):",
      JSON.stringify(rollback),
      "",
      ...(options.output === undefined
        ? ["Proposed assignment (save it to a file for --execute):", JSON.stringify(plan)]
        : [`Proposed assignment written to ${options.output} (rollback: ${rollbackFile(options.output)})`]),
      "",
      `${summary.partitionsMoved} of ${plan.partitions.length} partitions move; ${formatBytes(summary.bytesToMove)} to copy.`,
      table(
        [
          "BROKER",
          "REPLICAS-ADDED",
          "BYTES-IN",
          "REPLICAS-REMOVED",
          "REPLICAS-AFTER",
          "PREFERRED-LEADERS-AFTER",
        ],
        [...new Set([...brokerIds.map(String), ...Object.keys(summary.replicasRemoved)])]
          .sort((a, b) => Number(a) - Number(b))
          .map((id) => [
            id,
            String(summary.replicasAdded[id] ?? 0),
            formatBytes(summary.bytesAdded[id] ?? 0),
            String(summary.replicasRemoved[id] ?? 0),
            String(summary.replicasAfter[id] ?? 0),
            String(summary.leadersAfter[id] ?? 0),
          ]),
      ),
    ].join("\n"),
  );
}

export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly target: readonly number[];
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly adding: readonly number[];
  readonly removing: readonly number[];
  readonly state: "done" | "copying" | "finishing" | "not-started";
  /** Bytes copied to the adding replicas, rate and ETA; null when the partition is not moving. */
  readonly copy: CopyProgress | null;
}

/**
 * Every broker's partition log sizes now (bytes copied so far, for a new replica). A broker that
 * does not answer counts as holding nothing; the reason goes to stderr.
 */
export async function sampleLogSizes(admin: AdminClient, topics: readonly string[]): Promise<LogSizeSample> {
  const brokers = await admin.describeLogDirs([...new Set(topics)]);
  for (const broker of brokers) {
    if (broker.error !== null) {
      process.stderr.write(
        `reassign: broker ${broker.brokerId} gave no log sizes: ${broker.error.errorName}: ${broker.error.message}\n`,
      );
    }
  }
  return {
    atMs: Date.now(),
    sizes: brokers.flatMap((broker) =>
      broker.partitions.map((partition) => ({
        brokerId: broker.brokerId,
        topic: partition.topic,
        partition: partition.partition,
        copiedBytes: partition.sizeBytes + partition.bulkCopyStagedBytes,
        isLeader: partition.isLeader,
      })),
    ),
  };
}

function progressOf(
  entry: PartitionAssignment,
  topics: readonly TopicDescription[],
  ongoing: readonly OngoingReassignment[],
  samples: { latest: LogSizeSample; earlier: LogSizeSample | undefined } | undefined,
): PartitionProgress {
  const partition = topics
    .find((topic) => topic.name === entry.topic)
    ?.partitions.find((candidate) => candidate.partition === entry.partition);
  if (partition === undefined) {
    throw new CliError(`${entry.topic}/${entry.partition} does not exist (was the topic deleted?)`);
  }
  const move = ongoing.find((item) => item.topic === entry.topic && item.partition === entry.partition);
  const adding = move?.addingReplicas ?? [];
  const base = {
    topic: entry.topic,
    partition: entry.partition,
    target: entry.replicas,
    replicas: partition.replicas,
    isr: partition.isr,
    adding,
    removing: move?.removingReplicas ?? [],
    copy:
      move === undefined || samples === undefined
        ? null
        : copyProgress({ ...entry, adding }, samples.latest, samples.earlier),
  };
  const landed =
    partition.replicas.length === entry.replicas.length &&
    partition.replicas.every((id, index) => id === entry.replicas[index]);
  if (move === undefined) return { ...base, state: landed ? "done" : "not-started" };
  const caughtUp = adding.every((id) => partition.isr.includes(id));
  return { ...base, state: caughtUp ? "finishing" : "copying" };
}

async function progress(
  admin: AdminClient,
  plan: ReassignmentPlan,
  earlier?: LogSizeSample,
): Promise<{ rows: PartitionProgress[]; sample: LogSizeSample | undefined }> {
  const topicNames = plan.partitions.map((entry) => entry.topic);
  const topics = await describeOrFail(admin, topicNames);
  const ongoing = await admin.listPartitionReassignments();
  const moving = ongoing.some((move) =>
    plan.partitions.some((entry) => entry.topic === move.topic && entry.partition === move.partition),
  );
  const sample = moving ? await sampleLogSizes(admin, topicNames) : undefined;
  const samples = sample === undefined ? undefined : { latest: sample, earlier };
  return { rows: plan.partitions.map((entry) => progressOf(entry, topics, ongoing, samples)), sample };
}

const ids = (values: readonly number[]) => (values.length === 0 ? "-" : values.join(","));

function renderCopy(copy: CopyProgress | null): string[] {
  if (copy === null) return ["-", "-", "-"];
  return [
    `${progressBar(copy.copiedBytes, copy.totalBytes)} ${formatBytes(copy.copiedBytes)}/${formatBytes(copy.totalBytes)}`,
    copy.rateBytesPerSecond === null ? "-" : `${formatBytes(copy.rateBytesPerSecond)}/s`,
    formatDuration(copy.etaSeconds),
  ];
}

export function renderProgress(rows: readonly PartitionProgress[]): string {
  const done = rows.filter((row) => row.state === "done").length;
  return [
    table(
      [
        "TOPIC",
        "PARTITION",
        "STATE",
        "TARGET",
        "REPLICAS",
        "ISR",
        "ADDING",
        "REMOVING",
        "COPIED",
        "RATE",
        "ETA",
      ],
      rows.map((row) => [
        row.topic,
        String(row.partition),
        row.state,
        ids(row.target),
        ids(row.replicas),
        ids(row.isr),
        ids(row.adding),
        ids(row.removing),
        ...renderCopy(row.copy),
      ]),
    ),
    `${done} of ${rows.length} partitions done`,
  ].join("\n");
}

/** Polls until every partition of the plan is done, printing a line whenever the count changes. */
export async function waitUntilDone(admin: AdminClient, plan: ReassignmentPlan, settings: ClusterSettings) {
  const deadline = Date.now() + settings.timeoutMs;
  let earlier: LogSizeSample | undefined;
  for (;;) {
    const { rows, sample } = await progress(admin, plan, earlier);
    earlier = sample;
    const done = rows.filter((row) => row.state === "done").length;
    if (!settings.json) process.stderr.write(`${waitLine(rows, done)}\n`);
    if (done === rows.length) return rows;
    if (Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, reassignPollMs));
  }
}

/** One line per poll of --wait: partitions done, and the bytes copied of those still copying. */
function waitLine(rows: readonly PartitionProgress[], done: number): string {
  const copying = rows.filter((row) => row.state === "copying");
  const copied = copying.reduce((sum, row) => sum + (row.copy?.copiedBytes ?? 0), 0);
  const total = copying.reduce((sum, row) => sum + (row.copy?.totalBytes ?? 0), 0);
  const rate = copying.reduce((sum, row) => sum + (row.copy?.rateBytesPerSecond ?? 0), 0);
  const eta = total > copied && rate > 0 ? (total - copied) / rate : null;
  const bytes =
    copying.length === 0
      ? ""
      : ` ${progressBar(copied, total)} ${formatBytes(copied)}/${formatBytes(total)} at ${formatBytes(rate)}/s, ETA ${formatDuration(eta)}`;
  return `reassign: ${done}/${rows.length} done, ${copying.length} copying${bytes}`;
}

async function execute(
  settings: ClusterSettings,
  file: string,
  wait: boolean,
  throttle: ThrottleRequest | undefined,
): Promise<void> {
  const throttleBytesPerSecond = throttle?.bytesPerSecond;
  const plan = readPlan(file);
  const { results, rows } = await withAdmin(settings, async (admin) => {
    const cluster = await admin.describeCluster();
    const registered = new Set(cluster.brokers.map((broker) => broker.nodeId));
    for (const entry of plan.partitions) {
      const unknown = entry.replicas.filter((id) => !registered.has(id));
      if (unknown.length > 0) {
        throw new CliError(
          `${entry.topic}/${entry.partition}: broker ${unknown.join(",")} is not registered; nothing was moved`,
        );
      }
    }
    // Fails before anything moves when a topic or partition of the plan does not exist.
    await progress(admin, plan);
    const results = await admin.alterPartitionReassignments(
      plan.partitions,
      throttleBytesPerSecond === undefined ? {} : { throttleBytesPerSecond },
    );
    // The automatic mode's settings go in right after the moves started with its maximum as the
    // rate (the controller removes them with the rate once no move is left, also when every move
    // ended before they landed).
    if (throttle?.auto !== undefined && results.some((result) => result.error === null)) {
      await setAutoThrottle(admin, throttle.auto);
    }
    const rows = wait ? await waitUntilDone(admin, plan, settings) : [];
    return { results, rows };
  });
  const failed = results.filter((result) => result.error !== null);
  printResult(
    settings,
    {
      started: results.filter((result) => result.error === null).length,
      failed: failed.map((result) => ({
        topic: result.topic,
        partition: result.partition,
        error: result.error?.errorName,
        message: result.error?.message,
      })),
      ...(wait ? { progress: rows } : {}),
    },
    () =>
      [
        `started ${results.length - failed.length} of ${results.length} partition moves${
          throttle === undefined
            ? ""
            : throttle.auto === undefined
              ? `, reassignment traffic throttled to ${formatBytes(throttle.bytesPerSecond)}/s until the moves end`
              : `, reassignment traffic throttled until the moves end, automatically ${describeAuto(throttle.bytesPerSecond, throttle.auto)}`
        }`,
        ...failed.map(
          (result) =>
            `  ${result.topic}/${result.partition}: ${result.error?.errorName}: ${result.error?.message}`,
        ),
        ...(wait ? [renderProgress(rows)] : ["follow it with: rill reassign --verify <plan> [--wait]"]),
      ].join("\n"),
  );
  const first = failed[0]?.error;
  if (first !== undefined && first !== null) throw itemFailure(`${failed.length} partition moves`, first);
  if (wait && rows.some((row) => row.state !== "done")) {
    throw new CliError(`not done within --timeout-ms ${settings.timeoutMs}`, ExitCode.failure);
  }
}

async function verify(settings: ClusterSettings, file: string, wait: boolean): Promise<void> {
  const plan = readPlan(file);
  const rows = await withAdmin(settings, async (admin) =>
    wait ? waitUntilDone(admin, plan, settings) : (await progress(admin, plan)).rows,
  );
  printResult(settings, { partitions: rows }, () => renderProgress(rows));
  const pending = rows.filter((row) => row.state !== "done").length;
  if (pending > 0) throw new CliError(`${pending} of ${rows.length} partitions have not landed yet`);
}

async function status(settings: ClusterSettings): Promise<void> {
  const { rows, throttle } = await withAdmin(settings, async (admin) => {
    const throttle = await reassignmentThrottle(admin);
    const ongoing = await admin.listPartitionReassignments();
    if (ongoing.length === 0) return { rows: [], throttle };
    const topicNames = ongoing.map((entry) => entry.topic);
    // Two samples of the log sizes, statusSampleMs apart, give each move's copy rate.
    const earlier = await sampleLogSizes(admin, topicNames);
    await new Promise((resolve) => setTimeout(resolve, statusSampleMs));
    const latest = await sampleLogSizes(admin, topicNames);
    const topics = await describeOrFail(admin, topicNames);
    const now = await admin.listPartitionReassignments();
    const rows = now.map((entry) =>
      progressOf(
        {
          topic: entry.topic,
          partition: entry.partition,
          replicas: entry.replicas.filter((id) => !entry.removingReplicas.includes(id)),
        },
        topics,
        now,
        { latest, earlier },
      ),
    );
    return { rows, throttle };
  });
  const throttleLine =
    throttle === null
      ? "throttle: none"
      : throttle.auto === null
        ? `throttle: ${formatBytes(throttle.bytesPerSecond)}/s (${REASSIGNMENT_THROTTLE_CONFIG})`
        : `throttle: automatic, ${describeAuto(throttle.bytesPerSecond, throttle.auto)}`;
  const json = {
    partitions: rows,
    throttleBytesPerSecond: throttle?.bytesPerSecond ?? null,
    throttleAuto: throttle?.auto ?? null,
  };
  printResult(settings, json, () =>
    rows.length === 0
      ? `no reassignment in progress; ${throttleLine}`
      : `${renderProgress(rows)}\n${throttleLine}`,
  );
}

/** The cluster config that limits reassignment traffic (set by --execute --throttle). */
export const REASSIGNMENT_THROTTLE_CONFIG = "leader.replication.throttled.rate";

/** The cluster configs of the automatic throttle mode (the rate above is its maximum then). */
const AUTO_CONFIG = "leader.replication.throttled.auto.enable";
const AUTO_MIN_RATE_CONFIG = "leader.replication.throttled.auto.min.rate";
const AUTO_P99_MS_CONFIG = "leader.replication.throttled.auto.produce.p99.ms";

function describeAuto(
  maxBytesPerSecond: number,
  auto: { readonly minBytesPerSecond: number; readonly produceP99MsMax: number },
): string {
  return `between ${formatBytes(auto.minBytesPerSecond)}/s and ${formatBytes(maxBytesPerSecond)}/s, lowered while a leader's produce p99 exceeds ${auto.produceP99MsMax} ms`;
}

async function setAutoThrottle(
  admin: AdminClient,
  auto: { readonly minBytesPerSecond: number; readonly produceP99MsMax: number },
): Promise<void> {
  const [result] = await admin.alterConfigs([
    {
      type: "broker",
      name: "",
      changes: [
        { name: AUTO_CONFIG, operation: "set", value: "true" },
        { name: AUTO_MIN_RATE_CONFIG, operation: "set", value: String(auto.minBytesPerSecond) },
        { name: AUTO_P99_MS_CONFIG, operation: "set", value: String(auto.produceP99MsMax) },
      ],
    },
  ]);
  if (result?.error !== null && result?.error !== undefined) {
    throw itemFailure("the moves started at the maximum rate; setting the automatic throttle", result.error);
  }
}

/** The reassignment throttle in force (bytes per second, and the automatic mode's bounds); null when none. */
async function reassignmentThrottle(admin: AdminClient): Promise<{
  bytesPerSecond: number;
  auto: { minBytesPerSecond: number; produceP99MsMax: number } | null;
} | null> {
  const [result] = await admin.describeConfigs([
    {
      type: "broker",
      name: "",
      configNames: [REASSIGNMENT_THROTTLE_CONFIG, AUTO_CONFIG, AUTO_MIN_RATE_CONFIG, AUTO_P99_MS_CONFIG],
    },
  ]);
  if (result === undefined || result.error !== null) return null;
  const value = (name: string) => result.configs.find((config) => config.name === name)?.value ?? undefined;
  const rate = value(REASSIGNMENT_THROTTLE_CONFIG);
  if (rate === undefined) return null;
  const bytesPerSecond = Number(rate);
  if (value(AUTO_CONFIG)?.toLowerCase() !== "true") return { bytesPerSecond, auto: null };
  // The brokers' defaults when a bound is not set (see the controller's reassignment-throttle).
  return {
    bytesPerSecond,
    auto: {
      minBytesPerSecond: Math.min(
        bytesPerSecond,
        Number(value(AUTO_MIN_RATE_CONFIG) ?? AUTO_DEFAULTS.minBytesPerSecond),
      ),
      produceP99MsMax: Number(value(AUTO_P99_MS_CONFIG) ?? AUTO_DEFAULTS.produceP99MsMax),
    },
  };
}

/** The brokers' defaults for a bound of the automatic mode that is not set. */
const AUTO_DEFAULTS = { minBytesPerSecond: 1024 * 1024, produceP99MsMax: 100 };

function throttleRequest(options: ReassignOptions): ThrottleRequest | undefined {
  if (options.throttle === undefined) return undefined;
  if (options.throttle.trim().toLowerCase() !== "auto") {
    return { bytesPerSecond: parseRate(options.throttle, "--throttle") };
  }
  const minBytesPerSecond = parseRate(options.throttleMin, "--throttle-min");
  const maxBytesPerSecond = parseRate(options.throttleMax, "--throttle-max");
  const produceP99MsMax = Number(options.throttleP99Ms);
  if (minBytesPerSecond <= 0 || minBytesPerSecond > maxBytesPerSecond) {
    throw new UsageError("--throttle-min must be above 0 and at most --throttle-max");
  }
  if (!Number.isSafeInteger(produceP99MsMax) || produceP99MsMax <= 0) {
    throw new UsageError(`--throttle-p99-ms: '${options.throttleP99Ms}' is not a positive number of ms`);
  }
  return { bytesPerSecond: maxBytesPerSecond, auto: { minBytesPerSecond, produceP99MsMax } };
}

async function cancel(settings: ClusterSettings, file: string): Promise<void> {
  const plan = readPlan(file);
  const results = await withAdmin(settings, async (admin) => {
    const ongoing = await admin.listPartitionReassignments();
    const moving = plan.partitions.filter((entry) =>
      ongoing.some((item) => item.topic === entry.topic && item.partition === entry.partition),
    );
    if (moving.length === 0) return [];
    return admin.alterPartitionReassignments(
      moving.map((entry) => ({ topic: entry.topic, partition: entry.partition, replicas: null })),
    );
  });
  const failed = results.filter((result) => result.error !== null);
  printResult(settings, { cancelled: results.length - failed.length, failed: failed.length }, () =>
    results.length === 0
      ? "no partition of the plan is moving; nothing to cancel"
      : `cancelled ${results.length - failed.length} of ${results.length} moves (their original replicas are restored)`,
  );
  const first = failed[0]?.error;
  if (first !== undefined && first !== null) throw itemFailure(`cancel of ${failed.length} moves`, first);
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
