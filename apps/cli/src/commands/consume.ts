import type { Consumer, ConsumerRecord, StartPosition } from "@rill/client";
import { Command } from "commander";
import { type BytesFormat, BytesNotTextError, parseBytesFormat, rawFrame } from "../bytes-format.js";
import { CliError, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";
import { brokerBootstrap } from "./data-bootstrap.js";
import { DEFAULT_RECORD_FORMAT, type RecordCodecs, RecordFormat, recordJson } from "./record-format.js";

/** The most messages --max-messages accepts. */
export const consumeMessagesMax = 2 ** 31 - 1;
/** The console consumer's prefetch bound (Kafka fetch.max.bytes); a terminal needs no more. */
export const consumeFetchMaxBytes = 16 * 1024 * 1024;

interface ConsumeCommandOptions extends ClusterOptions {
  readonly partition?: string;
  readonly offset?: string;
  readonly fromBeginning: boolean;
  readonly fromTime?: string;
  readonly maxMessages?: string;
  readonly format?: string;
  readonly keyFormat: string;
  readonly valueFormat: string;
  readonly group?: string;
  readonly groupInstanceId?: string;
  readonly sessionTimeoutMs?: string;
}

/** The longest --session-timeout-ms accepted (Kafka's group.consumer.max.session.timeout.ms default). */
export const groupSessionTimeoutMsMax = 60_000;

/** --group refuses the flags that pick partitions or positions: the group decides those. */
function checkGroupFlags(options: ConsumeCommandOptions): void {
  if (options.group === undefined) {
    if (options.groupInstanceId !== undefined || options.sessionTimeoutMs !== undefined) {
      throw new UsageError("--group-instance-id and --session-timeout-ms need --group");
    }
    return;
  }
  const clashing = [
    options.partition !== undefined ? "--partition" : undefined,
    options.offset !== undefined ? "--offset" : undefined,
    options.fromTime !== undefined ? "--from-time" : undefined,
  ].filter((flag) => flag !== undefined);
  if (clashing.length > 0) {
    throw new UsageError(
      `${clashing.join(", ")} cannot be used with --group (the group assigns partitions; they start at its committed offsets)`,
    );
  }
}

/** --from-time: Unix milliseconds, or an ISO-8601 date-time ("2026-12-06T18:00:00Z"). */
export function parseFromTime(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new UsageError(`--from-time must be Unix milliseconds or an ISO-8601 date-time, got '${text}'`);
  }
  return value;
}

/** Where each partition starts, from the mutually exclusive start flags. */
function startPosition(options: ConsumeCommandOptions, explicitPartition: number | undefined): StartPosition {
  const chosen = [
    options.offset !== undefined ? "--offset" : undefined,
    options.fromBeginning ? "--from-beginning" : undefined,
    options.fromTime !== undefined ? "--from-time" : undefined,
  ].filter((flag) => flag !== undefined);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(" and ")} cannot be used together`);
  if (options.offset !== undefined) {
    if (explicitPartition === undefined) throw new UsageError("--offset needs --partition");
    return parseIntegerOption(options.offset, "--offset", 0, Number.MAX_SAFE_INTEGER);
  }
  if (options.fromBeginning) return "earliest";
  if (options.fromTime !== undefined) return { timestamp: parseFromTime(options.fromTime) };
  return "latest";
}

/** Turns records into output bytes: JSON lines, --format text, or raw length-delimited values. */
function recordPrinter(
  options: ConsumeCommandOptions,
  json: boolean,
): (record: ConsumerRecord) => string | Buffer {
  const keyFormat = parseBytesFormat(options.keyFormat, "--key-format");
  const valueFormat: BytesFormat = parseBytesFormat(options.valueFormat, "--value-format");
  if (valueFormat === "raw" || keyFormat === "raw") {
    if (json || options.format !== undefined || keyFormat !== "raw" || valueFormat !== "raw") {
      throw new UsageError(
        "raw output is values only, length-delimited: use --value-format raw --key-format raw, without --json or --format",
      );
    }
    return (record) => rawFrame(record.value);
  }
  const codecs: RecordCodecs = { key: keyFormat, value: valueFormat };
  if (json) {
    if (options.format !== undefined) throw new UsageError("--format and --json cannot be used together");
    return (record) => `${recordJson(record, codecs)}\n`;
  }
  const format = RecordFormat.parse(options.format ?? DEFAULT_RECORD_FORMAT);
  return (record) => format.render(record, codecs);
}

/** `rill consume TOPIC`: prints records of one or every partition; follows until Ctrl-C without --max-messages. */
export function consumeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("consume")
      .description(
        "print a topic's records (kcat-style --format text, JSON lines with --json, or raw); follows until Ctrl-C",
      )
      .argument("<topic>", "the topic")
      .option("--partition <p>", "read only this partition (default: all)")
      .option(
        "--group <id>",
        "consume as a member of this consumer group: partitions shared with its other members, " +
          "starting at the committed offsets (else --from-beginning or the latest); commits every 5 s and on exit",
      )
      .option("--group-instance-id <id>", "a static member id (keeps its partitions across a quick restart)")
      .option("--session-timeout-ms <ms>", "with --group: the member's session timeout (default 45000)")
      .option("--offset <o>", "start at this offset (needs --partition)")
      .option("--from-beginning", "start at the earliest offset (default: the latest)", false)
      .option("--from-time <time>", "start at the first record at or after this time (Unix ms or ISO-8601)")
      .option(
        "--max-messages <n>",
        "stop after this many records; fail if they do not arrive within --timeout-ms",
      )
      .option(
        "--format <fmt>",
        "text layout, as kcat -f: %t topic, %p partition, %o offset, %T timestamp (ms), %k key, %s value, " +
          "%K/%S key/value size (-1 = null), %h headers (k=v,...), %% percent; \\n \\t \\\\ escapes; " +
          `null prints as nothing; default '${DEFAULT_RECORD_FORMAT}'`,
      )
      .option(
        "--key-format <f>",
        "how keys print: utf8 (invalid UTF-8 is an error, never altered), base64, hex",
        "utf8",
      )
      .option(
        "--value-format <f>",
        "how values print: utf8 (invalid UTF-8 is an error, never altered), base64, hex, or raw " +
          "(binary: each value as a 4-byte big-endian length, -1 for null, then its bytes; needs --key-format raw)",
        "utf8",
      ),
  ).action(async (topic: string, options: ConsumeCommandOptions) => {
    const settings = clusterSettings(options);
    checkGroupFlags(options);
    const sessionTimeoutMs =
      options.sessionTimeoutMs === undefined
        ? undefined
        : parseIntegerOption(options.sessionTimeoutMs, "--session-timeout-ms", 1, groupSessionTimeoutMsMax);
    const explicitPartition =
      options.partition === undefined
        ? undefined
        : parseIntegerOption(options.partition, "--partition", 0, 2 ** 31 - 1);
    const start = startPosition(options, explicitPartition);
    const maxMessages =
      options.maxMessages === undefined
        ? undefined
        : parseIntegerOption(options.maxMessages, "--max-messages", 1, consumeMessagesMax);
    const printer = recordPrinter(options, settings.json);
    const { ConnectionPool, Consumer, DataClient, systemClock } = await import("@rill/client");
    const pool = new ConnectionPool();
    const data = new DataClient({
      bootstrap: await brokerBootstrap(settings.bootstrap, settings.timeoutMs),
      operationTimeoutMs: settings.timeoutMs,
      pool,
    });
    const consumer: Consumer = new Consumer(
      { data, pool, clock: systemClock, clientId: "rill-cli" },
      {
        fetchMaxBytes: consumeFetchMaxBytes,
        operationTimeoutMs: settings.timeoutMs,
        ...(options.group === undefined ? {} : { groupId: options.group }),
        ...(options.groupInstanceId === undefined ? {} : { groupInstanceId: options.groupInstanceId }),
        ...(sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs }),
      },
    );
    const onSignal = (): void => consumer.stop();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    let printed = 0;
    let idleTimer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      await reportingFailures(async () => {
        const partitions = await partitionsToRead(data, topic, explicitPartition, settings.timeoutMs);
        await consumer.connect();
        if (options.group === undefined) {
          await consumer.assign(partitions.map((partition) => ({ topic, partition, offset: start })));
        } else {
          await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning });
        }
        const budget = maxMessages ?? Number.POSITIVE_INFINITY;
        const armIdleTimer = (): void => {
          if (maxMessages === undefined) return;
          clearTimeout(idleTimer);
          idleTimer = setTimeout(() => {
            timedOut = true;
            consumer.stop();
          }, settings.timeoutMs);
        };
        armIdleTimer();
        await consumer.run({
          eachBatch: async ({ messages, resolveOffset }) => {
            const chunks: (string | Buffer)[] = [];
            for (const message of messages) {
              if (printed >= budget) break;
              chunks.push(printer(message));
              printed += 1;
              resolveOffset(message.offset);
            }
            await writeOut(chunks);
            armIdleTimer();
            if (printed >= budget) consumer.stop();
          },
        });
      });
      if (maxMessages !== undefined && printed < maxMessages && timedOut) {
        throw new CliError(
          `got ${printed} of ${maxMessages} message(s): none arrived for --timeout-ms ${settings.timeoutMs}`,
        );
      }
      process.stderr.write(settings.json ? "" : `consumed ${printed} message(s)\n`);
    } catch (error) {
      if (error instanceof BytesNotTextError) throw new CliError(error.message);
      throw error;
    } finally {
      clearTimeout(idleTimer);
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      await consumer.disconnect();
      data.close();
      pool.close();
    }
  });
}

/**
 * The partitions to read: one, or all of the topic's. An unknown topic fails at once with the
 * way to list topics (one metadata round trip, not a wait for a topic that may still appear).
 */
async function partitionsToRead(
  data: InstanceType<typeof import("@rill/client").DataClient>,
  topic: string,
  explicitPartition: number | undefined,
  timeoutMs: number,
): Promise<number[]> {
  const [info] = await data.describeTopics([topic], timeoutMs);
  if (info === undefined || info.error !== null) {
    const cause = info?.error;
    if (cause?.errorName === "UNKNOWN_TOPIC_OR_PARTITION") {
      throw new CliError(`topic '${topic}' does not exist (rill topics list shows the topics)`, undefined, {
        cause,
      });
    }
    throw cause ?? new CliError(`no metadata for topic '${topic}'`);
  }
  if (explicitPartition !== undefined && explicitPartition >= info.partitions.length) {
    throw new CliError(
      `--partition ${explicitPartition}: topic '${topic}' has ${info.partitions.length} partition(s)`,
    );
  }
  return explicitPartition === undefined
    ? info.partitions.map((partition) => partition.partition)
    : [explicitPartition];
}

/** Writes to stdout, waiting for it to drain (a slow pipe holds the consumer back, not memory). */
function writeOut(chunks: readonly (string | Buffer)[]): Promise<void> {
  if (chunks.length === 0) return Promise.resolve();
  const data = chunks.every((chunk) => typeof chunk === "string")
    ? chunks.join("")
    : Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk)));
  if (process.stdout.write(data)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}
