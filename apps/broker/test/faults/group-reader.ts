/**
 * The fault run's consumer-group workload and its checks: one member of a group reads the topic
 * through the SDK (auto-commit) while the faults run; a poller records the group's committed
 * offset. Afterwards: a committed offset never moved backwards, and every record below the last
 * committed offset was delivered to the group at least once (none skipped).
 */
import type { Consumer, Rill } from "@rill/client";
import { waitFor } from "@rill/protocol/testing";
import { POLL_INTERVAL_MS } from "../support/local-cluster.js";

/** How often the committed offset is sampled (each sample is one admin call). */
const COMMIT_POLL_INTERVAL_MS = 250;
/** Anomalies listed in full up to this many (the count is always given). */
const LISTED_MAX = 20;

export interface GroupReport {
  /** Records delivered to the group's member (with repeats). */
  readonly delivered: number;
  /** The committed offset samples taken. */
  readonly commitSamples: number;
  readonly finalCommittedOffset: number;
  /** A sample lower than an earlier one: the committed offset moved backwards. */
  readonly commitsBackwards: readonly { readonly from: number; readonly to: number; readonly at: string }[];
  /** Offsets below the final committed offset never delivered to the group. */
  readonly skipped: readonly number[];
  readonly skippedCount: number;
  /** Why the member stopped early, when it did. */
  readonly memberFailure?: string;
}

export class GroupReader {
  readonly #delivered = new Set<number>();
  #deliveries = 0;
  #highestCommitted = -1;
  #samples = 0;
  readonly #backwards: { from: number; to: number; at: string }[] = [];
  #memberFailure: string | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;
  readonly #consumer: Consumer;
  #running: Promise<void> | undefined;

  readonly #rill: Rill;
  readonly #options: { readonly topic: string; readonly groupId: string; readonly waitMs: number };
  constructor(
    rill: Rill,
    options: { readonly topic: string; readonly groupId: string; readonly waitMs: number },
  ) {
    this.#rill = rill;
    this.#options = options;
    this.#consumer = rill.consumer({ groupId: options.groupId, autoOffsetReset: "earliest" });
  }

  async start(): Promise<void> {
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [this.#options.topic] });
    this.#running = this.#consumer
      .run({
        eachMessage: async ({ message }) => {
          this.#deliveries += 1;
          this.#delivered.add(message.offset);
        },
      })
      .catch((error: unknown) => {
        this.#memberFailure = error instanceof Error ? error.message : String(error);
      });
    this.#polling = this.#poll();
  }

  async #poll(): Promise<void> {
    while (!this.#stopped) {
      await this.#sample();
      await new Promise((resolve) => setTimeout(resolve, COMMIT_POLL_INTERVAL_MS));
    }
  }

  /** One sample of the committed offset; undefined when it could not be read (a fault). */
  async #sample(): Promise<number | undefined> {
    try {
      const [committed] = await this.#rill
        .admin()
        .fetchOffsets(this.#options.groupId, [{ topic: this.#options.topic, partition: 0 }], {
          timeoutMs: 2_000,
        });
      if (committed === undefined || committed.offset < 0) return undefined;
      this.#samples += 1;
      if (committed.offset < this.#highestCommitted) {
        this.#backwards.push({
          from: this.#highestCommitted,
          to: committed.offset,
          at: new Date().toISOString(),
        });
      }
      this.#highestCommitted = Math.max(this.#highestCommitted, committed.offset);
      return committed.offset;
    } catch {
      return undefined;
    }
  }

  /**
   * Once the member has been delivered everything up to `endOffset` (the producer has stopped),
   * stops it (its last commit goes out on disconnect) and judges the run against `logOffsets`,
   * the offsets the partition holds.
   */
  async stop(endOffset: number, logOffsets: readonly number[]): Promise<GroupReport> {
    await waitFor(() => this.#memberFailure !== undefined || this.#delivered.has(endOffset - 1), {
      timeoutMs: this.#options.waitMs,
      intervalMs: POLL_INTERVAL_MS,
      message: `the group member delivered up to offset ${endOffset - 1}`,
    }).catch(() => undefined);
    await this.#consumer.disconnect();
    await this.#running;
    this.#stopped = true;
    await this.#polling;
    const finalCommittedOffset = await waitFor(() => this.#sample(), {
      timeoutMs: this.#options.waitMs,
      intervalMs: POLL_INTERVAL_MS,
      message: "the group's final committed offset",
    });
    const skipped = logOffsets.filter(
      (offset) => offset < finalCommittedOffset && !this.#delivered.has(offset),
    );
    return {
      delivered: this.#deliveries,
      commitSamples: this.#samples,
      finalCommittedOffset,
      commitsBackwards: this.#backwards.slice(0, LISTED_MAX),
      skipped: skipped.slice(0, LISTED_MAX),
      skippedCount: skipped.length,
      ...(this.#memberFailure === undefined ? {} : { memberFailure: this.#memberFailure }),
    };
  }
}
