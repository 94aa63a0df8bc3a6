import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import {
  type ConsumePerfProgress,
  type ConsumePerfResult,
  perfConsumeThreadsMax,
  runConsumePerf,
} from "../perf/consume-perf.js";
import { CpuProfiler, formatTopFrames, topFrames } from "../perf/cpu-profile.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";
import { brokerBootstrap } from "./data-bootstrap.js";

interface PerfConsumeOptions extends ClusterOptions {
  readonly topic: string;
  readonly messages: string;
  readonly threads: string;
  readonly fetchSize: string;
  readonly fetchMaxBytes: string;
  readonly from: string;
  readonly profile?: string;
}

/** The largest --fetch-size / --fetch-max-bytes accepted (the broker caps a push lower anyway). */
const fetchBytesMax = 1024 * 1024 * 1024;

function progressLine(progress: ConsumePerfProgress): string {
  return `${progress.records} records consumed, ${progress.recordsPerSecond} records/s, ${progress.megabytesPerSecond} MB/s\n`;
}

function summaryText(result: ConsumePerfResult): string {
  return [
    `${result.records} records, ${(result.bytes / (1024 * 1024)).toFixed(2)} MB in ${(result.elapsedMs / 1000).toFixed(2)} s`,
    `${result.recordsPerSecond} records/s, ${result.megabytesPerSecond} MB/s (MB = 2^20 bytes of keys and values)`,
    `time to first record ${result.timeToFirstRecordMs} ms; ${result.threads} consumer(s) over ${result.partitions} partition(s); ` +
      `fetch size ${result.fetchSizeBytes} B per partition, fetch.max.bytes ${result.fetchMaxBytes}`,
    ...(result.endToEndLatencyMs === null
      ? []
      : [
          `end-to-end latency (delivery - record timestamp) over ${result.endToEndLatencyMs.samples} records: ` +
            `p50 ${result.endToEndLatencyMs.p50} ms, p99 ${result.endToEndLatencyMs.p99} ms, ` +
            `p99.9 ${result.endToEndLatencyMs.p999} ms, max ${result.endToEndLatencyMs.max} ms`,
        ]),
  ].join("\n");
}

/**
 * Adds `consume` to a `rill perf` group: Kafka's consumer-perf-test on the SDK Consumer. Cluster
 * options come from `addClusterOptions` when given, otherwise from the parent group's
 * (commander's optsWithGlobals), so the integrated `perf` group can carry them once.
 */
export function registerPerfConsume(perf: Command, addClusterOptions?: AddClusterOptions): Command {
  const command = new Command("consume")
    .description(
      "consumer throughput: read --messages records with --threads consumers; progress every 5 s, then records/s and MB/s",
    )
    .requiredOption("--topic <name>", "the topic to read")
    .requiredOption("--messages <n>", "stop after this many records")
    .option("--threads <n>", "consumers (separate connections) sharing the partitions", "1")
    .option(
      "--fetch-size <bytes>",
      "max.partition.fetch.bytes: record bytes per partition per push",
      String(1024 * 1024),
    )
    .option(
      "--fetch-max-bytes <bytes>",
      "fetch.max.bytes: each consumer's prefetch bound",
      String(50 * 1024 * 1024),
    )
    .option(
      "--from <where>",
      "earliest (catch-up read of the backlog) or latest (tail; also reports end-to-end latency from record timestamps)",
      "earliest",
    )
    .option(
      "--profile <file>",
      "write a CPU profile of this client to <file> (.cpuprofile) and print its top frames (stderr)",
    );
  (addClusterOptions ?? ((same: Command) => same))(command);
  command.action(async (_options: PerfConsumeOptions, self: Command) => {
    const options = self.optsWithGlobals<PerfConsumeOptions>();
    const settings = clusterSettings(options);
    const messages = parseIntegerOption(options.messages, "--messages", 1, Number.MAX_SAFE_INTEGER);
    const threads = parseIntegerOption(options.threads, "--threads", 1, perfConsumeThreadsMax);
    const fetchSizeBytes = parseIntegerOption(options.fetchSize, "--fetch-size", 1, fetchBytesMax);
    const fetchMaxBytes = parseIntegerOption(options.fetchMaxBytes, "--fetch-max-bytes", 1, fetchBytesMax);
    if (options.from !== "earliest" && options.from !== "latest") {
      throw new UsageError(`--from must be earliest or latest, got '${options.from}'`);
    }
    const profiler = options.profile === undefined ? undefined : await CpuProfiler.start();
    const result = await reportingFailures(async () =>
      runConsumePerf({
        bootstrap: await brokerBootstrap(settings.bootstrap, settings.timeoutMs),
        topic: options.topic,
        messages,
        threads,
        fetchSizeBytes,
        fetchMaxBytes,
        from: options.from as "earliest" | "latest",
        idleTimeoutMs: settings.timeoutMs,
        onProgress: (progress) => process.stderr.write(progressLine(progress)),
      }),
    );
    if (profiler !== undefined && options.profile !== undefined) {
      const profile = await profiler.stop(options.profile);
      process.stderr.write(
        `CPU profile of the client: ${options.profile}; top frames by self time:\n${formatTopFrames(topFrames(profile))}\n`,
      );
    }
    process.stdout.write(settings.json ? `${JSON.stringify(result)}\n` : `${summaryText(result)}\n`);
    if (result.records < messages) {
      throw new CliError(
        `got ${result.records} of ${messages} record(s): none arrived for --timeout-ms ${settings.timeoutMs}`,
      );
    }
  });
  perf.addCommand(command);
  return command;
}
