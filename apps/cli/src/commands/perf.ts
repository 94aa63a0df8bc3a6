import { Command } from "commander";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import {
  CpuProfiler,
  formatTopFrames,
  readCpuProfile,
  topFrames,
  topFramesDefault,
} from "../perf/cpu-profile.js";
import { printProducePerf, randomPayload, readPayloads, runProducePerf } from "../perf/produce-perf.js";
import { parseProducerProps, producerPropNames } from "../perf/producer-props.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";

interface PerfProduceOptions extends ClusterOptions {
  readonly topic: string;
  readonly numRecords: string;
  readonly recordSize?: string;
  readonly payloadFile?: string;
  readonly throughput: string;
  readonly acks?: string;
  readonly producerProps: string[];
  readonly reportingIntervalMs: string;
  readonly profile?: string;
}

/** The largest --record-size: the broker's default max message (1 MiB). */
const recordSizeMax = 1024 * 1024;

function perfProduceCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("produce")
      .description("measure producer throughput and latency (Kafka's kafka-producer-perf-test)")
      .requiredOption("--topic <topic>", "the topic to send to")
      .requiredOption("--num-records <n>", "how many records to send")
      .option("--record-size <bytes>", "size of each record's value (random letters)")
      .option("--payload-file <path>", "values to send, one per line, cycled (instead of --record-size)")
      .option("--throughput <records/s>", "cap on records per second; -1 for none", "-1")
      .option("--acks <acks>", "all (-1), 1 or 0 (same as --producer-props acks=...)")
      .option(
        "--producer-props <name=value...>",
        `producer settings by Kafka name: ${producerPropNames.join(", ")}`,
        (value: string, previous: string[]) => [...previous, value],
        [] as string[],
      )
      .option("--reporting-interval-ms <ms>", "how often the progress line is printed (stderr)", "5000")
      .option(
        "--profile <file>",
        "write a CPU profile of this client to <file> (.cpuprofile) and print its top frames (stderr)",
      ),
  ).action(async (options: PerfProduceOptions) => {
    const settings = clusterSettings(options);
    const numRecords = parseIntegerOption(options.numRecords, "--num-records", 1, Number.MAX_SAFE_INTEGER);
    const throughput = parseIntegerOption(options.throughput, "--throughput", -1, 100_000_000);
    if (throughput === 0) throw new UsageError("--throughput: 0 would send nothing; use -1 for no cap");
    const reportIntervalMs = parseIntegerOption(
      options.reportingIntervalMs,
      "--reporting-interval-ms",
      100,
      3_600_000,
    );
    if ((options.recordSize === undefined) === (options.payloadFile === undefined)) {
      throw new UsageError("give exactly one of --record-size and --payload-file");
    }
    const producerOptions = parseProducerProps([
      ...(options.acks === undefined ? [] : [`acks=${options.acks}`]),
      ...options.producerProps,
    ]);
    const payloads =
      options.payloadFile !== undefined
        ? await readPayloads(options.payloadFile)
        : [randomPayload(parseIntegerOption(options.recordSize ?? "", "--record-size", 0, recordSizeMax))];
    const { Rill } = await import("@rill/client");
    const rill = new Rill({ brokers: settings.bootstrap, clientId: "rill-perf-produce" });
    try {
      const [info] = await reportingFailures(() =>
        rill.data.describeTopics([options.topic], settings.timeoutMs),
      );
      if (info?.error != null)
        throw new CliError(`${info.error.errorName}: topic '${options.topic}': ${info.error.message}`);
      const idempotenceDefault =
        producerOptions.acks === undefined || producerOptions.acks === "all" || producerOptions.acks === -1;
      const producer = await reportingFailures(async () =>
        rill.producer({ idempotence: idempotenceDefault, ...producerOptions }),
      );
      const profiler = options.profile === undefined ? undefined : await CpuProfiler.start();
      const result = await reportingFailures(() =>
        runProducePerf(producer, {
          topic: options.topic,
          numRecords,
          payloads,
          throughput,
          producerOptions: { idempotence: idempotenceDefault, ...producerOptions },
          reportIntervalMs,
          json: settings.json,
        }),
      );
      if (profiler !== undefined && options.profile !== undefined) {
        const profile = await profiler.stop(options.profile);
        process.stderr.write(
          `CPU profile of the client: ${options.profile}; top frames by self time:\n${formatTopFrames(topFrames(profile))}\n`,
        );
      }
      printProducePerf(result, settings.json);
      if (result.indeterminate > 0) {
        throw new CliError(`${result.indeterminate} record(s) with unknown outcome`, ExitCode.indeterminate);
      }
      if (result.failed > 0) throw new CliError(`${result.failed} record(s) failed`);
    } finally {
      await rill.disconnect();
    }
  });
}

/** `rill perf top <file>`: the top frames of any .cpuprofile (e.g. a broker run under node --cpu-prof). */
function perfTopCommand(): Command {
  return new Command("top")
    .description("print the functions with the most self time in a V8 CPU profile (.cpuprofile)")
    .argument("<file>", "a .cpuprofile, as rill perf produce --profile or node --cpu-prof writes")
    .option("--frames <n>", "how many frames to print", String(topFramesDefault))
    .action(async (file: string, options: { frames: string }) => {
      const count = parseIntegerOption(options.frames, "--frames", 1, 10_000);
      process.stdout.write(`${formatTopFrames(topFrames(await readCpuProfile(file), count))}\n`);
    });
}

/**
 * `rill perf ...`: benchmarks that print figures, shaped like Kafka's perf-test tools. `perf
 * consume` joins this group from the consumer's side.
 */
export function perfCommand(addClusterOptions: AddClusterOptions): Command {
  return new Command("perf")
    .description("measure the cluster through the SDK: throughput and latency percentiles")
    .addCommand(perfProduceCommand(addClusterOptions))
    .addCommand(perfTopCommand());
}
