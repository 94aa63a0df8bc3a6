import {
  type BrokerV1,
  type ControllerV1,
  createBrokerClient,
  createControllerClient,
  createGroupClient,
  type GroupV1,
  type RillChannelOptionsInput,
} from "@rill/protocol";

type BrokerServiceClient = BrokerV1.BrokerServiceClient;
type ControllerServiceClient = ControllerV1.ControllerServiceClient;
type GroupServiceClient = GroupV1.GroupServiceClient;

export interface ConnectionPoolOptions {
  /** Channel options (sizes, windows, keepalive) for every client; Rill's defaults otherwise. */
  readonly channel?: RillChannelOptionsInput;
  /**
   * The most addresses the pool holds clients for. A cluster has a handful of nodes; the bound
   * keeps a stream of bogus leader hints from growing the pool without limit (the least recently
   * used address is closed first).
   */
  readonly addressesMax?: number;
}

export const connectionPoolDefaults = { addressesMax: 256 } as const;

interface PooledClients {
  broker?: BrokerServiceClient;
  controller?: ControllerServiceClient;
  group?: GroupServiceClient;
}

/**
 * One gRPC client per service and address, created on first use and reused by every call.
 * Clients of the same address with the same channel options share grpc-js's subchannel (one
 * HTTP/2 connection per address), so a broker that also serves forwarded admin calls costs one
 * connection, not two. `close()` closes them all; the pool refuses use after that.
 */
export class ConnectionPool {
  readonly #channel: RillChannelOptionsInput;
  readonly #addressesMax: number;
  /** Insertion order doubles as recency order (touched entries are re-inserted). */
  readonly #clients = new Map<string, PooledClients>();
  #closed = false;

  constructor(options: ConnectionPoolOptions = {}) {
    this.#channel = options.channel ?? {};
    this.#addressesMax = options.addressesMax ?? connectionPoolDefaults.addressesMax;
    if (!(Number.isInteger(this.#addressesMax) && this.#addressesMax >= 1)) {
      throw new RangeError(`addressesMax ${this.#addressesMax} is not a positive integer`);
    }
  }

  /** The BrokerService client for "host:port". */
  broker(address: string): BrokerServiceClient {
    const entry = this.#entry(address);
    entry.broker ??= createBrokerClient(address, this.#channel);
    return entry.broker;
  }

  /** The ControllerService client for "host:port" (a controller, or a broker that forwards). */
  controller(address: string): ControllerServiceClient {
    const entry = this.#entry(address);
    entry.controller ??= createControllerClient(address, this.#channel);
    return entry.controller;
  }

  /** The GroupService client for "host:port" (a broker: group coordinators live on brokers). */
  group(address: string): GroupServiceClient {
    const entry = this.#entry(address);
    entry.group ??= createGroupClient(address, this.#channel);
    return entry.group;
  }

  /** The addresses with open clients, least recently used first. */
  addresses(): string[] {
    return [...this.#clients.keys()];
  }

  close(): void {
    this.#closed = true;
    for (const entry of this.#clients.values()) closeEntry(entry);
    this.#clients.clear();
  }

  #entry(address: string): PooledClients {
    if (this.#closed) throw new Error("ConnectionPool: used after close()");
    let entry = this.#clients.get(address);
    if (entry !== undefined) {
      this.#clients.delete(address);
    } else {
      entry = {};
      if (this.#clients.size >= this.#addressesMax) {
        const [oldest] = this.#clients;
        if (oldest !== undefined) {
          this.#clients.delete(oldest[0]);
          closeEntry(oldest[1]);
        }
      }
    }
    this.#clients.set(address, entry);
    return entry;
  }
}

function closeEntry(entry: PooledClients): void {
  entry.broker?.close();
  entry.controller?.close();
  entry.group?.close();
}
