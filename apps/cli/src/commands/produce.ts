import type { Acks, Producer, RecordOutcome } from "@rill/client";
import { type CompressionCodec, isRillError } from "@rill/protocol";
import { Command, Option } from "commander";
import { BYTES_FORMATS, type BytesFormat } from "../bytes-format.js";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import { printResult } from "../output.js";
import {
  checkInputFormat,
  formatHelp,
  type InputFormat,
  readInputRecords,
} from "../produce/stdin-records.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";
import { brokerBootstrap } from "./data-bootstrap.js";

/** Kafka's producer defaults: batch.size 16 KiB, linger.ms 5. */
export const produceDefaults = { batchBytes: 16 * 1024, lingerMs: 5, progressMs: 5_000 } as const;
/** batch.size accepted on the command line: up to 1 MiB (the broker's default max message). */
export const produceBatchBytesMax = 1024 * 1024;
/** Records handed to the producer per send() call. */
const recordsPerSendMax = 500;
/** send() calls awaiting their outcomes before reading stdin pauses (buffer.memory bounds bytes). */
const sendsInFlightMax = 256;
/** The most failures and rejected lines listed in the summary; all are counted. */
const listedMax = 20;

interface ProduceCommandOptions extends ClusterOptions {
  readonly acks: string;
  readonly keySeparator?: string;
  readonly partition?: string;
  readonly compression: CompressionCodec;
  readonly batchSize: string;
  readonly lingerMs: string;
  readonly idempotence: boolean;
  readonly valueFormat: BytesFormat;
  readonly keyFormat: BytesFormat;
  readonly progressMs: string;
}

interface PartitionSummary {
  partition: number;
  records: number;
  firstOffset: number;
  lastOffset: number;
}

interface FailureSummary {
  readonly partition: number | null;
  records: number;
  readonly error: string;
  readonly message: string;
  /** "failed": not appended; "unknown": may have been appended. */
  readonly outcome: "failed" | "unknown";
}

interface ProduceSummary {
  readonly topic: string;
  readonly records: number;
  readonly failedRecords: number;
  readonly unknownRecords: number;
  readonly rejectedLines: number;
  readonly partitions: PartitionSummary[];
  readonly errors: FailureSummary[];
  readonly rejected: { readonly line: number; readonly reason: string }[];
}

function parseAcks(text: string): Acks {
  if (text === "all" || text === "-1") return "all";
  if (text === "1") return 1;
  if (text === "0") return 0;
  throw new UsageError(`--acks: '${text}' is not all, -1, 1 or 0`);
}

/** Tallies outcomes as they come back: per partition offsets, failures grouped by error. */
class OutcomeTally {
  readonly partitions = new Map<number, PartitionSummary>();
  readonly failures: FailureSummary[] = [];
  delivered = 0;
  failedRecords = 0;
  unknownRecords = 0;

  add(outcome: RecordOutcome): void {
    if (outcome.status === "delivered") {
      const { partition, offset } = outcome.metadata;
      const summary = this.partitions.get(partition) ?? {
        partition,
        records: 0,
        firstOffset: -1,
        lastOffset: -1,
      };
      summary.records += 1;
      if (offset >= 0) {
        if (summary.firstOffset < 0 || offset < summary.firstOffset) summary.firstOffset = offset;
        summary.lastOffset = Math.max(summary.lastOffset, offset);
      }
      this.partitions.set(partition, summary);
      this.delivered += 1;
      return;
    }
    const unknown = outcome.status === "indeterminate";
    if (unknown) this.unknownRecords += 1;
    else this.failedRecords += 1;
    const partition =
      typeof outcome.error.details.partition === "number" ? outcome.error.details.partition : null;
    const same = this.failures.find(
      (failure) =>
        failure.partition === partition &&
        failure.error === outcome.error.errorName &&
        failure.outcome === (unknown ? "unknown" : "failed"),
    );
    if (same !== undefined) same.records += 1;
    else
      this.failures.push({
        partition,
        records: 1,
        error: outcome.error.errorName,
        message: outcome.error.message,
        outcome: unknown ? "unknown" : "failed",
      });
  }
}

function renderSummary(topic: string, result: ProduceSummary, unit: string): string {
  const lines = [
    `produced ${result.records} record(s) to ${topic}` +
      (result.failedRecords > 0 ? `, ${result.failedRecords} failed` : "") +
      (result.unknownRecords > 0 ? `, ${result.unknownRecords} with unknown outcome` : "") +
      (result.rejectedLines > 0 ? `, ${result.rejectedLines} ${unit}(s) rejected` : ""),
  ];
  for (const partition of result.partitions) {
    const offsets =
      partition.firstOffset < 0
        ? "offsets not reported (acks=0)"
        : `offsets ${partition.firstOffset}-${partition.lastOffset}`;
    lines.push(`  partition ${partition.partition}: ${partition.records} record(s), ${offsets}`);
  }
  for (const failure of result.errors) {
    const where = failure.partition === null ? "" : `partition ${failure.partition}, `;
    lines.push(`  error: ${where}${failure.records} record(s): ${failure.error}: ${failure.message}`);
  }
  for (const rejected of result.rejected)
    lines.push(`  rejected: ${unit} ${rejected.line}: ${rejected.reason}`);
  if (result.rejectedLines > result.rejected.length) {
    lines.push(`  ... and ${result.rejectedLines - result.rejected.length} more rejected ${unit}(s)`);
  }
  return lines.join("\n");
}

/** Feeds stdin records to the producer in send() calls, bounded, tallying outcomes. */
async function produceInput(options: {
  producer: Producer;
  topic: string;
  partition: number | undefined;
  format: InputFormat;
  tally: OutcomeTally;
  rejected: { line: number; reason: string }[];
  counters: { read: number; rejected: number };
}): Promise<void> {
  const { producer, topic, tally, counters } = options;
  const inFlight = new Set<Promise<void>>();
  let messages: { key: Uint8Array | null; value: Uint8Array; partition?: number }[] = [];
  const flushMessages = async (): Promise<void> => {
    if (messages.length === 0) return;
    const batch = messages;
    messages = [];
    const sending: Promise<void> = producer
      .sendSettled({ topic, messages: batch })
      .then(
        (outcomes) => {
          for (const outcome of outcomes) tally.add(outcome);
        },
        (error: unknown) => {
          // A refused send (e.g. a record over max.request.size): none of its records was
          // accepted, so each is failed; anything else is a bug and ends the command.
          if (!isRillError(error)) throw error;
          for (let index = 0; index < batch.length; index++) tally.add({ status: "failed", error });
        },
      )
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    while (inFlight.size >= sendsInFlightMax) await Promise.race(inFlight);
  };
  for await (const item of readInputRecords(process.stdin, options.format)) {
    if (item.kind === "rejected") {
      counters.rejected += 1;
      if (options.rejected.length < listedMax)
        options.rejected.push({ line: item.line, reason: item.reason });
      continue;
    }
    counters.read += 1;
    messages.push({
      key: item.key,
      value: item.value,
      ...(options.partition === undefined ? {} : { partition: options.partition }),
    });
    if (messages.length >= recordsPerSendMax) await flushMessages();
  }
  await flushMessages();
  await producer.flush();
  await Promise.all(inFlight);
}

/** `rill produce TOPIC`: stdin records through the SDK producer, with a summary at the end. */
export function produceCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("produce")
      .description("send stdin to a topic, one record per line (key SEP value with --key-separator)")
      .argument("<topic>", "the topic")
      .option("--acks <acks>", "all (-1), 1 or 0", "all")
      .option("--key-separator <sep>", "split each line into key and value at the first SEP")
      .option("--partition <p>", "send every record to this partition")
      .option(
        "--no-idempotence",
        "do not use an idempotent producer (it is on with --acks all: retries after a lost answer add no duplicates)",
      )
      .addOption(
        new Option("--compression <codec>", "batch compression")
          .choices(["none", "gzip", "snappy", "lz4", "zstd"])
          .default("none"),
      )
      .addOption(
        new Option("--value-format <format>", "how values are written on stdin (see below)")
          .choices([...BYTES_FORMATS])
          .default("utf8"),
      )
      .addOption(
        new Option("--key-format <format>", "how keys are written on stdin (see below)")
          .choices([...BYTES_FORMATS])
          .default("utf8"),
      )
      .option(
        "--batch-size <bytes>",
        "batch.size: send a batch once it holds this many bytes",
        String(produceDefaults.batchBytes),
      )
      .option(
        "--linger-ms <ms>",
        "linger.ms: send a batch this long after its first record",
        String(produceDefaults.lingerMs),
      )
      .option(
        "--progress-ms <ms>",
        "print progress on stderr this often while input lasts (0: never)",
        String(produceDefaults.progressMs),
      )
      .addHelpText("after", `\n${formatHelp}`),
  ).action(async (topic: string, options: ProduceCommandOptions) => {
    const settings = clusterSettings(options);
    const acks = parseAcks(options.acks);
    const batchBytes = parseIntegerOption(options.batchSize, "--batch-size", 1, produceBatchBytesMax);
    const lingerMs = parseIntegerOption(options.lingerMs, "--linger-ms", 0, 60_000);
    const progressMs = parseIntegerOption(options.progressMs, "--progress-ms", 0, 86_400_000);
    const explicitPartition =
      options.partition === undefined
        ? undefined
        : parseIntegerOption(options.partition, "--partition", 0, 2 ** 31 - 1);
    const format: InputFormat = {
      valueFormat: options.valueFormat,
      keyFormat: options.keyFormat,
      keySeparator: options.keySeparator,
    };
    checkInputFormat(format);
    const { Rill } = await import("@rill/client");
    const rill = new Rill({
      // --bootstrap may name controllers: the brokers are looked up first.
      brokers: await brokerBootstrap(settings.bootstrap, settings.timeoutMs),
      clientId: "rill-cli-produce",
      requestTimeoutMs: Math.min(10_000, settings.timeoutMs),
      retry: { operationTimeoutMs: settings.timeoutMs },
    });
    const tally = new OutcomeTally();
    const rejected: { line: number; reason: string }[] = [];
    const counters = { read: 0, rejected: 0 };
    const progress =
      progressMs === 0
        ? undefined
        : setInterval(() => {
            process.stderr.write(
              `rill: produce ${topic}: ${counters.read} record(s) read, ${tally.delivered} acknowledged, ${tally.failedRecords + tally.unknownRecords} not, ${counters.rejected} rejected\n`,
            );
          }, progressMs);
    try {
      // One metadata answer: a typo'd topic fails now, not after retrying for --timeout-ms.
      const [info] = await reportingFailures(() => rill.data.describeTopics([topic], settings.timeoutMs));
      if (info?.error != null) {
        const hint =
          info.error.errorName === "UNKNOWN_TOPIC_OR_PARTITION"
            ? ` (create it: rill topics create ${topic})`
            : "";
        throw new CliError(
          `${info.error.errorName}: topic '${topic}' does not exist${hint}; nothing was sent`,
        );
      }
      const partitionCount = info?.partitions.length ?? 0;
      if (explicitPartition !== undefined && explicitPartition >= partitionCount) {
        throw new CliError(
          `--partition ${explicitPartition}: topic '${topic}' has ${partitionCount} partition(s)`,
        );
      }
      const producer = rill.producer({
        acks,
        idempotence: options.idempotence && acks === "all",
        compression: options.compression,
        batchSize: batchBytes,
        lingerMs,
        deliveryTimeoutMs: settings.timeoutMs,
        maxBlockMs: settings.timeoutMs,
      });
      await reportingFailures(() =>
        produceInput({ producer, topic, partition: explicitPartition, format, tally, rejected, counters }),
      );
      const summary: ProduceSummary = {
        topic,
        records: tally.delivered,
        failedRecords: tally.failedRecords,
        unknownRecords: tally.unknownRecords,
        rejectedLines: counters.rejected,
        partitions: [...tally.partitions.values()].sort((left, right) => left.partition - right.partition),
        errors: tally.failures.slice(0, listedMax),
        rejected,
      };
      const unit = format.valueFormat === "raw" ? "record" : "line";
      printResult(settings, summary, () => renderSummary(topic, summary, unit));
      if (summary.unknownRecords > 0) {
        throw new CliError(
          `outcome unknown for ${summary.unknownRecords} record(s): they may or may not have been appended`,
          ExitCode.indeterminate,
        );
      }
      if (summary.failedRecords > 0 || summary.rejectedLines > 0) {
        throw new CliError(
          `${summary.failedRecords} record(s) failed, ${summary.rejectedLines} ${unit}(s) rejected; nothing of those was appended`,
        );
      }
    } finally {
      clearInterval(progress);
      await rill.disconnect();
    }
  });
}
