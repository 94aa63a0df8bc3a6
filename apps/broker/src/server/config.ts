/**
 * The broker's configuration schema (file, RILL_* env, flags; see @rill/runtime's config).
 * Names follow Kafka where a Kafka operator would look for them; defaults are SPEC §8's.
 */
import {
  type ConfigValues,
  configKeys,
  type FlagValue,
  type LoadedConfig,
  loadConfig,
  runtimeConfigKeys,
} from "@rill/runtime";

export const brokerConfigSchema = {
  ...runtimeConfigKeys,
  // Branded here, where config is decoded: int32 on the wire and never negative (NODE_ID_MAX).
  "node.id": configKeys.nodeId({ doc: "this broker's node id (matches its data dir)", min: 0 }),
  listeners: configKeys.listenerList({
    doc: "the gRPC listeners to bind, NAME://host:port each (one bare host:port is named CLIENT); every listener serves every service; port 0: any free port",
    allowPortZero: true,
  }),
  "advertised.listeners": configKeys.listenerList({
    doc: "NAME://host:port registered for each listener, what clients that connect through that listener and peers reach; default: the bound address",
    optional: true,
  }),
  "inter.broker.listener.name": configKeys.string({
    doc: "the listener the other brokers (replication) and the controllers use; default: the first of listeners",
    pattern: /^[A-Z][A-Z0-9_]*$/,
    patternText: "an upper-case listener name",
    optional: true,
  }),
  "controller.quorum.bootstrap.servers": configKeys.hostPortList({
    doc: "host:port of controllers to find the quorum through (any subset of the voters)",
  }),
  "data.dir": configKeys.string({ doc: "the broker's data dir, formatted with `rill storage format`" }),
  "test.force.assertion.on.produce.topic": configKeys.string({
    doc: "TESTS ONLY: a produce to this topic fails an assertion in the request path, which must crash the broker",
    optional: true,
  }),
  "broker.rack": configKeys.string({
    doc: "the broker's rack (failure domain) for replica placement",
    optional: true,
  }),
  "broker.heartbeat.interval.ms": configKeys.int({
    doc: "how often the broker heartbeats to the active controller",
    default: 2_000,
    min: 10,
    max: 60_000,
  }),
  "broker.session.timeout.ms": configKeys.int({
    doc: "the controllers' session timeout for this broker; heartbeats and registration retries are bounded by it",
    default: 9_000,
    min: 100,
    max: 600_000,
  }),
  "replica.lag.time.max.ms": configKeys.int({
    doc: "a follower that has not caught up for this long leaves the ISR",
    default: 30_000,
    min: 10,
    max: 3_600_000,
  }),
  "log.cleaner.io.max.bytes.per.second": configKeys.int({
    doc: "the log cleaner's read + write bytes per second, over all compacted logs (default: unthrottled)",
    default: Number.MAX_SAFE_INTEGER,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  }),
  "min.insync.replicas": configKeys.int({
    doc: "default minimum ISR size for acks=all produce (topics may override)",
    default: 2,
    min: 1,
    max: 1_000,
  }),
  "controlled.shutdown.timeout.ms": configKeys.int({
    doc: "how long a stopping broker waits for the controller to move its leaderships away",
    default: 15_000,
    min: 0,
    max: 600_000,
  }),
  // Per-process log defaults (Kafka's broker names); a topic's own config overrides them. Unset
  // keys keep storage's defaults (DEFAULT_LOG_CONFIG), the one layer of defaults; the values are
  // validated together at start-up by log-defaults.ts.
  "log.segment.bytes": configKeys.int({ doc: "default segment.bytes of topics", optional: true }),
  "log.roll.ms": configKeys.int({ doc: "default segment.ms of topics", optional: true }),
  "log.retention.ms": configKeys.int({ doc: "default retention.ms of topics (-1: forever)", optional: true }),
  "log.retention.bytes": configKeys.int({
    doc: "default retention.bytes of topics (-1: unbounded)",
    optional: true,
  }),
  "log.cleanup.policy": configKeys.enum(["delete", "compact", "compact,delete"], {
    doc: "default cleanup.policy of topics",
    optional: true,
  }),
  "log.cleaner.delete.retention.ms": configKeys.int({
    doc: "default delete.retention.ms of topics (how long tombstones stay)",
    optional: true,
  }),
  "log.cleaner.min.cleanable.ratio": configKeys.number({
    doc: "default min.cleanable.dirty.ratio of topics (dirty share of a log that triggers compaction)",
    min: 0,
    max: 1,
    optional: true,
  }),
  "log.cleaner.min.compaction.lag.ms": configKeys.int({
    doc: "default min.compaction.lag.ms of topics (shortest a record stays uncompacted)",
    optional: true,
  }),
  "log.cleaner.max.compaction.lag.ms": configKeys.int({
    doc: "default max.compaction.lag.ms of topics (longest a dirty record stays uncompacted)",
    optional: true,
  }),
  "message.max.bytes": configKeys.int({ doc: "default max.message.bytes of topics", optional: true }),
  "log.index.interval.bytes": configKeys.int({
    doc: "default index.interval.bytes of topics",
    optional: true,
  }),
  "log.index.size.max.bytes": configKeys.int({
    doc: "default segment.index.bytes of topics",
    optional: true,
  }),
  "log.retention.check.interval.ms": configKeys.int({
    doc: "how often every log is checked against its retention.ms and retention.bytes",
    default: 5 * 60 * 1000,
    min: 1,
    max: 24 * 60 * 60 * 1000,
  }),
  "log.dir.free.bytes.min": configKeys.int({
    doc: "produce and replication appends that would leave less free space on the data dir's disk are refused (STORAGE_ERROR, retriable) until space returns",
    default: 64 * 1024 * 1024,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  }),
  "log.dir.free.check.interval.ms": configKeys.int({
    doc: "how often the free space of the data dir's disk is sampled",
    default: 1_000,
    min: 10,
    max: 60_000,
  }),
  "log.cleaner.backoff.ms": configKeys.int({
    doc: "pause between two cleaner passes over the compacted logs",
    default: 15_000,
    min: 1,
    max: 24 * 60 * 60 * 1000,
  }),
  "request.timeout.ms": configKeys.int({
    doc: "deadline of requests to the controllers when the caller gave none (forwarded admin requests, AlterPartition)",
    default: 30_000,
    min: 100,
    max: 600_000,
  }),
  // The group coordinator (Kafka's names).
  "offsets.topic.num.partitions": configKeys.int({
    doc: "partitions of __consumer_offsets when a broker creates it (on a group's first use); fixed afterwards",
    default: 50,
    min: 1,
    max: 1_000,
  }),
  "offsets.topic.replication.factor": configKeys.int({
    doc: "replication factor of __consumer_offsets when created; -1: min(3, live brokers)",
    default: -1,
    min: -1,
    max: 1_000,
  }),
  "offsets.retention.minutes": configKeys.int({
    doc: "committed offsets of a group without members expire this long after the later of their commit and the group becoming empty",
    default: 7 * 24 * 60,
    min: 1,
    max: 100 * 365 * 24 * 60,
  }),
  "offsets.retention.check.interval.ms": configKeys.int({
    doc: "how often the coordinator looks for expired offsets",
    default: 600_000,
    min: 1,
    max: 24 * 60 * 60 * 1000,
  }),
  "offsets.commit.timeout.ms": configKeys.int({
    doc: "how long a coordinator write (offset commit, group change) waits for acks=all before its outcome is unknown",
    default: 5_000,
    min: 1,
    max: 600_000,
  }),
  "group.consumer.session.timeout.ms": configKeys.int({
    doc: "a consumer-group member's session timeout when it asks for none",
    default: 45_000,
    min: 100,
    max: 30 * 60 * 1000,
  }),
  "group.consumer.heartbeat.interval.ms": configKeys.int({
    doc: "how often members heartbeat (never more than a third of their session timeout)",
    default: 5_000,
    min: 10,
    max: 30 * 60 * 1000,
  }),
  "group.consumer.max.size": configKeys.int({
    doc: "members of one consumer group at most (GROUP_MAX_SIZE_REACHED beyond)",
    default: 1_000,
    min: 1,
    max: 100_000,
  }),
} as const;

export type BrokerConfigSchema = typeof brokerConfigSchema;
export type BrokerConfig = ConfigValues<BrokerConfigSchema>;

/** The command-line flags of `rill broker start` and the config keys they set. */
export const brokerFlagKeys = {
  nodeId: "node.id",
  listen: "listeners",
  advertisedListener: "advertised.listeners",
  controllers: "controller.quorum.bootstrap.servers",
  dataDir: "data.dir",
  metricsListen: "metrics.listener",
  rack: "broker.rack",
  logLevel: "log.level",
  logFile: "log.file",
} as const satisfies Record<string, keyof BrokerConfigSchema>;

export interface BrokerConfigInputs {
  /** A `.properties` or `.json` file. */
  readonly configFile?: string | undefined;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values by config key, e.g. `{ "node.id": "101" }` (flags, highest precedence). */
  readonly values?: Readonly<Record<string, FlagValue>>;
}

/** Loads and validates the broker config; throws ConfigError listing every problem. */
export function loadBrokerConfig(inputs: BrokerConfigInputs = {}): LoadedConfig<BrokerConfigSchema> {
  return loadConfig(brokerConfigSchema, {
    configFile: inputs.configFile,
    ...(inputs.env === undefined ? {} : { env: inputs.env }),
    ...(inputs.values === undefined ? {} : { flags: inputs.values }),
  });
}
