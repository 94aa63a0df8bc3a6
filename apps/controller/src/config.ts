/**
 * The controller's configuration schema (file, RILL_* env, flags; see @rill/runtime's config).
 * Names follow KRaft where Kafka has one (`node.id`, `controller.quorum.voters`,
 * `broker.session.timeout.ms`, `metadata.log.max.record.bytes.between.snapshots`).
 */

import { type NodeId, nodeId } from "@rill/protocol/ids";
import {
  ConfigError,
  type ConfigKey,
  type ConfigProblem,
  type ConfigValues,
  configKeys,
  describeSource,
  type HostPort,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  nodeIdMax,
  type ParseResult,
  parseHostPort,
  runtimeConfigKeys,
} from "@rill/runtime";

/** One member of the controller quorum, as `controller.quorum.voters` lists it. */
export interface Voter {
  readonly nodeId: NodeId;
  readonly host: string;
  readonly port: number;
}

/** The most voters a quorum may list (Raft quorums of more than 9 gain nothing). */
export const VOTERS_MAX = 9;

/**
 * Parses `1@127.0.0.1:19091,2@127.0.0.1:19092` (Kafka's controller.quorum.voters form). Node ids
 * and addresses must be distinct.
 */
export function parseVoters(text: string): ParseResult<Voter[]> {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) return { ok: false, reason: "lists no voter" };
  if (parts.length > VOTERS_MAX) return { ok: false, reason: `lists more than ${VOTERS_MAX} voters` };
  const voters: Voter[] = [];
  for (const part of parts) {
    const at = part.indexOf("@");
    const idText = at < 0 ? "" : part.slice(0, at);
    if (!/^\d+$/.test(idText)) return { ok: false, reason: `has an item '${part}' that is not id@host:port` };
    const id = Number(idText);
    if (id < 1 || id > nodeIdMax) {
      return { ok: false, reason: `has a node id ${idText} outside 1..${nodeIdMax}` };
    }
    const voterId = nodeId(id);
    const address = parseHostPort(part.slice(at + 1), false);
    if (!address.ok) return { ok: false, reason: `has an item '${part}' whose address ${address.reason}` };
    if (voters.some((voter) => voter.nodeId === voterId)) {
      return { ok: false, reason: `lists node id ${voterId} twice` };
    }
    const { host, port } = address.value;
    if (voters.some((voter) => voter.host === host && voter.port === port)) {
      return { ok: false, reason: `lists address ${host}:${port} twice` };
    }
    voters.push({ nodeId: voterId, host, port });
  }
  return { ok: true, value: voters };
}

const votersKey: ConfigKey<Voter[] | undefined> = {
  doc:
    "the initial voters of the metadata quorum, e.g. 1@127.0.0.1:19091,2@127.0.0.1:19092,3@127.0.0.1:19093; " +
    "leave it out on a controller that joins a running quorum (controller.quorum.bootstrap.servers)",
  expected: `a comma-separated list of 1 to ${VOTERS_MAX} id@host:port`,
  hasDefault: false,
  defaultValue: undefined,
  optional: true,
  sensitive: false,
  parse: parseVoters,
};

export const controllerConfigSchema = {
  ...runtimeConfigKeys,
  "node.id": configKeys.nodeId({
    doc: "this controller's node id; must be one of controller.quorum.voters",
    min: 1,
  }),
  listeners: configKeys.hostPort({
    doc: "where the controller serves gRPC (Raft peers, ControllerService, health); must match its voters entry",
  }),
  "advertised.listeners": configKeys.hostPort({
    doc: "the address peers and clients reach this controller at (default: its voters entry); must equal its voters entry",
    optional: true,
  }),
  "controller.quorum.voters": votersKey,
  "controller.quorum.bootstrap.servers": configKeys.hostPortList({
    doc:
      "a controller joining a running quorum (KIP-853): addresses of its controllers, asked for the " +
      "quorum's membership when the metadata log is created; the node starts as an observer until " +
      "`rill controllers add` makes it a voter. Use instead of controller.quorum.voters",
    optional: true,
  }),
  "data.dir": configKeys.string({
    doc: "the controller's data dir, formatted beforehand with `rill storage format`",
  }),
  "raft.tick.ms": configKeys.int({
    doc: "one Raft tick every this many ms; heartbeats go out every tick",
    default: 100,
    min: 5,
    max: 10_000,
  }),
  "raft.election.timeout.ms": configKeys.int({
    doc: "Raft election timeout (randomized up to twice this); a multiple of raft.tick.ms",
    default: 1_000,
    min: 50,
    max: 600_000,
  }),
  "raft.propose.timeout.ms": configKeys.int({
    doc: "a metadata write not committed after this long is answered as indeterminate",
    default: 10_000,
    min: 100,
    max: 600_000,
  }),
  "broker.session.timeout.ms": configKeys.int({
    doc: "a broker not heard from for this long is fenced",
    default: 9_000,
    min: 100,
    max: 3_600_000,
  }),
  "broker.crash.detection.enable": configKeys.boolean({
    doc: "fence a broker at once when its listener refuses connections (its process died), instead of waiting for broker.session.timeout.ms",
    default: true,
  }),
  "controller.tick.interval.ms": configKeys.int({
    doc: "how often the active controller checks broker sessions (and leader balance)",
    default: 500,
    min: 10,
    max: 60_000,
  }),
  "auto.leader.rebalance.enable": configKeys.boolean({
    doc: "the active controller moves leaderships back to preferred replicas periodically (a cluster config of the same name overrides it)",
    default: true,
  }),
  "leader.imbalance.per.broker.percentage": configKeys.int({
    doc: "move a broker's leaderships back only when more than this percentage of its preferred partitions are led elsewhere (a cluster config overrides it)",
    default: 10,
    min: 0,
    max: 100,
  }),
  "leader.imbalance.check.interval.seconds": configKeys.int({
    doc: "how often the active controller checks leader balance (a cluster config overrides it)",
    default: 300,
    min: 1,
    max: 86_400,
  }),
  "metadata.log.max.records.between.snapshots": configKeys.int({
    doc: "take a metadata snapshot after this many records since the last one",
    default: 20_000,
    min: 1,
    max: 100_000_000,
  }),
  "metadata.log.max.record.bytes.between.snapshots": configKeys.int({
    doc: "or after this many bytes of metadata entries since the last one",
    default: 16 * 1024 * 1024,
    min: 1,
    max: 2 ** 40,
  }),
  "num.partitions": configKeys.int({
    doc: "partitions of a topic created without a count",
    default: 1,
    min: 1,
    max: 10_000,
  }),
  "default.replication.factor": configKeys.int({
    doc: "replication factor of a topic created without one (capped at the active brokers)",
    default: 3,
    min: 1,
    max: 32,
  }),
  "controller.forward.timeout.ms": configKeys.int({
    doc: "how long a follower waits for the active controller when it forwards a request without deadline",
    default: 30_000,
    min: 100,
    max: 600_000,
  }),
} as const;

export type ControllerConfigSchema = typeof controllerConfigSchema;
export type ControllerConfig = ConfigValues<ControllerConfigSchema>;

/** `host:port` as gRPC takes it. */
export function addressOf(endpoint: HostPort): string {
  return endpoint.host.includes(":")
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}

/**
 * Loads the config (defaults < file < env < flags) and checks what no single key can: this node
 * is a voter, the listener's port is the one its voters entry announces, and the election timeout
 * spans several ticks. Throws ConfigError listing every problem.
 */
export function loadControllerConfig(options: LoadConfigOptions): LoadedConfig<ControllerConfigSchema> {
  const loaded = loadConfig(controllerConfigSchema, options);
  const problems = crossKeyProblems(loaded);
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}

function crossKeyProblems(loaded: LoadedConfig<ControllerConfigSchema>): ConfigProblem[] {
  const values = loaded.values;
  const problems: ConfigProblem[] = [];
  const from = (key: keyof ControllerConfigSchema): string => {
    const source = loaded.sources[key];
    return source === undefined ? "" : ` (from ${describeSource(source)})`;
  };
  const voters = values["controller.quorum.voters"];
  const bootstrap = values["controller.quorum.bootstrap.servers"];
  const self = voters?.find((voter) => voter.nodeId === values["node.id"]);
  if (voters === undefined && bootstrap === undefined) {
    problems.push({
      key: "controller.quorum.voters",
      source: undefined,
      message:
        "set controller.quorum.voters (a controller of the initial quorum) or controller.quorum.bootstrap.servers (a controller joining a running quorum)",
    });
  } else if (voters !== undefined && bootstrap !== undefined) {
    problems.push({
      key: "controller.quorum.bootstrap.servers",
      source: loaded.sources["controller.quorum.bootstrap.servers"],
      message: `controller.quorum.bootstrap.servers${from("controller.quorum.bootstrap.servers")} is for a joining controller; this one lists controller.quorum.voters${from("controller.quorum.voters")}, so set only one`,
    });
  } else if (voters === undefined) {
    // A joining controller: no voters entry to check its listener against.
  } else if (self === undefined) {
    problems.push({
      key: "node.id",
      source: loaded.sources["node.id"],
      message: `node.id = ${values["node.id"]}${from("node.id")} is not one of controller.quorum.voters${from("controller.quorum.voters")}`,
    });
  } else if (
    values["advertised.listeners"] !== undefined &&
    addressOf(values["advertised.listeners"]) !== addressOf(self)
  ) {
    problems.push({
      key: "advertised.listeners",
      source: loaded.sources["advertised.listeners"],
      message: `advertised.listeners = ${addressOf(values["advertised.listeners"])}${from("advertised.listeners")} is not ${addressOf(self)}, node ${self.nodeId}'s entry in controller.quorum.voters`,
    });
  } else if (self.port !== values.listeners.port) {
    problems.push({
      key: "listeners",
      source: loaded.sources.listeners,
      message: `listeners = ${addressOf(values.listeners)}${from("listeners")} does not listen on port ${self.port} that controller.quorum.voters gives node ${self.nodeId}`,
    });
  }
  const tickMs = values["raft.tick.ms"];
  if (values["raft.election.timeout.ms"] < 3 * tickMs) {
    problems.push({
      key: "raft.election.timeout.ms",
      source: loaded.sources["raft.election.timeout.ms"],
      message: `raft.election.timeout.ms = ${values["raft.election.timeout.ms"]}${from("raft.election.timeout.ms")} must be at least 3 × raft.tick.ms (${3 * tickMs})`,
    });
  }
  if (values["broker.session.timeout.ms"] <= values["controller.tick.interval.ms"]) {
    problems.push({
      key: "controller.tick.interval.ms",
      source: loaded.sources["controller.tick.interval.ms"],
      message: `controller.tick.interval.ms = ${values["controller.tick.interval.ms"]}${from("controller.tick.interval.ms")} must be below broker.session.timeout.ms (${values["broker.session.timeout.ms"]})`,
    });
  }
  return problems;
}
