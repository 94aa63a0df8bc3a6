import diagnosticsChannel from "node:diagnostics_channel";
import { RillError } from "@rill/protocol";
import { AdminClient } from "./admin/admin-client.js";
import { RillAdmin } from "./admin/rill-admin.js";
import { ConnectionPool, type ConnectionPoolOptions } from "./connection/connection-pool.js";
import {
  CONSUMER_GROUP_CHANNEL,
  Consumer,
  type ConsumerOptions,
  type GroupConsumerOptions,
} from "./consumer/index.js";
import { DataClient, dataClientDefaults } from "./data/data-client.js";
import { CoordinatorClient } from "./group/coordinator-client.js";
import { channelNames, Instrumentation } from "./instrumentation/channels.js";
import { Producer } from "./producer/producer.js";
import type { ProducerOptions } from "./producer/producer-options.js";
import type { BackoffOptions } from "./retry/backoff.js";
import { type Clock, systemClock } from "./retry/clock.js";

/** How much the Rill logs: nothing (default), or failures, retries, and everything instrumented. */
export type LogLevel = "nothing" | "error" | "warn" | "info" | "debug";

/** One log entry, as handed to `logger` (the default writes it to stderr as one JSON line). */
export interface LogEntry {
  readonly level: Exclude<LogLevel, "nothing">;
  readonly clientId: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface RillOptions {
  /** Any brokers of the cluster, "host:port"; the rest is learnt from metadata (Kafka bootstrap.servers). */
  readonly brokers: readonly string[];
  /** Names this client in instrumentation and logs (Kafka client.id); default "rill". */
  readonly clientId?: string;
  /** One request's deadline (Kafka request.timeout.ms); default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Retries: the backoff (Kafka retry.backoff.ms / retry.backoff.max.ms, with jitter) and the
   * deadline of a whole data or admin operation, retries included (default 30 s).
   */
  readonly retry?: BackoffOptions & { readonly operationTimeoutMs?: number };
  /** Default "nothing". */
  readonly logLevel?: LogLevel;
  /** Where log entries go; default one JSON line per entry on stderr. */
  readonly logger?: (entry: LogEntry) => void;
  /** gRPC channel options (windows, sizes) for every connection. */
  readonly connection?: ConnectionPoolOptions;
  /** Time, injected for tests; default the system clock. */
  readonly clock?: Clock;
}

const levelRank: Record<LogLevel, number> = { nothing: 0, error: 1, warn: 2, info: 3, debug: 4 };

/**
 * The SDK's entry point, shaped as KafkaJS users know it:
 *
 * ```ts
 * const rill = new Rill({ brokers: ["127.0.0.1:19101"], clientId: "orders-service" });
 * const producer = rill.producer();
 * await producer.send({ topic: "orders", messages: [{ key: "customer-42", value: "hello" }] });
 * await rill.disconnect();
 * ```
 *
 * One Rill holds one connection pool (one HTTP/2 connection per node), one metadata cache and one
 * instrumentation source, shared by every producer and admin it makes. Errors are RillErrors from
 * @rill/protocol (`errorName`, `code`, `retriable`, `cause`, `details`): the same names as the
 * CLI and the logs.
 */
export class Rill {
  /** The client id stamped on instrumentation events and log entries. */
  readonly clientId: string;
  /** The low-level data client (metadata cache, routing to leaders) the producers and consumers use. */
  readonly data: DataClient;
  /** The connections shared by everything this Rill makes. */
  readonly pool: ConnectionPool;
  /** The clock everything this Rill makes reads. */
  readonly clock: Clock;
  /** Publishes this Rill's events on the `rill:*` diagnostics channels. */
  readonly instrumentation: Instrumentation;
  readonly #options: RillOptions;
  readonly #requestTimeoutMs: number;
  readonly #producers = new Set<Producer>();
  readonly #consumers = new Set<Consumer>();
  readonly #unsubscribe: (() => void)[] = [];
  #admin: { facade: RillAdmin; client: AdminClient } | undefined;
  #coordinator: CoordinatorClient | undefined;
  #closed = false;

  constructor(options: RillOptions) {
    if (!Array.isArray(options.brokers) || options.brokers.length === 0) {
      throw new RillError("INVALID_CONFIG", "brokers: give at least one broker address (host:port)");
    }
    this.#options = options;
    this.clientId = options.clientId ?? "rill";
    this.clock = options.clock ?? systemClock;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? dataClientDefaults.requestTimeoutMs;
    this.pool = new ConnectionPool(options.connection);
    this.instrumentation = new Instrumentation(this.clientId);
    this.data = new DataClient({
      bootstrap: options.brokers,
      pool: this.pool,
      clock: this.clock,
      requestTimeoutMs: this.#requestTimeoutMs,
      ...(options.retry?.operationTimeoutMs === undefined
        ? {}
        : { operationTimeoutMs: options.retry.operationTimeoutMs }),
      ...(options.retry === undefined ? {} : { backoff: options.retry }),
    });
    this.#subscribeLogger(options.logLevel ?? "nothing");
  }

  /** Checks that the cluster answers (a metadata round trip); the calls connect lazily anyway. */
  async connect(): Promise<void> {
    this.#refuseWhenClosed();
    await this.data.describeTopics([]);
  }

  /** A new batching producer (see ProducerOptions for the Kafka settings it takes). */
  producer(options: ProducerOptions = {}): Producer {
    this.#refuseWhenClosed();
    const producer = new Producer(
      {
        data: this.data,
        pool: this.pool,
        clock: this.clock,
        instrumentation: this.instrumentation,
        requestTimeoutMs: this.#requestTimeoutMs,
        ...(this.#options.retry === undefined ? {} : { backoff: this.#options.retry }),
      },
      options,
    );
    this.#producers.add(producer);
    return producer;
  }

  /**
   * A new consumer (see ConsumerOptions): of explicitly assigned partitions (`assign`, then
   * `run({ eachMessage })`), or with `groupId` a consumer-group member (`subscribe`, then `run`;
   * see GroupConsumerOptions). It shares this Rill's connections and metadata.
   */
  consumer(options: ConsumerOptions & GroupConsumerOptions = {}): Consumer {
    this.#refuseWhenClosed();
    const consumer = new Consumer(
      {
        data: this.data,
        pool: this.pool,
        clock: this.clock,
        clientId: this.clientId,
        ...(options.groupId === undefined ? {} : { coordinator: this.#coordinatorClient() }),
        ...(this.#options.retry === undefined ? {} : { backoff: this.#options.retry }),
      },
      options,
    );
    this.#consumers.add(consumer);
    return consumer;
  }

  /** The admin facade: topics, partitions, configs, cluster, offsets. */
  admin(): RillAdmin {
    this.#refuseWhenClosed();
    if (this.#admin === undefined) {
      const client = new AdminClient({
        bootstrap: this.#options.brokers,
        pool: this.pool,
        clock: this.clock,
        requestTimeoutMs: this.#requestTimeoutMs,
        ...(this.#options.retry?.operationTimeoutMs === undefined
          ? {}
          : { timeoutMs: this.#options.retry.operationTimeoutMs }),
        ...(this.#options.retry === undefined ? {} : { backoff: this.#options.retry }),
      });
      this.#admin = { facade: new RillAdmin(client, this.data, this.#coordinatorClient()), client };
    }
    return this.#admin.facade;
  }

  /**
   * Disconnects every producer (each delivers or fails what it holds) and consumer, then closes the
   * connections. The Rill cannot be used afterwards.
   */
  async disconnect(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([
      ...[...this.#producers].map((producer) => producer.disconnect()),
      ...[...this.#consumers].map((consumer) => consumer.disconnect()),
    ]);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.pool.close();
  }

  /** The group coordinators' client, shared by the consumers and the admin of this Rill. */
  #coordinatorClient(): CoordinatorClient {
    this.#coordinator ??= new CoordinatorClient({
      data: this.data,
      pool: this.pool,
      clock: this.clock,
      backoff: this.#options.retry,
      requestTimeoutMs: this.#requestTimeoutMs,
    });
    return this.#coordinator;
  }

  #refuseWhenClosed(): void {
    if (this.#closed) {
      throw new RillError("OPERATION_NOT_ATTEMPTED", "this Rill is disconnected; create a new one");
    }
  }

  /** Logs this client's instrumentation events at and above `level`. */
  #subscribeLogger(level: LogLevel): void {
    const rank = levelRank[level];
    if (rank === 0) return;
    const logger =
      this.#options.logger ?? ((entry: LogEntry) => process.stderr.write(`${JSON.stringify(entry)}\n`));
    const subscribe = (
      channel: string,
      levelOf: (message: Record<string, unknown>) => Exclude<LogLevel, "nothing">,
    ) => {
      const listener = (message: unknown): void => {
        const event = message as Record<string, unknown>;
        if (event.clientId !== this.clientId) return;
        const entryLevel = levelOf(event);
        if (levelRank[entryLevel] <= rank) {
          logger({ ...event, level: entryLevel, clientId: this.clientId, event: channel });
        }
      };
      diagnosticsChannel.subscribe(channel, listener);
      this.#unsubscribe.push(() => diagnosticsChannel.unsubscribe(channel, listener));
    };
    subscribe(channelNames.batch, (event) => (event.outcome === "delivered" ? "debug" : "error"));
    subscribe(channelNames.retry, () => "warn");
    subscribe(channelNames.metadata, (event) => (event.errorName === null ? "debug" : "warn"));
    subscribe(channelNames.request, () => "debug");
    subscribe(channelNames.response, (event) => (event.errorName === null ? "debug" : "warn"));
    // Group membership: partitions changing hands are worth a line; failures and losses a warning.
    subscribe(CONSUMER_GROUP_CHANNEL, (event) =>
      event.errorName !== null || event.kind === "lost" ? "warn" : event.kind === "commit" ? "debug" : "info",
    );
  }
}
