/**
 * The broker's listeners, Kafka-style: `listeners` names the addresses to bind
 * (`INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:19092`), `advertised.listeners` what each one is
 * reachable as (`INTERNAL://broker-1:9092,EXTERNAL://localhost:19092`), and
 * `inter.broker.listener.name` which one the other brokers and the controllers use. A client gets,
 * in Metadata, the addresses of the listener its request arrived on (Kafka's rule), so a client
 * outside a compose network sees `localhost:1910N` while replication inside it uses `broker-N`.
 *
 * Backward compatible: one bare `host:port` (the old form) is a listener named CLIENT.
 * The registration lists the inter-broker listener FIRST: peers and controllers that pick a
 * broker's address take the first endpoint (partition-errors' brokerAddress, the controller's
 * liveness check).
 */
import { ConfigError, type ConfigProblem, type HostPort, type NamedListener } from "@rill/runtime";
import type { BrokerConfig } from "./config.js";

/** The name of a listener given as a bare host:port (and the one name older brokers registered). */
export const DEFAULT_LISTENER_NAME = "CLIENT";
/** Listeners one broker may bind: each is a gRPC server of its own. */
export const BROKER_LISTENERS_MAX = 8;
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

export interface BrokerListener {
  readonly name: string;
  readonly bind: HostPort;
  /** undefined: advertise the bound address (known once bound, when the port was 0). */
  readonly advertised: HostPort | undefined;
}

export interface BrokerListeners {
  /** The inter-broker listener first, then the others in `listeners` order. */
  readonly listeners: readonly BrokerListener[];
  readonly interBrokerListenerName: string;
}

function named(
  entries: readonly NamedListener[],
  key: string,
  problems: ConfigProblem[],
): Map<string, HostPort> {
  const byName = new Map<string, HostPort>();
  for (const entry of entries) {
    if (entry.name === undefined && entries.length > 1) {
      problems.push({
        key,
        source: undefined,
        message: `${key}: with several entries each needs a NAME:// prefix`,
      });
      continue;
    }
    const name = entry.name ?? DEFAULT_LISTENER_NAME;
    if (byName.has(name))
      problems.push({ key, source: undefined, message: `${key}: listener ${name} appears twice` });
    byName.set(name, { host: entry.host, port: entry.port });
  }
  return byName;
}

/** Checks the three keys together; throws ConfigError listing every problem. */
export function resolveBrokerListeners(config: BrokerConfig): BrokerListeners {
  const problems: ConfigProblem[] = [];
  if (config.listeners.length > BROKER_LISTENERS_MAX) {
    problems.push({
      key: "listeners",
      source: undefined,
      message: `at most ${BROKER_LISTENERS_MAX} listeners`,
    });
  }
  const binds = named(config.listeners, "listeners", problems);
  const advertisedEntries = config["advertised.listeners"] ?? [];
  // A bare advertised host:port with a single listener advertises that listener, whatever its name.
  const advertised =
    advertisedEntries.length === 1 && advertisedEntries[0]?.name === undefined && binds.size === 1
      ? new Map([[[...binds.keys()][0] as string, advertisedEntries[0] as HostPort]])
      : named(advertisedEntries, "advertised.listeners", problems);
  for (const name of advertised.keys()) {
    if (!binds.has(name)) {
      problems.push({
        key: "advertised.listeners",
        source: undefined,
        message: `advertised.listeners names ${name}, which is not in listeners (${[...binds.keys()].join(", ")})`,
      });
    }
  }
  for (const [name, bind] of binds) {
    if (WILDCARD_HOSTS.has(bind.host) && !advertised.has(name)) {
      problems.push({
        key: "advertised.listeners",
        source: undefined,
        message: `advertised.listeners is required for ${name}: listeners binds the wildcard address ${bind.host}`,
      });
    }
  }
  const interBrokerListenerName = config["inter.broker.listener.name"] ?? ([...binds.keys()][0] as string);
  if (!binds.has(interBrokerListenerName)) {
    problems.push({
      key: "inter.broker.listener.name",
      source: undefined,
      message: `inter.broker.listener.name ${interBrokerListenerName} is not in listeners (${[...binds.keys()].join(", ")})`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const listeners = [...binds].map(([name, bind]) => ({ name, bind, advertised: advertised.get(name) }));
  listeners.sort(
    (a, b) => Number(b.name === interBrokerListenerName) - Number(a.name === interBrokerListenerName),
  );
  return { listeners, interBrokerListenerName };
}
