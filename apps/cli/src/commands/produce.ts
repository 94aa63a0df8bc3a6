import { createInterface } from "node:readline";
import type { Acks, DataClient } from "@rill/client";
import type { CompressionCodec, RecordInput } from "@rill/protocol";
import { encodeRecordBatch, isDefinitelyNotDone, isRillError } from "@rill/protocol";
import { Command, Option } from "commander";
import { CliError, ExitCode, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import { printResult } from "../output.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";

/** Kafka's producer defaults: batch.size 16 KiB, linger.ms 5. */
export const produceDefaults = { batchBytes: 16 * 1024, lingerMs: 5 } as const;
/**
 * The most record bytes read from stdin but not yet acknowledged (Kafka buffer.memory, smaller):
 * past it, reading stdin pauses until batches are acknowledged.
 */
export const produceBufferedBytesMax = 32 * 1024 * 1024;
/** batch.size accepted on the command line: up to 1 MiB (the broker's default max message). */
export const produceBatchBytesMax = 1024 * 1024;
/** Per-record overhead counted towards batch.size (varints, attributes, deltas). */
const recordOverheadBytes = 16;
/** The most failed batches listed in the summary; the rest are counted. */
const errorsListedMax = 20;

interface ProduceCommandOptions extends ClusterOptions {
  readonly acks: string;
  readonly keySeparator?: string;
  readonly partition?: string;
  readonly compression: CompressionCodec;
  readonly batchSize: string;
  readonly lingerMs: string;
  readonly idempotence: boolean;
}

interface PartitionSummary {
  partition: number;
  records: number;
  firstOffset: number;
  lastOffset: number;
}

interface BatchFailure {
  readonly partition: number;
  readonly records: number;
  readonly error: string;
  readonly message: string;
  /** "failed": not appended; "unknown": may have been appended. */
  readonly outcome: "failed" | "unknown";
}

interface PendingBatch {
  records: RecordInput[];
  bytes: number;
  timer: NodeJS.Timeout | undefined;
}

function parseAcks(text: string): Acks {
  if (text === "all" || text === "-1") return "all";
  if (text === "1") return 1;
  if (text === "0") return 0;
  throw new UsageError(`--acks: '${text}' is not all, -1, 1 or 0`);
}

/**
 * Reads stdin line by line, batches records per partition (up to batch.size bytes or linger.ms
 * after a batch's first record), and sends one batch at a time per partition so records keep
 * their stdin order within a partition. Keyed records go where Kafka's partitioner puts them;
 * keyless ones stick to one partition per batch (Kafka's sticky partitioner).
 */
class LineProducer {
  readonly #pending = new Map<number, PendingBatch>();
  /** The last send per partition: the next one waits for it (one in flight per partition). */
  readonly #chains = new Map<number, Promise<void>>();
  /** The next sequence number per partition (idempotence only). */
  readonly #sequences = new Map<number, number>();
  readonly summaries = new Map<number, PartitionSummary>();
  readonly failures: BatchFailure[] = [];
  failedRecords = 0;
  unknownRecords = 0;
  possibleDuplicates = 0;
  #bufferedBytes = 0;
  #drained: (() => void) | undefined;
  #stickyPartition: number;

  constructor(
    private readonly client: DataClient,
    private readonly settings: {
      readonly topic: string;
      readonly partitionCount: number;
      readonly acks: Acks;
      readonly compression: CompressionCodec;
      readonly batchBytes: number;
      readonly lingerMs: number;
      readonly timeoutMs: number;
      /** Kafka's idempotent producer: batches carry this id and epoch and per-partition sequences. */
      readonly idempotence: { readonly producerId: number; readonly producerEpoch: number } | undefined;
    },
  ) {
    this.#stickyPartition = Math.floor(Math.random() * settings.partitionCount);
  }

  /** Adds one record; resolves when there is room in the buffer for more. */
  async add(record: RecordInput, partition: number | undefined): Promise<void> {
    const target = partition ?? this.#stickyPartition;
    let pending = this.#pending.get(target);
    if (pending === undefined) {
      pending = { records: [], bytes: 0, timer: undefined };
      this.#pending.set(target, pending);
    }
    const bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0) + recordOverheadBytes;
    pending.records.push(record);
    pending.bytes += bytes;
    this.#bufferedBytes += bytes;
    if (pending.bytes >= this.settings.batchBytes) this.#flush(target);
    else pending.timer ??= setTimeout(() => this.#flush(target), this.settings.lingerMs);
    while (this.#bufferedBytes > produceBufferedBytesMax) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
      });
    }
  }

  /** Sends everything still batched and waits for every answer. */
  async finish(): Promise<void> {
    for (const partition of [...this.#pending.keys()]) this.#flush(partition);
    await Promise.all(this.#chains.values());
  }

  #flush(partition: number): void {
    const pending = this.#pending.get(partition);
    if (pending === undefined || pending.records.length === 0) return;
    this.#pending.delete(partition);
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    if (partition === this.#stickyPartition) {
      this.#stickyPartition = (this.#stickyPartition + 1) % this.settings.partitionCount;
    }
    const previous = this.#chains.get(partition) ?? Promise.resolve();
    const next = previous.then(() => this.#send(partition, pending));
    this.#chains.set(partition, next);
  }

  async #send(partition: number, pending: PendingBatch): Promise<void> {
    const count = pending.records.length;
    const idempotence = this.settings.idempotence;
    const baseSequence = this.#sequences.get(partition) ?? 0;
    try {
      const batch = encodeRecordBatch({
        records: pending.records,
        compression: this.settings.compression,
        ...(idempotence === undefined ? {} : { ...idempotence, baseSequence }),
      });
      const result = await this.client.produce({
        topic: this.settings.topic,
        partition,
        batch,
        acks: this.settings.acks,
        timeoutMs: this.settings.timeoutMs,
      });
      if (idempotence !== undefined) this.#sequences.set(partition, baseSequence + count);
      if (result.possibleDuplicate) this.possibleDuplicates += count;
      const summary = this.summaries.get(partition) ?? {
        partition,
        records: 0,
        firstOffset: -1,
        lastOffset: -1,
      };
      summary.records += count;
      if (result.baseOffset >= 0) {
        if (summary.firstOffset < 0) summary.firstOffset = result.baseOffset;
        summary.lastOffset = Math.max(summary.lastOffset, result.lastOffset);
      }
      this.summaries.set(partition, summary);
    } catch (error) {
      const unknown = isRillError(error) ? !isDefinitelyNotDone(error) : false;
      // The batch may be in the log: its sequence numbers are used. Reusing them would make the
      // next batch look like a duplicate of this one (acknowledged, never appended); moving on
      // makes it OUT_OF_ORDER_SEQUENCE_NUMBER (reported) if this one was not appended.
      if (unknown && idempotence !== undefined) this.#sequences.set(partition, baseSequence + count);
      if (unknown) this.unknownRecords += count;
      else this.failedRecords += count;
      this.failures.push({
        partition,
        records: count,
        error: isRillError(error) ? error.errorName : "CLIENT_ERROR",
        message: error instanceof Error ? error.message : String(error),
        outcome: unknown ? "unknown" : "failed",
      });
    } finally {
      this.#bufferedBytes -= pending.bytes;
      if (this.#bufferedBytes <= produceBufferedBytesMax) {
        this.#drained?.();
        this.#drained = undefined;
      }
    }
  }
}

function renderSummary(topic: string, result: ProduceSummary): string {
  const lines = [
    `produced ${result.records} record(s) to ${topic}` +
      (result.failedRecords > 0 ? `, ${result.failedRecords} failed` : "") +
      (result.unknownRecords > 0 ? `, ${result.unknownRecords} with unknown outcome` : "") +
      (result.rejectedLines > 0 ? `, ${result.rejectedLines} line(s) rejected` : ""),
  ];
  for (const partition of result.partitions) {
    const offsets =
      partition.firstOffset < 0
        ? "offsets not reported (acks=0)"
        : `offsets ${partition.firstOffset}-${partition.lastOffset}`;
    lines.push(`  partition ${partition.partition}: ${partition.records} record(s), ${offsets}`);
  }
  if (result.possibleDuplicates > 0) {
    lines.push(
      `  ${result.possibleDuplicates} record(s) may have been appended twice (retried after a timeout)`,
    );
  }
  for (const failure of result.errors) {
    lines.push(
      `  error: partition ${failure.partition}, ${failure.records} record(s): ${failure.error}: ${failure.message}`,
    );
  }
  for (const rejected of result.rejected) lines.push(`  rejected: line ${rejected.line}: ${rejected.reason}`);
  return lines.join("\n");
}

interface ProduceSummary {
  readonly topic: string;
  readonly records: number;
  readonly failedRecords: number;
  readonly unknownRecords: number;
  readonly rejectedLines: number;
  readonly possibleDuplicates: number;
  readonly partitions: PartitionSummary[];
  readonly errors: BatchFailure[];
  readonly rejected: { readonly line: number; readonly reason: string }[];
}

/** `rill produce TOPIC`: one record per stdin line, batched, with a summary at the end. */
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
      .option(
        "--batch-size <bytes>",
        "batch.size: send a batch once it holds this many bytes",
        String(produceDefaults.batchBytes),
      )
      .option(
        "--linger-ms <ms>",
        "linger.ms: send a batch this long after its first record",
        String(produceDefaults.lingerMs),
      ),
  ).action(async (topic: string, options: ProduceCommandOptions) => {
    const settings = clusterSettings(options);
    const acks = parseAcks(options.acks);
    const batchBytes = parseIntegerOption(options.batchSize, "--batch-size", 1, produceBatchBytesMax);
    const lingerMs = parseIntegerOption(options.lingerMs, "--linger-ms", 0, 60_000);
    const explicitPartition =
      options.partition === undefined
        ? undefined
        : parseIntegerOption(options.partition, "--partition", 0, 2 ** 31 - 1);
    if (options.keySeparator === "") throw new UsageError("--key-separator: must not be empty");
    const { DataClient, partitionForKey } = await import("@rill/client");
    const client = new DataClient({ bootstrap: settings.bootstrap, operationTimeoutMs: settings.timeoutMs });
    try {
      const info = await reportingFailures(() => client.topicMetadata(topic, settings.timeoutMs));
      const partitionCount = info.partitions.length;
      if (explicitPartition !== undefined && explicitPartition >= partitionCount) {
        throw new CliError(
          `--partition ${explicitPartition}: topic '${topic}' has ${partitionCount} partition(s)`,
        );
      }
      const idempotence =
        options.idempotence && acks === "all"
          ? await reportingFailures(() => client.initProducerId({ timeoutMs: settings.timeoutMs }))
          : undefined;
      const producer = new LineProducer(client, {
        idempotence,
        topic,
        partitionCount,
        acks,
        compression: options.compression,
        batchBytes,
        lingerMs,
        timeoutMs: settings.timeoutMs,
      });
      const encoder = new TextEncoder();
      const rejected: { line: number; reason: string }[] = [];
      let lineNumber = 0;
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        lineNumber += 1;
        let key: Uint8Array | null = null;
        let value = line;
        if (options.keySeparator !== undefined) {
          const at = line.indexOf(options.keySeparator);
          if (at < 0) {
            if (rejected.length < errorsListedMax) {
              rejected.push({ line: lineNumber, reason: `no key separator '${options.keySeparator}'` });
            }
            continue;
          }
          key = encoder.encode(line.slice(0, at));
          value = line.slice(at + options.keySeparator.length);
        }
        const partition =
          explicitPartition ?? (key === null ? undefined : partitionForKey(key, partitionCount));
        await producer.add({ key, value: encoder.encode(value) }, partition);
      }
      await producer.finish();
      const rejectedLines = rejected.length;
      const summary: ProduceSummary = {
        topic,
        records: [...producer.summaries.values()].reduce((sum, partition) => sum + partition.records, 0),
        failedRecords: producer.failedRecords,
        unknownRecords: producer.unknownRecords,
        rejectedLines,
        possibleDuplicates: producer.possibleDuplicates,
        partitions: [...producer.summaries.values()].sort((left, right) => left.partition - right.partition),
        errors: producer.failures.slice(0, errorsListedMax),
        rejected,
      };
      printResult(settings, summary, () => renderSummary(topic, summary));
      if (summary.unknownRecords > 0) {
        throw new CliError(
          `outcome unknown for ${summary.unknownRecords} record(s): they may or may not have been appended`,
          ExitCode.indeterminate,
        );
      }
      if (summary.failedRecords > 0 || rejectedLines > 0) {
        throw new CliError(
          `${summary.failedRecords} record(s) failed, ${rejectedLines} line(s) rejected; nothing of those was appended`,
        );
      }
    } finally {
      client.close();
    }
  });
}
