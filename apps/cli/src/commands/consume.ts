import type { DataClient } from "@rill/client";
import type { DecodedRecord } from "@rill/protocol";
import { isRillError } from "@rill/protocol";
import { Command } from "commander";
import { CliError, UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";
import {
  type AddClusterOptions,
  type ClusterOptions,
  clusterSettings,
  reportingFailures,
} from "./cluster.js";

/** fetch.max.wait.ms for the console consumer: how long one fetch waits for new records. */
export const consumeMaxWaitMs = 500;
/** fetch.max.bytes per partition per fetch. */
export const consumeFetchBytesMax = 1024 * 1024;
/** The most messages --max-messages accepts. */
export const consumeMessagesMax = 2 ** 31 - 1;

interface ConsumeCommandOptions extends ClusterOptions {
  readonly partition?: string;
  readonly offset?: string;
  readonly fromBeginning: boolean;
  readonly maxMessages?: string;
}

const decoder = new TextDecoder();

function text(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : decoder.decode(bytes);
}

/** One record as a JSON line: stable field names, text as UTF-8, headers in order. */
function recordJson(partition: number, record: DecodedRecord): string {
  return JSON.stringify({
    partition,
    offset: record.offset,
    key: text(record.key),
    value: text(record.value),
    headers: record.headers.map((header) => ({ key: header.key, value: text(header.value) })),
    timestamp: record.timestamp,
  });
}

/** Shared by every partition's loop: how many messages to print and how many were printed. */
interface ConsumeBudget {
  readonly max: number;
  printed: number;
}

/**
 * Follows one partition from `offset`: fetch, print the records at or after the position, move
 * the position past the last batch. Stops when the budget is spent or `signal` aborts; with a
 * budget, fails when no record arrives within `idleTimeoutMs`.
 */
async function followPartition(options: {
  readonly client: DataClient;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly json: boolean;
  readonly budget: ConsumeBudget;
  readonly idleTimeoutMs: number | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}): Promise<void> {
  const { decodeFetchedBatches, nextFetchOffset, recordsFrom } = await import("@rill/client");
  let position = options.offset;
  let lastProgressMs = Date.now();
  while (!options.signal.aborted && options.budget.printed < options.budget.max) {
    const fetched = await options.client.fetch({
      topic: options.topic,
      partition: options.partition,
      offset: position,
      maxWaitMs: consumeMaxWaitMs,
      maxBytes: consumeFetchBytesMax,
      timeoutMs: consumeMaxWaitMs + options.timeoutMs,
      signal: options.signal,
    });
    const batches = decodeFetchedBatches(fetched.records);
    for (const record of recordsFrom(batches, position)) {
      if (options.budget.printed >= options.budget.max) return;
      options.budget.printed += 1;
      process.stdout.write(
        `${options.json ? recordJson(options.partition, record) : (text(record.value) ?? "null")}\n`,
      );
    }
    const next = nextFetchOffset(batches, position);
    if (next > position) lastProgressMs = Date.now();
    else if (options.idleTimeoutMs !== undefined && Date.now() - lastProgressMs >= options.idleTimeoutMs)
      return;
    position = next;
  }
}

/** `rill consume TOPIC`: prints records of one or every partition; follows until Ctrl-C without --max-messages. */
export function consumeCommand(addClusterOptions: AddClusterOptions): Command {
  return addClusterOptions(
    new Command("consume")
      .description("print a topic's records (values, or JSON lines with --json); follows until Ctrl-C")
      .argument("<topic>", "the topic")
      .option("--partition <p>", "read only this partition (default: all)")
      .option("--offset <o>", "start at this offset (needs --partition)")
      .option("--from-beginning", "start at the earliest offset (default: the latest)", false)
      .option(
        "--max-messages <n>",
        "stop after this many records; fail if they do not arrive within --timeout-ms",
      ),
  ).action(async (topic: string, options: ConsumeCommandOptions) => {
    const settings = clusterSettings(options);
    const explicitPartition =
      options.partition === undefined
        ? undefined
        : parseIntegerOption(options.partition, "--partition", 0, 2 ** 31 - 1);
    const startOffset =
      options.offset === undefined
        ? undefined
        : parseIntegerOption(options.offset, "--offset", 0, Number.MAX_SAFE_INTEGER);
    if (startOffset !== undefined && explicitPartition === undefined) {
      throw new UsageError("--offset needs --partition");
    }
    if (startOffset !== undefined && options.fromBeginning) {
      throw new UsageError("--offset and --from-beginning cannot be used together");
    }
    const maxMessages =
      options.maxMessages === undefined
        ? undefined
        : parseIntegerOption(options.maxMessages, "--max-messages", 1, consumeMessagesMax);
    const { DataClient } = await import("@rill/client");
    const client = new DataClient({ bootstrap: settings.bootstrap, operationTimeoutMs: settings.timeoutMs });
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const budget: ConsumeBudget = { max: maxMessages ?? Number.POSITIVE_INFINITY, printed: 0 };
    try {
      await reportingFailures(async () => {
        const info = await client.topicMetadata(topic, settings.timeoutMs);
        if (explicitPartition !== undefined && explicitPartition >= info.partitions.length) {
          throw new CliError(
            `--partition ${explicitPartition}: topic '${topic}' has ${info.partitions.length} partition(s)`,
          );
        }
        const partitions =
          explicitPartition === undefined
            ? info.partitions.map((partition) => partition.partition)
            : [explicitPartition];
        const starts = await Promise.all(
          partitions.map(async (partition) =>
            startOffset !== undefined
              ? startOffset
              : (
                  await client.listOffsets({
                    topic,
                    partition,
                    spec: options.fromBeginning ? "earliest" : "latest",
                    timeoutMs: settings.timeoutMs,
                  })
                ).offset,
          ),
        );
        await Promise.all(
          partitions.map((partition, index) =>
            followPartition({
              client,
              topic,
              partition,
              offset: starts[index] ?? 0,
              json: settings.json,
              budget,
              idleTimeoutMs: maxMessages === undefined ? undefined : settings.timeoutMs,
              timeoutMs: settings.timeoutMs,
              signal: stop.signal,
            }).catch((error: unknown) => {
              // Ctrl-C cancels fetches in flight: that is the normal way to stop, not a failure.
              if (stop.signal.aborted && isRillError(error)) return;
              stop.abort();
              throw error;
            }),
          ),
        );
      });
      if (maxMessages !== undefined && budget.printed < maxMessages && !stop.signal.aborted) {
        throw new CliError(
          `got ${budget.printed} of ${maxMessages} message(s): none arrived for --timeout-ms ${settings.timeoutMs}`,
        );
      }
      process.stderr.write(options.json ? "" : `consumed ${budget.printed} message(s)\n`);
    } finally {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      client.close();
    }
  });
}
