import { fromGrpcError, isDefinitelyNotDone, RillError } from "@rill/protocol";
import type { Backoff } from "./backoff.js";
import type { Clock } from "./clock.js";
import type { Deadline } from "./deadline.js";

/** What to do after a failed attempt. */
export type RetryDecision =
  /** Not retriable (a programmer error, a definite refusal): stop and throw. */
  | "fail"
  /** Retriable here or elsewhere after a pause (leader moving, node down, election running). */
  | "backoff"
  /** Another node was named (NOT_CONTROLLER / NOT_LEADER_OR_FOLLOWER with a hint): retry at once. */
  | "redirect";

export interface AttemptContext {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The gRPC deadline this attempt may use: what is left of the deadline, capped by attemptTimeoutMs. */
  readonly timeoutMs: number;
}

export interface RetryLoopOptions<T> {
  /** Names the operation in error messages, e.g. "createTopics". */
  readonly operation: string;
  readonly deadline: Deadline;
  readonly clock: Clock;
  readonly backoff: Backoff;
  readonly signal?: AbortSignal | undefined;
  /**
   * True when the operation changes state. A mutating operation that fails after an attempt
   * whose outcome is unknown (timeout, lost connection) fails with INDETERMINATE, never with an
   * error that reads as "not done".
   */
  readonly mutating: boolean;
  /**
   * Whether to try again after an attempt whose outcome is unknown. Safe only when repeating
   * cannot do the work twice (reads, idempotent produce with sequence numbers) or when the
   * caller accepts it; otherwise the loop stops with INDETERMINATE at the first such attempt.
   */
  readonly retryAfterIndeterminate: boolean;
  /**
   * Consecutive "redirect" decisions honoured without a pause; beyond it redirects back off too,
   * so two nodes that name each other cannot spin the loop.
   */
  readonly redirectsWithoutBackoffMax?: number;
  /**
   * The longest one attempt may take (Kafka request.timeout.ms), so one hung node cannot eat the
   * whole deadline; default: whatever is left of the deadline.
   */
  readonly attemptTimeoutMs?: number | undefined;
  attempt(context: AttemptContext): Promise<T>;
  decide(error: RillError, attempt: number): RetryDecision;
}

export interface RetryOutcome<T> {
  readonly value: T;
  readonly attempts: number;
  /**
   * True when an earlier attempt failed in a way that may have taken effect: the work may have
   * been done twice (a produce without idempotence may have appended a duplicate).
   */
  readonly earlierAttemptMayHaveTakenEffect: boolean;
}

const redirectsWithoutBackoffDefault = 3;

/**
 * Runs `attempt` until it succeeds, a failure is not retriable, or the deadline passes. Between
 * attempts it sleeps the backoff (never past the deadline); redirects go again at once. The
 * error it throws is a RillError: the last failure when nothing may have taken effect, or
 * INDETERMINATE (with the last failure as cause) for a mutating operation when something may
 * have.
 */
export async function retryUntilDeadline<T>(options: RetryLoopOptions<T>): Promise<RetryOutcome<T>> {
  const redirectsMax = options.redirectsWithoutBackoffMax ?? redirectsWithoutBackoffDefault;
  let mayHaveTakenEffect = false;
  let lastError: RillError | undefined;
  let attempts = 0;
  let backoffs = 0;
  let consecutiveRedirects = 0;
  const finalError = (error: RillError, why: string): RillError => {
    if (options.mutating && mayHaveTakenEffect) {
      return new RillError(
        "INDETERMINATE",
        `${options.operation}: ${why}; an attempt may have taken effect, the outcome is unknown (last error ${error.errorName}: ${error.message})`,
        { cause: error, details: { attempts, lastErrorName: error.errorName } },
      );
    }
    if (attempts <= 1 && why === "not retriable") return error;
    return new RillError(error.errorName, `${options.operation}: ${why}: ${error.message}`, {
      cause: error,
      details: { ...error.details, attempts },
    });
  };
  for (;;) {
    if (options.signal?.aborted === true) {
      throw finalError(
        lastError ?? new RillError("OPERATION_NOT_ATTEMPTED", "aborted before the first attempt"),
        "aborted",
      );
    }
    const remainingMs = options.deadline.remainingMs();
    if (remainingMs <= 0) {
      throw finalError(
        lastError ??
          new RillError("REQUEST_TIMED_OUT", "the deadline passed before the first attempt", {
            details: { indeterminate: false },
          }),
        `gave up after ${attempts} attempt(s) at the deadline`,
      );
    }
    attempts += 1;
    try {
      const timeoutMs = Math.min(remainingMs, options.attemptTimeoutMs ?? remainingMs);
      const value = await options.attempt({ attempt: attempts, timeoutMs });
      return { value, attempts, earlierAttemptMayHaveTakenEffect: mayHaveTakenEffect };
    } catch (caught) {
      const error = fromGrpcError(caught);
      // An attempt cut short by the deadline says less than the failure before it (a timeout
      // instead of, say, UNKNOWN_TOPIC_OR_PARTITION): report the earlier one. Whether the
      // timed-out attempt may have taken effect still counts below.
      const cutByDeadline = error.errorName === "REQUEST_TIMED_OUT" && options.deadline.expired();
      if (!(cutByDeadline && lastError !== undefined)) lastError = error;
      if (!isDefinitelyNotDone(error)) mayHaveTakenEffect = true;
      const decision = options.decide(error, attempts);
      if (decision === "fail") throw finalError(error, "not retriable");
      if (options.mutating && mayHaveTakenEffect && !options.retryAfterIndeterminate) {
        throw finalError(error, "not retried after an attempt with an unknown outcome");
      }
      if (decision === "redirect" && consecutiveRedirects < redirectsMax) {
        consecutiveRedirects += 1;
        continue;
      }
      consecutiveRedirects = 0;
      backoffs += 1;
      const delayMs = Math.min(options.backoff.delayMs(backoffs), options.deadline.remainingMs());
      await options.clock.sleep(delayMs, options.signal);
    }
  }
}
