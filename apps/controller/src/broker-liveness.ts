/**
 * Fast crash detection for brokers, beyond KRaft: the active controller holds a health Watch
 * stream open to every unfenced broker. When a stream breaks, it probes the broker's listener
 * with a plain TCP connect. "Connection refused" means no process listens there any more (the
 * broker died, e.g. kill -9), so the controller fences that incarnation at once instead of
 * waiting out `broker.session.timeout.ms` (9 s). Anything else (a connect timeout, a network
 * partition, a paused process that still holds its socket) proves nothing and is left to the
 * session timeout, as in Kafka.
 *
 * The fence is guarded by the broker epoch the watch was opened under, so a broker that
 * registered again in the meantime (a restarted process, a new epoch) is left alone. Fencing is
 * what a session expiry does, so a wrong verdict costs availability, never safety.
 */
import { createConnection } from "node:net";
import type { NodeId } from "@rill/protocol/ids";
import { type HealthClient, healthClient } from "@rill/runtime";

/** How long the TCP probe waits for an answer before concluding nothing. */
export const BROKER_PROBE_TIMEOUT_MS = 1_000;
/** How long to wait before watching a broker again after a break that proved nothing. */
export const BROKER_REWATCH_BACKOFF_MS = 500;
/** Brokers watched at once (one stream each); beyond this, the session timeout alone applies. */
export const BROKER_WATCHES_MAX = 1_024;

export interface WatchedBroker {
  readonly brokerId: NodeId;
  readonly brokerEpoch: number;
  readonly host: string;
  readonly port: number;
}

export interface BrokerLivenessOptions {
  /** The unfenced brokers of the committed image; empty when this controller is not active. */
  readonly brokersToWatch: () => readonly WatchedBroker[];
  /** Fences the incarnation; resolves true when it was fenced by this call. */
  readonly fence: (brokerId: NodeId, brokerEpoch: number) => Promise<boolean>;
  readonly logger: {
    info(fields: object, message: string): void;
    debug(fields: object, message: string): void;
  };
  /** Test seam: the listener probe. */
  readonly probe?: (host: string, port: number, timeoutMs: number) => Promise<ProbeResult>;
}

export type ProbeResult = "listening" | "refused" | "unknown";

interface Watch {
  readonly broker: WatchedBroker;
  client: HealthClient | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  closed: boolean;
}

export class BrokerLivenessWatcher {
  readonly #watches = new Map<string, Watch>();
  readonly #probe: NonNullable<BrokerLivenessOptions["probe"]>;

  readonly #options: BrokerLivenessOptions;
  constructor(options: BrokerLivenessOptions) {
    this.#options = options;
    this.#probe = options.probe ?? probeListener;
  }

  /** Brings the set of watches in line with the brokers to watch; call on every controller tick. */
  sync(): void {
    const wanted = new Map(
      this.#options
        .brokersToWatch()
        .slice(0, BROKER_WATCHES_MAX)
        .map((broker) => [watchKey(broker), broker] as const),
    );
    for (const [key, watch] of this.#watches) {
      if (!wanted.has(key)) this.#stopWatch(key, watch);
    }
    for (const [key, broker] of wanted) {
      if (this.#watches.has(key)) continue;
      const watch: Watch = { broker, client: undefined, retryTimer: undefined, closed: false };
      this.#watches.set(key, watch);
      this.#openStream(watch);
    }
  }

  get watchedCount(): number {
    return this.#watches.size;
  }

  close(): void {
    for (const [key, watch] of this.#watches) this.#stopWatch(key, watch);
  }

  #stopWatch(key: string, watch: Watch): void {
    watch.closed = true;
    if (watch.retryTimer !== undefined) clearTimeout(watch.retryTimer);
    watch.client?.close();
    watch.client = undefined;
    this.#watches.delete(key);
  }

  #openStream(watch: Watch): void {
    if (watch.closed) return;
    const { host, port } = watch.broker;
    const client = healthClient(`${host}:${port}`);
    watch.client = client;
    const stream = client.watch({ service: "" });
    let broken = false;
    const onBroken = (): void => {
      if (broken) return;
      broken = true;
      client.close();
      if (watch.client === client) watch.client = undefined;
      void this.#onStreamBroken(watch);
    };
    stream.on("data", () => {});
    stream.on("error", onBroken);
    stream.on("end", onBroken);
  }

  async #onStreamBroken(watch: Watch): Promise<void> {
    if (watch.closed) return;
    const { brokerId, brokerEpoch, host, port } = watch.broker;
    const result = await this.#probe(host, port, BROKER_PROBE_TIMEOUT_MS);
    if (watch.closed) return;
    if (result === "refused") {
      this.#options.logger.info(
        { brokerId, brokerEpoch, listener: `${host}:${port}` },
        "broker's listener refuses connections: fencing it now instead of waiting for its session to expire",
      );
      try {
        await this.#options.fence(brokerId, brokerEpoch);
      } catch (error) {
        this.#options.logger.debug({ err: error, brokerId }, "fencing a gone broker did not complete");
      }
      // The next sync drops the watch once the fence is committed (the broker is no longer
      // unfenced); until then, keep probing.
    }
    watch.retryTimer = setTimeout(() => {
      watch.retryTimer = undefined;
      this.#openStream(watch);
    }, BROKER_REWATCH_BACKOFF_MS);
    watch.retryTimer.unref();
  }
}

function watchKey(broker: WatchedBroker): string {
  return `${broker.brokerId}:${broker.brokerEpoch}:${broker.host}:${broker.port}`;
}

/** A plain TCP connect: "refused" only on ECONNREFUSED, the one answer that proves no listener. */
export function probeListener(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (result: ProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish("unknown"), timeoutMs);
    socket.once("connect", () => finish("listening"));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      finish(error.code === "ECONNREFUSED" ? "refused" : "unknown"),
    );
  });
}
