import {
  callUnary,
  errorNameForCode,
  type GroupV1,
  RillError,
  type UnaryMethodName,
  type UnaryRequest,
  type UnaryResponse,
} from "@rill/protocol";
import { formatAddress } from "../connection/address.js";
import type { ConnectionPool } from "../connection/connection-pool.js";
import type { DataClient } from "../data/data-client.js";
import { Backoff, type BackoffOptions } from "../retry/backoff.js";
import type { Clock } from "../retry/clock.js";
import { Deadline } from "../retry/deadline.js";
import { type RetryDecision, retryUntilDeadline } from "../retry/retry-loop.js";

type GroupClient = GroupV1.GroupServiceClient;
type GroupMethod = UnaryMethodName<GroupClient>;

/**
 * Errors after which the group's coordinator must be looked up again: it moved
 * (NOT_COORDINATOR), is not there yet (COORDINATOR_NOT_AVAILABLE, e.g. __consumer_offsets being
 * created or its leader being elected), is loading the group, or could not be reached.
 */
export const COORDINATOR_MOVED: ReadonlySet<string> = new Set([
  "NOT_COORDINATOR",
  "COORDINATOR_NOT_AVAILABLE",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "NETWORK_EXCEPTION",
  "REQUEST_TIMED_OUT",
  "INDETERMINATE",
  "SERVER_NOT_READY",
  "BROKER_NOT_AVAILABLE",
]);

/** What the coordinator client is built on (shared with the Rill's other clients). */
export interface CoordinatorClientDeps {
  /** Knows the brokers (FindCoordinator may go to any of them). */
  readonly data: DataClient;
  readonly pool: ConnectionPool;
  readonly clock: Clock;
  readonly backoff?: BackoffOptions | undefined;
  /** One attempt's deadline (Kafka request.timeout.ms). */
  readonly requestTimeoutMs: number;
}

/** Options of one coordinator call with retries. */
export interface CoordinatorCallOptions {
  /** The deadline of the whole call, retries included. */
  readonly timeoutMs: number;
  /** True when the call changes state (a commit, a delete): an unknown outcome is INDETERMINATE. */
  readonly mutating: boolean;
  /** Extra retriable-by-backoff error names for this call (e.g. STALE_MEMBER_EPOCH for a commit). */
  readonly retryOn?: ReadonlySet<string>;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Finds group coordinators (FindCoordinator, asked of any broker, answers cached per group) and
 * calls GroupService on them. A call that fails with one of COORDINATOR_MOVED forgets the cached
 * coordinator and looks it up again after a backoff, as Kafka's clients do; other retriable errors
 * back off; the rest are thrown as they came (typed RillErrors).
 */
export class CoordinatorClient {
  readonly #data: DataClient;
  readonly #pool: ConnectionPool;
  readonly #clock: Clock;
  readonly #backoff: Backoff;
  readonly #requestTimeoutMs: number;
  /** Cached coordinator address per group id; bounded by the groups this client talks to. */
  readonly #coordinators = new Map<string, string>();
  #nextBroker = 0;

  constructor(deps: CoordinatorClientDeps) {
    this.#data = deps.data;
    this.#pool = deps.pool;
    this.#clock = deps.clock;
    this.#backoff = new Backoff(deps.backoff);
    this.#requestTimeoutMs = deps.requestTimeoutMs;
  }

  /** One request's deadline, for callers that make single attempts (heartbeats). */
  get requestTimeoutMs(): number {
    return this.#requestTimeoutMs;
  }

  /** The group's coordinator address, from the cache or FindCoordinator (one attempt per broker asked). */
  async coordinatorFor(groupId: string, timeoutMs: number): Promise<string> {
    const cached = this.#coordinators.get(groupId);
    if (cached !== undefined) return cached;
    const broker = await this.#someBroker(timeoutMs);
    const response = await callUnary(
      this.#pool.group(broker),
      "findCoordinator",
      { keyType: "COORDINATOR_TYPE_GROUP", keys: [groupId] },
      { timeoutMs },
    ).catch((error: unknown) => {
      // The broker asked did not answer: ask the next one next time.
      this.#nextBroker += 1;
      throw error;
    });
    const found = response.coordinators.find((entry) => entry.key === groupId);
    if (found === undefined) {
      throw new RillError("COORDINATOR_NOT_AVAILABLE", `FindCoordinator did not mention group '${groupId}'`);
    }
    if (found.errorCode !== 0) {
      throw new RillError(
        errorNameForCode(found.errorCode),
        found.errorMessage === "" ? undefined : found.errorMessage,
        { details: { groupId } },
      );
    }
    const address = formatAddress(found.host, found.port);
    this.#coordinators.set(groupId, address);
    return address;
  }

  /** Drops the cached coordinator of a group (it moved or did not answer). */
  forget(groupId: string): void {
    this.#coordinators.delete(groupId);
  }

  /** One attempt at the group's coordinator (no retries): the caller decides what an error means. */
  async callOnce<K extends GroupMethod>(
    groupId: string,
    method: K,
    request: UnaryRequest<GroupClient[K]>,
    timeoutMs: number = this.#requestTimeoutMs,
    signal?: AbortSignal,
  ): Promise<UnaryResponse<GroupClient[K]>> {
    const deadline = new Deadline(this.#clock, timeoutMs);
    const address = await this.coordinatorFor(groupId, timeoutMs);
    try {
      return await callUnary(this.#pool.group(address), method, request, {
        timeoutMs: Math.max(1, deadline.remainingMs()),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (caught) {
      const error =
        caught instanceof RillError ? caught : new RillError("UNKNOWN_SERVER_ERROR", String(caught));
      if (COORDINATOR_MOVED.has(error.errorName)) this.forget(groupId);
      throw error;
    }
  }

  /** A call at the group's coordinator, retried (re-finding the coordinator) until `timeoutMs`. */
  async call<K extends GroupMethod>(
    groupId: string,
    method: K,
    request: () => UnaryRequest<GroupClient[K]>,
    options: CoordinatorCallOptions & {
      /** Throws the answer's per-item error, inside the attempt, so retriable ones are retried. */
      readonly check?: (response: UnaryResponse<GroupClient[K]>) => void;
    },
  ): Promise<{ value: UnaryResponse<GroupClient[K]>; uncertain: boolean }> {
    const outcome = await retryUntilDeadline({
      operation: `${method} of group '${groupId}'`,
      deadline: new Deadline(this.#clock, options.timeoutMs),
      clock: this.#clock,
      backoff: this.#backoff,
      signal: options.signal,
      mutating: options.mutating,
      // Group calls are safe to repeat: a commit stores the same offsets again, a delete of a
      // deleted group answers GROUP_ID_NOT_FOUND (reported with the uncertainty).
      retryAfterIndeterminate: true,
      attemptTimeoutMs: this.#requestTimeoutMs,
      attempt: async ({ timeoutMs }) => {
        const response = await this.callOnce(groupId, method, request(), timeoutMs, options.signal);
        options.check?.(response);
        return response;
      },
      decide: (error) => this.#decide(error, options.retryOn),
    });
    return { value: outcome.value, uncertain: outcome.earlierAttemptMayHaveTakenEffect };
  }

  /** Calls a method on one broker (ListGroups goes to every broker, not to a coordinator). */
  callBroker<K extends GroupMethod>(
    address: string,
    method: K,
    request: UnaryRequest<GroupClient[K]>,
    timeoutMs: number = this.#requestTimeoutMs,
  ): Promise<UnaryResponse<GroupClient[K]>> {
    return callUnary(this.#pool.group(address), method, request, { timeoutMs });
  }

  /** Every live broker's address (a metadata refresh first). */
  async brokers(timeoutMs: number): Promise<string[]> {
    await this.#data.metadata.refresh([], new Deadline(this.#clock, timeoutMs));
    return [...this.#data.metadata.current().brokers.values()].map((broker) => broker.address);
  }

  #decide(error: RillError, retryOn: ReadonlySet<string> | undefined): RetryDecision {
    if (COORDINATOR_MOVED.has(error.errorName) || retryOn?.has(error.errorName) === true) return "backoff";
    return error.retriable ? "backoff" : "fail";
  }

  async #someBroker(timeoutMs: number): Promise<string> {
    let brokers = [...this.#data.metadata.current().brokers.values()];
    if (brokers.length === 0) {
      await this.#data.metadata.refresh([], new Deadline(this.#clock, timeoutMs));
      brokers = [...this.#data.metadata.current().brokers.values()];
    }
    const broker = brokers[this.#nextBroker % Math.max(1, brokers.length)];
    if (broker === undefined) throw new RillError("BROKER_NOT_AVAILABLE", "no broker is known yet");
    return broker.address;
  }
}
