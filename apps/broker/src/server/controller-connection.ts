/**
 * The broker's session with the controller quorum (KRaft's BrokerLifecycleManager plus the
 * broker-to-controller channel): registers once per process start with a fresh incarnation id,
 * heartbeats every `broker.heartbeat.interval.ms` reporting how far it has applied the metadata
 * log (so the controller unfences it once caught up), re-registers when the controller says the
 * registration is stale or gone, carries the partition leaders' AlterPartition and
 * AllocateProducerIds requests, and runs the controlled shutdown.
 *
 * One heartbeat is in flight at a time. State changes (epoch, fenced, caught up) are reported to
 * listeners in the order they happen.
 */
import { randomUUID } from "node:crypto";
import { type CommonV1, type ControllerV1, isRillError, RillError } from "@rill/protocol";
import { sleep } from "@rill/protocol/time";
import { crash, type Logger } from "@rill/runtime";
import type { ControllerQuorumClient } from "./controller-quorum-client.js";

/** What the broker knows of its registration. `brokerEpoch` is -1 until registered. */
export interface BrokerSessionState {
  readonly brokerEpoch: number;
  readonly fenced: boolean;
  readonly caughtUp: boolean;
}

export interface ControllerConnectionOptions {
  readonly nodeId: number;
  readonly clusterId: string;
  /**
   * The endpoints to register (one "CLIENT" listener serves every service); read at each
   * registration, so a server bound after construction (port 0) can supply its port.
   */
  readonly endpoints: () => readonly CommonV1.Endpoint[];
  readonly rack: string | null;
  readonly quorum: ControllerQuorumClient;
  readonly heartbeatIntervalMs: number;
  readonly sessionTimeoutMs: number;
  /** Deadline of AlterPartition and AllocateProducerIds calls. */
  readonly requestTimeoutMs: number;
  /** The offset of the last metadata batch the broker has applied; -1 when none. */
  readonly metadataOffset: () => number;
  readonly logger: Logger;
  /** Default: a random UUID, new at every process start. */
  readonly incarnationId?: string;
  /** A monotonic clock in milliseconds (the session alive check); default performance.now. */
  readonly monotonicNowMs?: () => number;
  /** A failure that leaves the broker unable to run (wrong cluster id); default: `crash` (one fatal line, exit 1). */
  readonly onFatalError?: (error: RillError) => void;
}

/** Registration errors after which retrying cannot help. */
const FATAL_REGISTRATION_ERRORS = new Set(["INCONSISTENT_CLUSTER_ID", "INVALID_REQUEST", "INVALID_CONFIG"]);
/** The longest pause between registration attempts. */
const REGISTRATION_BACKOFF_MAX_MS = 2_000;
/** How often a stopping broker asks the controller whether its leaderships have moved. */
export const CONTROLLED_SHUTDOWN_POLL_MS = 200;
/** Listeners of session state changes (a handful of subsystems). */
const STATE_LISTENERS_MAX = 16;

export type ControlledShutdownOutcome = "done" | "no-eligible-leaders" | "timed-out" | "not-registered";

export class ControllerConnection {
  readonly incarnationId: string;
  readonly #options: ControllerConnectionOptions;
  #state: BrokerSessionState = { brokerEpoch: -1, fenced: true, caughtUp: false };
  readonly #listeners: ((state: BrokerSessionState) => void)[] = [];
  #closed = false;
  #wantShutDown = false;
  #heartbeatLoop: Promise<void> | undefined;
  #wakeHeartbeat: (() => void) | undefined;
  #heartbeatRequested = false;
  /** When the last heartbeat answered "unfenced" was sent (monotonic ms). */
  #unfencedHeartbeatSentAtMs = Number.NEGATIVE_INFINITY;
  readonly #monotonicNowMs: () => number;
  readonly #closeController = new AbortController();

  constructor(options: ControllerConnectionOptions) {
    this.#options = options;
    this.incarnationId = options.incarnationId ?? randomUUID();
    this.#monotonicNowMs = options.monotonicNowMs ?? (() => performance.now());
  }

  /**
   * True while the controllers cannot have fenced this broker: less than a session has passed
   * since a heartbeat that was answered "unfenced" was sent (the controller counts the session
   * from when it received that heartbeat, which is later). False from then on until a heartbeat is
   * answered again: the broker may have been deposed without knowing it.
   */
  sessionAlive(): boolean {
    return this.#monotonicNowMs() - this.#unfencedHeartbeatSentAtMs < this.#options.sessionTimeoutMs;
  }

  /** The current session state. */
  get session(): BrokerSessionState {
    return this.#state;
  }

  /** The broker epoch as the replica manager sends it (KIP-903 / AlterPartition). */
  brokerEpoch(): bigint {
    return BigInt(this.#state.brokerEpoch);
  }

  /** Calls `listener` on every state change; returns a function that removes it. */
  onStateChange(listener: (state: BrokerSessionState) => void): () => void {
    if (this.#listeners.length >= STATE_LISTENERS_MAX) throw new Error("too many session listeners");
    this.#listeners.push(listener);
    return () => {
      const index = this.#listeners.indexOf(listener);
      if (index >= 0) this.#listeners.splice(index, 1);
    };
  }

  /**
   * Registers with the active controller, retrying transient failures (no controller, an older
   * incarnation's session still alive) until it succeeds or the connection is closed; rejects
   * on an error retrying cannot fix (another cluster's controllers). Then starts heartbeating.
   */
  async start(): Promise<number> {
    const epoch = await this.#registerUntilDone();
    this.#heartbeatLoop ??= this.#runHeartbeats();
    return epoch;
  }

  /** Sends a heartbeat now instead of at the next interval (e.g. the broker just caught up). */
  heartbeatSoon(): void {
    this.#heartbeatRequested = true;
    this.#wakeHeartbeat?.();
  }

  /** Resolves once the controller reports the broker unfenced; rejects after `timeoutMs`. */
  whenUnfenced(timeoutMs: number): Promise<void> {
    if (this.#state.brokerEpoch >= 0 && !this.#state.fenced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(new RillError("REQUEST_TIMED_OUT", `broker still fenced after ${timeoutMs} ms`));
      }, timeoutMs);
      const remove = this.onStateChange((state) => {
        if (state.brokerEpoch >= 0 && !state.fenced) {
          clearTimeout(timer);
          remove();
          resolve();
        }
      });
    });
  }

  /** AlterPartition on the active controller. Outcome-unknown failures are returned, not retried. */
  alterPartition(
    request: ControllerV1.AlterPartitionRequest,
  ): Promise<ControllerV1.AlterPartitionResponse__Output> {
    return this.#options.quorum.call(
      "alterPartition",
      { brokerId: this.#options.nodeId, brokerEpoch: this.#state.brokerEpoch, ...request },
      { timeoutMs: this.#options.requestTimeoutMs, idempotent: false, signal: this.#closeController.signal },
    );
  }

  /** A block of producer ids for this broker (a repeated request only wastes a block). */
  async allocateProducerIds(): Promise<{ firstProducerId: bigint; count: number }> {
    const response = await this.#options.quorum.call(
      "allocateProducerIds",
      { brokerId: this.#options.nodeId, brokerEpoch: this.#state.brokerEpoch },
      { timeoutMs: this.#options.requestTimeoutMs, idempotent: true, signal: this.#closeController.signal },
    );
    if (!(Number.isSafeInteger(response.producerIdStart) && response.producerIdStart >= 0)) {
      throw new RillError("UNKNOWN_SERVER_ERROR", `bad producer id block start ${response.producerIdStart}`);
    }
    if (!(response.producerIdLen > 0)) {
      throw new RillError("UNKNOWN_SERVER_ERROR", `bad producer id block length ${response.producerIdLen}`);
    }
    return { firstProducerId: BigInt(response.producerIdStart), count: response.producerIdLen };
  }

  /**
   * Controlled shutdown: from now on every heartbeat asks to shut down, and ControlledShutdown is
   * repeated until the controller reports no partition still led here, or until `giveUp` says the
   * partitions left cannot move (no other live in-sync replica), or until `timeoutMs`.
   */
  async controlledShutdown(options: {
    readonly timeoutMs: number;
    readonly giveUp?: (remaining: readonly CommonV1.TopicPartition__Output[]) => boolean;
  }): Promise<ControlledShutdownOutcome> {
    if (this.#state.brokerEpoch < 0) return "not-registered";
    this.#wantShutDown = true;
    const deadline = Date.now() + options.timeoutMs;
    let rpcSupported = true;
    while (Date.now() < deadline && !this.#closed) {
      const remainingMs = deadline - Date.now();
      try {
        if (rpcSupported) {
          const response = await this.#options.quorum.call(
            "controlledShutdown",
            { brokerId: this.#options.nodeId, brokerEpoch: this.#state.brokerEpoch },
            { timeoutMs: remainingMs, idempotent: true, signal: this.#closeController.signal },
          );
          if (response.remainingPartitions.length === 0) return "done";
          if (options.giveUp?.(response.remainingPartitions) === true) return "no-eligible-leaders";
        } else {
          const response = await this.#heartbeat(remainingMs);
          if (response.shouldShutDown) return "done";
        }
      } catch (error) {
        if (isRillError(error, "UNSUPPORTED_VERSION")) {
          rpcSupported = false;
          continue;
        }
        if (isRillError(error, "STALE_BROKER_EPOCH") || isRillError(error, "BROKER_ID_NOT_REGISTERED")) {
          return "not-registered";
        }
        this.#options.logger.warn({ err: error }, "controlled shutdown request failed; retrying");
      }
      await this.#sleep(Math.min(CONTROLLED_SHUTDOWN_POLL_MS, Math.max(0, deadline - Date.now())));
    }
    return "timed-out";
  }

  /** Stops heartbeating and every retry. Does not unregister: the session simply expires. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeController.abort();
    this.#wakeHeartbeat?.();
    await this.#heartbeatLoop;
  }

  #setState(next: BrokerSessionState): void {
    const previous = this.#state;
    this.#state = next;
    if (
      previous.brokerEpoch === next.brokerEpoch &&
      previous.fenced === next.fenced &&
      previous.caughtUp === next.caughtUp
    ) {
      return;
    }
    this.#options.logger.info(
      { brokerEpoch: next.brokerEpoch, fenced: next.fenced, caughtUp: next.caughtUp },
      next.brokerEpoch !== previous.brokerEpoch
        ? `registered with broker epoch ${next.brokerEpoch}`
        : next.fenced
          ? "fenced by the controller"
          : "unfenced by the controller",
    );
    for (const listener of [...this.#listeners]) listener(next);
  }

  async #registerUntilDone(): Promise<number> {
    let backoffMs = 100;
    const previousEpoch = this.#state.brokerEpoch;
    for (;;) {
      if (this.#closed) throw new RillError("OPERATION_NOT_ATTEMPTED", "the controller connection is closed");
      try {
        const response = await this.#options.quorum.call(
          "registerBroker",
          {
            nodeId: this.#options.nodeId,
            incarnationId: this.incarnationId,
            clusterId: this.#options.clusterId,
            endpoints: [...this.#options.endpoints()],
            rack: this.#options.rack ?? "",
            previousBrokerEpoch: previousEpoch,
          },
          // A repeated registration only gets a newer epoch; the last one answered wins.
          {
            timeoutMs: this.#options.sessionTimeoutMs,
            idempotent: true,
            signal: this.#closeController.signal,
          },
        );
        this.#setState({ brokerEpoch: response.brokerEpoch, fenced: true, caughtUp: false });
        // Heartbeat at once: the broker may already have applied its own registration.
        this.#heartbeatRequested = true;
        return response.brokerEpoch;
      } catch (error) {
        if (isRillError(error) && FATAL_REGISTRATION_ERRORS.has(error.errorName)) throw error;
        if (this.#closed) throw error;
        this.#options.logger.warn(
          { err: error },
          isRillError(error, "DUPLICATE_BROKER_REGISTRATION")
            ? "an earlier incarnation of this broker still has a live session; retrying registration"
            : "broker registration failed; retrying",
        );
        await this.#sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, REGISTRATION_BACKOFF_MAX_MS);
      }
    }
  }

  #heartbeat(timeoutMs: number): Promise<ControllerV1.BrokerHeartbeatResponse__Output> {
    return this.#options.quorum.call(
      "brokerHeartbeat",
      {
        nodeId: this.#options.nodeId,
        brokerEpoch: this.#state.brokerEpoch,
        currentMetadataOffset: this.#options.metadataOffset(),
        wantFence: false,
        wantShutDown: this.#wantShutDown,
      },
      { timeoutMs, idempotent: true, signal: this.#closeController.signal },
    );
  }

  async #runHeartbeats(): Promise<void> {
    const { heartbeatIntervalMs, sessionTimeoutMs } = this.#options;
    // A heartbeat that takes longer than this is no use: the session would expire meanwhile.
    const heartbeatTimeoutMs = Math.min(Math.max(heartbeatIntervalMs, 1_000), sessionTimeoutMs);
    let failuresInARow = 0;
    while (!this.#closed) {
      if (!this.#heartbeatRequested) await this.#waitForHeartbeatDue(heartbeatIntervalMs);
      this.#heartbeatRequested = false;
      if (this.#closed) return;
      try {
        const sentAtMs = this.#monotonicNowMs();
        const response = await this.#heartbeat(heartbeatTimeoutMs);
        failuresInARow = 0;
        if (!response.isFenced) this.#unfencedHeartbeatSentAtMs = sentAtMs;
        this.#setState({
          brokerEpoch: this.#state.brokerEpoch,
          fenced: response.isFenced,
          caughtUp: response.isCaughtUp,
        });
      } catch (error) {
        if (this.#closed) return;
        if (isRillError(error, "STALE_BROKER_EPOCH") || isRillError(error, "BROKER_ID_NOT_REGISTERED")) {
          this.#options.logger.warn(
            { err: error },
            "the controller no longer knows this registration; re-registering",
          );
          this.#setState({ ...this.#state, fenced: true, caughtUp: false });
          try {
            await this.#registerUntilDone();
          } catch (registrationError) {
            if (this.#closed) return;
            this.#fatal(registrationError);
            return;
          }
          continue;
        }
        failuresInARow += 1;
        // Log the first failure and then every tenth: a controller election is routine.
        if (failuresInARow === 1 || failuresInARow % 10 === 0) {
          this.#options.logger.warn({ err: error, failuresInARow }, "broker heartbeat failed");
        }
      }
    }
  }

  #fatal(error: unknown): void {
    const rillError = isRillError(error) ? error : new RillError("UNKNOWN_SERVER_ERROR", String(error));
    if (this.#options.onFatalError !== undefined) this.#options.onFatalError(rillError);
    else crash("broker registration failed for good", rillError);
  }

  #waitForHeartbeatDue(intervalMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakeHeartbeat = undefined;
        resolve();
      };
      const timer = setTimeout(done, intervalMs);
      this.#wakeHeartbeat = done;
    });
  }

  /** Waits `ms`, or less when the client closes. */
  #sleep(ms: number): Promise<void> {
    return sleep(ms, this.#closeController.signal);
  }
}
