/**
 * A private network of hosts for fault tests: one Linux network namespace per node, each with one
 * veth link to a bridge in a hub namespace, plus one link from this (the test's) namespace so the
 * test can act as an outside client. Every address is in a /24 of 10.231.0.0/16 that exists only
 * inside these namespaces; nodes have no other route, so no packet can leave them. Needs root
 * (CI runs as root).
 *
 * Faults are link and route changes inside the namespaces:
 * - `isolate(host)`: its link goes down (nothing in or out);
 * - `cut(from, to)`: `from` drops everything it sends to `to` (a blackhole route); both directions
 *   unless `oneWay`;
 * - `heal()`: every link up, every blackhole gone.
 *
 * Each host resolves every host's name (`broker-101`, `controller-1`) as in a compose network:
 * `ip netns exec` bind-mounts `/etc/netns/<namespace>/hosts` over /etc/hosts for the process.
 * This (the test's) namespace does not know these names, like a client outside that network.
 *
 * `destroy()` deletes the namespaces, which removes their links and routes with them. A process
 * stopped by SIGINT or SIGTERM destroys its live networks before it exits. Namespaces are named
 * `rillf<pid>-...`; `removeStaleNamespaces()` deletes those of test processes that died without
 * cleaning up (kill -9).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Hosts one network may have (addresses .10 up; the test's own link is .2). */
export const NETNS_HOSTS_MAX = 32;
const PREFIX = "rillf";
/** Where `ip netns exec` finds per-namespace files (iproute2's convention). */
const NETNS_ETC_DIR = "/etc/netns";

function removeNamespaceFiles(namespace: string): void {
  rmSync(join(NETNS_ETC_DIR, namespace), { recursive: true, force: true });
}

export interface NetnsHost {
  readonly name: string;
  readonly namespace: string;
  readonly address: string;
}

function ip(args: readonly string[]): string {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function inNamespace(namespace: string, args: readonly string[]): string {
  return ip(["netns", "exec", namespace, "ip", ...args]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The test process that created a namespace, by its name (`rillf<pid><letter>-<host>`, see
 * `create`; without the letter before networks had one); undefined for a name of another form.
 */
export function namespaceOwnerPid(name: string): number | undefined {
  const pid = Number(/^rillf(\d+)[a-z]?-/.exec(name)?.[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Deletes namespaces (and so their links) left by fault-test processes that are gone. */
export function removeStaleNamespaces(): void {
  const listed = ip(["netns", "list"])
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => name.startsWith(PREFIX));
  for (const name of listed) {
    const pid = namespaceOwnerPid(name);
    if (pid !== undefined && !isAlive(pid)) {
      removeNamespaceFiles(name);
      try {
        ip(["netns", "delete", name]);
      } catch {
        // deleted by someone else meanwhile
      }
    }
  }
}

/** A 10.231.X.0/24 that no address of this (the test's) namespace is in yet. */
function freeSubnet(): string {
  const used = new Set(
    [...ip(["-o", "-4", "addr", "show"]).matchAll(/inet 10\.231\.(\d+)\./g)].map((match) => Number(match[1])),
  );
  for (let step = 0; step < 250; step += 1) {
    const octet = (process.pid + step) % 250;
    if (!used.has(octet)) return `10.231.${octet}`;
  }
  throw new Error("no free 10.231.X.0/24 for a test network");
}

/** Whether this process may create namespaces (root with iproute2). */
export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    ip(["netns", "list"]);
    return true;
  } catch {
    return false;
  }
}

/** The networks of this process not yet destroyed: destroyed on SIGINT / SIGTERM (see below). */
const liveNetworks = new Set<NetnsNetwork>();
let signalHandlersInstalled = false;

/**
 * On SIGINT or SIGTERM (a soak stopped with Ctrl-C, a test runner stopping its workers), destroys
 * every live network and exits as the signal would have (128 + its number): without this, the
 * namespaces stayed until the next fault test started.
 */
function destroyLiveNetworksOnSignal(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      for (const network of liveNetworks) network.destroy();
      process.exit(code);
    });
  }
}

export class NetnsNetwork {
  readonly hosts: readonly NetnsHost[];
  /** This process's address on the network (where test clients connect from). */
  readonly clientAddress: string;
  readonly #id: string;
  readonly #hub: string;
  readonly #clientLink: string;
  readonly #blackholes = new Set<string>();
  readonly #downLinks = new Set<string>();
  #destroyed = false;

  private constructor(id: string, hosts: NetnsHost[], subnet: string) {
    this.#id = id;
    this.#hub = `${PREFIX}${id}-hub`;
    this.#clientLink = `rf${id}c`;
    this.hosts = hosts;
    this.clientAddress = `${subnet}.2`;
  }

  /** Creates the hub, one namespace per host name, and the test's own link. */
  static create(hostNames: readonly string[]): NetnsNetwork {
    if (hostNames.length > NETNS_HOSTS_MAX) throw new RangeError(`at most ${NETNS_HOSTS_MAX} hosts`);
    removeStaleNamespaces();
    // pid + a counter keeps concurrent networks of one process apart; link names stay <= 15 chars.
    const id = `${process.pid}${String.fromCharCode(97 + (NetnsNetwork.#created++ % 26))}`;
    const subnet = freeSubnet();
    const hosts = hostNames.map((name, index) => ({
      name,
      namespace: `${PREFIX}${id}-${index}`,
      address: `${subnet}.${10 + index}`,
    }));
    const network = new NetnsNetwork(id, hosts, subnet);
    liveNetworks.add(network);
    destroyLiveNetworksOnSignal();
    try {
      network.#build();
    } catch (error) {
      network.destroy();
      throw error;
    }
    return network;
  }

  static #created = 0;

  #build(): void {
    ip(["netns", "add", this.#hub]);
    inNamespace(this.#hub, ["link", "set", "lo", "up"]);
    inNamespace(this.#hub, ["link", "add", "br0", "type", "bridge"]);
    inNamespace(this.#hub, ["link", "set", "br0", "up"]);
    this.hosts.forEach((host, index) => {
      ip(["netns", "add", host.namespace]);
      inNamespace(host.namespace, ["link", "set", "lo", "up"]);
      const outer = this.#hubLink(index);
      ip(["link", "add", outer, "type", "veth", "peer", "name", `rf${this.#id}n${index}`]);
      ip(["link", "set", `rf${this.#id}n${index}`, "netns", host.namespace]);
      inNamespace(host.namespace, ["link", "set", `rf${this.#id}n${index}`, "name", "eth0"]);
      inNamespace(host.namespace, ["addr", "add", `${host.address}/24`, "dev", "eth0"]);
      inNamespace(host.namespace, ["link", "set", "eth0", "up"]);
      this.#attachToHub(outer);
    });
    const hostsFile = [
      "127.0.0.1 localhost",
      ...this.hosts.map((host) => `${host.address} ${host.name}`),
      "",
    ].join("\n");
    for (const host of this.hosts) {
      mkdirSync(join(NETNS_ETC_DIR, host.namespace), { recursive: true });
      writeFileSync(join(NETNS_ETC_DIR, host.namespace, "hosts"), hostsFile);
    }
    const hubSide = `rf${this.#id}d`;
    ip(["link", "add", this.#clientLink, "type", "veth", "peer", "name", hubSide]);
    this.#attachToHub(hubSide);
    ip(["addr", "add", `${this.clientAddress}/24`, "dev", this.#clientLink]);
    ip(["link", "set", this.#clientLink, "up"]);
  }

  #hubLink(index: number): string {
    return `rf${this.#id}h${index}`;
  }

  #attachToHub(link: string): void {
    ip(["link", "set", link, "netns", this.#hub]);
    inNamespace(this.#hub, ["link", "set", link, "master", "br0"]);
    inNamespace(this.#hub, ["link", "set", link, "up"]);
  }

  host(name: string): NetnsHost {
    const found = this.hosts.find((host) => host.name === name);
    if (found === undefined) throw new Error(`no host ${name} on this network`);
    return found;
  }

  /** The command prefix that runs a program inside `name`'s namespace. */
  spawnPrefix(name: string): string[] {
    return ["ip", "netns", "exec", this.host(name).namespace];
  }

  /** Cuts every link of `name`: nothing reaches it and it reaches nothing. */
  isolate(name: string): void {
    const index = this.hosts.indexOf(this.host(name));
    const link = this.#hubLink(index);
    inNamespace(this.#hub, ["link", "set", link, "down"]);
    this.#downLinks.add(link);
  }

  /** `from` can no longer send to `to` (and `to` not to `from`, unless oneWay). */
  cut(from: string, to: string, options: { readonly oneWay?: boolean } = {}): void {
    this.#blackhole(this.host(from), this.host(to));
    if (options.oneWay !== true) this.#blackhole(this.host(to), this.host(from));
  }

  /** Splits the hosts into two sides that cannot talk to each other. */
  partition(sideA: readonly string[], sideB: readonly string[]): void {
    for (const a of sideA) for (const b of sideB) this.cut(a, b);
  }

  /** Every link up, every cut gone. */
  heal(): void {
    for (const link of this.#downLinks) inNamespace(this.#hub, ["link", "set", link, "up"]);
    this.#downLinks.clear();
    for (const entry of this.#blackholes) {
      const [namespace, address] = entry.split(" ") as [string, string];
      try {
        inNamespace(namespace, ["route", "del", "blackhole", `${address}/32`]);
      } catch {
        // already gone
      }
    }
    this.#blackholes.clear();
  }

  #blackhole(from: NetnsHost, to: NetnsHost): void {
    const entry = `${from.namespace} ${to.address}`;
    if (this.#blackholes.has(entry)) return;
    inNamespace(from.namespace, ["route", "add", "blackhole", `${to.address}/32`]);
    this.#blackholes.add(entry);
  }

  /** Deletes every namespace of this network (their links, addresses and routes go with them). */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    liveNetworks.delete(this);
    for (const namespace of [this.#hub, ...this.hosts.map((host) => host.namespace)]) {
      removeNamespaceFiles(namespace);
      try {
        ip(["netns", "delete", namespace]);
      } catch {
        // never created, or already gone
      }
    }
    try {
      ip(["link", "delete", this.#clientLink]);
    } catch {
      // went with the hub
    }
  }
}
