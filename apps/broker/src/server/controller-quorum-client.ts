/**
 * Calls the controller quorum's unary RPCs on the active controller, wherever it is: starts from
 * the configured bootstrap addresses, follows NOT_CONTROLLER hints (rill.common.v1.ControllerHint)
 * to the active controller, rotates through the addresses when a controller is unreachable or
 * knows no leader (an election is running), and backs off with jitter between rounds.
 *
 * Finding the active controller again after it failed must take well under a broker session (a
 * new active controller fences every broker it has not heard from a session after its election):
 * a controller whose last attempt timed out or found no connection is marked silent and tried
 * after every other one until it answers again, and while no active controller is known one
 * attempt gets at most its share of the call's time (a third with three controllers), so a call
 * that first lands on a cut-off controller still reaches the others.
 *
 * Retrying contract: an error that provably left the request undone (`isDefinitelyNotDone`:
 * NOT_CONTROLLER, no connection, ...) is always retried until the deadline. An error that leaves
 * the outcome unknown (a timeout, a lost connection) is retried only when the caller says the
 * request is safe to repeat (`idempotent`); otherwise it is returned to the caller as it is,
 * indeterminate, never turned into "failed".
 */
import {
  type ControllerV1,
  callUnary,
  createControllerClient,
  isDefinitelyNotDone,
  isRillError,
  RillError,
  type UnaryMethodName,
  type UnaryRequest,
  type UnaryResponse,
} from "@rill/protocol";
import { sleep } from "@rill/protocol/time";
import type { Logger } from "@rill/runtime";

type ControllerClient = ControllerV1.ControllerServiceClient;

/** A unary method of ControllerService (e.g. "registerBroker"). */
export type ControllerMethod = UnaryMethodName<ControllerClient>;

/** How many distinct controller addresses (bootstrap + hinted) keep an open channel. */
export const CONTROLLER_CHANNELS_MAX = 16;
/** Redirects followed in a row without a backoff (a hint chain longer than this is stale). */
export const CONTROLLER_REDIRECTS_IN_A_ROW_MAX = 3;
/** The least time one attempt gets while the active controller is being looked for. */
export const CONTROLLER_PROBE_ATTEMPT_MIN_MS = 250;

export interface ControllerQuorumClientOptions {
  /** Bootstrap addresses ("host:port"), at least one. */
  readonly addresses: readonly string[];
  readonly logger: Logger;
  /** The deadline of one attempt on one controller; default 5 s. */
  readonly attemptTimeoutMs?: number;
  /** First and largest backoff between rounds; defaults 50 ms and 1 s. */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** Injected for tests: [0, 1). */
  readonly random?: () => number;
}

export interface QuorumCallOptions {
  /** The whole call's deadline, relative to now, over every attempt. */
  readonly timeoutMs: number;
  /** True when repeating a request whose outcome is unknown is harmless. */
  readonly idempotent: boolean;
  /** Stops retrying; the call then fails with the last error (or OPERATION_NOT_ATTEMPTED). */
  readonly signal?: AbortSignal;
}

export class ControllerQuorumClient {
  readonly #bootstrap: readonly string[];
  readonly #clients = new Map<string, ControllerClient>();
  readonly #logger: Logger;
  readonly #attemptTimeoutMs: number;
  readonly #backoffInitialMs: number;
  readonly #backoffMaxMs: number;
  readonly #random: () => number;
  #active: string | undefined;
  #activeId = -1;
  #rotation = 0;
  /** Addresses whose last attempt timed out or found no connection, until they answer again. */
  readonly #silent = new Set<string>();
  #closed = false;
  readonly #closeController = new AbortController();

  constructor(options: ControllerQuorumClientOptions) {
    if (options.addresses.length === 0) throw new RangeError("at least one controller address is needed");
    this.#bootstrap = [...new Set(options.addresses)];
    this.#logger = options.logger;
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
    this.#backoffInitialMs = options.backoffInitialMs ?? 50;
    this.#backoffMaxMs = options.backoffMaxMs ?? 1_000;
    this.#random = options.random ?? Math.random;
  }

  /** The active controller's node id as last hinted, or -1 when unknown. */
  get activeControllerId(): number {
    return this.#activeId;
  }

  /** The address requests go to first, when known. */
  get activeAddress(): string | undefined {
    return this.#active;
  }

  /** The bootstrap addresses, in configured order. */
  get addresses(): readonly string[] {
    return this.#bootstrap;
  }

  /** A channel to one controller (cached; at most CONTROLLER_CHANNELS_MAX). */
  clientFor(address: string): ControllerClient {
    let client = this.#clients.get(address);
    if (client === undefined) {
      if (this.#clients.size >= CONTROLLER_CHANNELS_MAX) this.#evictOneHinted();
      // A subchannel of its own (not grpc-js's shared pool): renewChannel must really get a new
      // connection, not the stuck one back.
      client = createControllerClient(address, { extra: { "grpc.use_local_subchannel_pool": 1 } });
      this.#clients.set(address, client);
    }
    return client;
  }

  /**
   * The next address to try when no active controller is known: round robin over bootstrap,
   * passing over the silent ones while any other is left.
   */
  nextBootstrapAddress(): string {
    const count = this.#bootstrap.length;
    let chosen: string | undefined;
    for (let step = 0; step < count; step++) {
      const address = this.#bootstrap[(this.#rotation + step) % count];
      if (address !== undefined && !this.#silent.has(address)) {
        chosen = address;
        this.#rotation += step + 1;
        break;
      }
    }
    if (chosen === undefined) {
      chosen = this.#bootstrap[this.#rotation % count];
      this.#rotation += 1;
    }
    if (chosen === undefined) throw new Error("unreachable: bootstrap is never empty");
    return chosen;
  }

  /** Calls `method` on the active controller; see the module comment for what is retried. */
  async call<K extends ControllerMethod>(
    method: K,
    request: UnaryRequest<ControllerClient[K]>,
    options: QuorumCallOptions,
  ): Promise<UnaryResponse<ControllerClient[K]>> {
    const deadline = Date.now() + options.timeoutMs;
    let backoffMs = this.#backoffInitialMs;
    let redirectsInARow = 0;
    let lastError: RillError | undefined;
    for (;;) {
      if (this.#closed || options.signal?.aborted === true) {
        throw lastError ?? new RillError("OPERATION_NOT_ATTEMPTED", "The controller client is closed");
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) {
        throw lastError ?? new RillError("REQUEST_TIMED_OUT", `${method}: no controller answered in time`);
      }
      const probing = this.#active === undefined;
      const address = this.#active ?? this.nextBootstrapAddress();
      // Looking for the active controller: one silent controller must not take the whole call.
      const shareMs = probing
        ? Math.max(CONTROLLER_PROBE_ATTEMPT_MIN_MS, Math.floor(remainingMs / this.#bootstrap.length))
        : remainingMs;
      try {
        const response = await callUnary(this.clientFor(address), method, request, {
          timeoutMs: Math.max(1, Math.min(this.#attemptTimeoutMs, remainingMs, shareMs)),
        });
        this.#active = address;
        this.#silent.delete(address);
        return response;
      } catch (caught) {
        const error = isRillError(caught) ? caught : new RillError("UNKNOWN_SERVER_ERROR", String(caught));
        lastError = error;
        if (isSilence(error)) this.#silent.add(address);
        else this.#silent.delete(address);
        // Sent or still waiting for a connection: either way that channel is suspect.
        if (error.errorName === "REQUEST_TIMED_OUT") this.#renewChannel(address);
        if (error.errorName === "NOT_CONTROLLER") {
          const hinted = this.#followHint(error, address);
          if (hinted && redirectsInARow < CONTROLLER_REDIRECTS_IN_A_ROW_MAX) {
            redirectsInARow += 1;
            continue;
          }
        } else if (!isDefinitelyNotDone(error)) {
          // The outcome is unknown (timeout, lost connection, server crash mid-call).
          this.#forgetActive(address);
          if (!options.idempotent || !error.retriable) throw error;
        } else if (!error.retriable) {
          // The controller answered with a final error (STALE_BROKER_EPOCH, INVALID_REQUEST, ...).
          throw error;
        } else {
          this.#forgetActive(address);
        }
        redirectsInARow = 0;
        this.#logger.debug({ method, address, err: error.errorName }, "controller call failed; retrying");
        await this.#sleep(Math.min(backoffMs * (0.5 + this.#random()), Math.max(0, deadline - Date.now())));
        backoffMs = Math.min(backoffMs * 2, this.#backoffMaxMs);
      }
    }
  }

  /** Stops every call's retries and closes the channels. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeController.abort();
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }

  /** Takes a NOT_CONTROLLER hint; true when it named another controller to try now. */
  #followHint(error: RillError, from: string): boolean {
    const { host, port, controllerId } = error.details as {
      host?: unknown;
      port?: unknown;
      controllerId?: unknown;
    };
    if (typeof controllerId === "number") this.#activeId = controllerId;
    if (typeof host === "string" && host !== "" && typeof port === "number" && port > 0) {
      const hinted = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
      if (hinted !== from) {
        this.#active = hinted;
        return true;
      }
    }
    this.#forgetActive(from);
    return false;
  }

  /**
   * Closes the channel to a controller that let an attempt time out; the next use opens a new
   * one. After a cut link heals, the old channel's TCP connection (or connection attempt) resumes
   * only at its next retransmission, which backs off to seconds during the cut; a new connection
   * goes through at once. (A healthy stream on the closed channel breaks and is reopened by its
   * owner, the metadata follower; a timeout of a reachable controller is rare.)
   */
  #renewChannel(address: string): void {
    const client = this.#clients.get(address);
    if (client === undefined) return;
    this.#clients.delete(address);
    client.close();
  }

  #forgetActive(address: string): void {
    if (this.#active === address) this.#active = undefined;
  }

  #evictOneHinted(): void {
    for (const [address, client] of this.#clients) {
      if (!this.#bootstrap.includes(address) && address !== this.#active) {
        client.close();
        this.#clients.delete(address);
        return;
      }
    }
  }

  /** Waits `ms`, or less when the client closes. */
  #sleep(ms: number): Promise<void> {
    return sleep(ms, this.#closeController.signal);
  }
}

/** Whether a failed attempt means the controller did not answer at all (cut off, down, hung). */
function isSilence(error: RillError): boolean {
  return error.errorName === "REQUEST_TIMED_OUT" || error.errorName === "NETWORK_EXCEPTION";
}
