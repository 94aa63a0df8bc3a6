import type { Logger } from "pino";
import { configurePanic, crash } from "./panic.js";

export type ShutdownHook = () => Promise<void> | void;

export interface HookResult {
  readonly name: string;
  readonly outcome: "done" | "failed" | "timed-out";
}

export interface LifecycleOptions {
  readonly logger: Logger;
  /** The bound on each hook unless it gives its own. */
  readonly hookTimeoutMs?: number;
  /** Default `process.exit`; injected by tests. */
  readonly exit?: (code: number) => void;
  /** Runs synchronously when shutdown begins, before any hook (e.g. health → NOT_SERVING). */
  readonly onShutdownStart?: () => void;
}

export const defaultHookTimeoutMs = 10_000;
/** A bound on registrations: hooks are a handful of subsystems, never per request. */
export const shutdownHooksMax = 64;

const signalNumbers = { SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof signalNumbers;

/**
 * A process's start-to-stop lifecycle. Subsystems register shutdown hooks as they start; on
 * SIGTERM or SIGINT (or `shutdown()`) the hooks run one at a time in reverse order of
 * registration (last started, first stopped), each bounded by its timeout; a hook that fails or
 * times out is logged and the next one runs. The process then exits 0 if every hook finished,
 * 1 otherwise. A second signal during shutdown exits at once with 128 + the signal number.
 *
 * Uncaught exceptions and unhandled rejections are logged at fatal level and exit 1 without
 * running hooks: state after an unexpected error is suspect, and everything Rill writes is
 * crash-safe by design (a stale data-dir lock from a dead pid is taken over).
 */
export class Lifecycle {
  readonly #logger: Logger;
  readonly #hookTimeoutMs: number;
  readonly #exit: (code: number) => void;
  readonly #onShutdownStart: (() => void) | undefined;
  readonly #hooks: { name: string; hook: ShutdownHook; timeoutMs: number }[] = [];
  #shutdownPromise: Promise<readonly HookResult[]> | undefined;
  #installed = false;

  constructor(options: LifecycleOptions) {
    this.#logger = options.logger;
    this.#hookTimeoutMs = options.hookTimeoutMs ?? defaultHookTimeoutMs;
    this.#exit = options.exit ?? ((code) => process.exit(code));
    this.#onShutdownStart = options.onShutdownStart;
  }

  /** Registers a hook; it runs before every hook registered earlier. */
  onShutdown(name: string, hook: ShutdownHook, options: { readonly timeoutMs?: number } = {}): void {
    if (this.#shutdownPromise !== undefined)
      throw new Error(`shutdown hook '${name}' registered during shutdown`);
    if (this.#hooks.length >= shutdownHooksMax)
      throw new Error(`more than ${shutdownHooksMax} shutdown hooks`);
    this.#hooks.push({ name, hook, timeoutMs: options.timeoutMs ?? this.#hookTimeoutMs });
  }

  get shuttingDown(): boolean {
    return this.#shutdownPromise !== undefined;
  }

  /** Runs the hooks once (later calls return the same promise); never rejects. */
  shutdown(reason: string): Promise<readonly HookResult[]> {
    this.#shutdownPromise ??= this.#runHooks(reason);
    return this.#shutdownPromise;
  }

  /** Installs the signal and uncaught-error handlers, and makes `panic` log through our logger. */
  install(): void {
    if (this.#installed) return;
    this.#installed = true;
    configurePanic({ logger: this.#logger, exit: this.#exit });
    for (const signal of Object.keys(signalNumbers) as HandledSignal[]) {
      process.on(signal, () => this.#onSignal(signal));
    }
    process.on("uncaughtException", (error) => crash("uncaught exception", error));
    process.on("unhandledRejection", (reason) => crash("unhandled rejection", reason));
  }

  #onSignal(signal: HandledSignal): void {
    if (this.#shutdownPromise !== undefined) {
      this.#logger.warn({ signal }, "second signal during shutdown: exiting now");
      this.#exit(128 + signalNumbers[signal]);
      return;
    }
    this.#logger.info({ signal }, "shutting down");
    void this.shutdown(signal).then((results) => {
      this.#exit(results.every((result) => result.outcome === "done") ? 0 : 1);
    });
  }

  async #runHooks(reason: string): Promise<readonly HookResult[]> {
    try {
      this.#onShutdownStart?.();
    } catch (error) {
      this.#logger.error({ err: error }, "shutdown start callback failed");
    }
    const results: HookResult[] = [];
    for (const { name, hook, timeoutMs } of [...this.#hooks].reverse()) {
      const outcome = await runBounded(hook, timeoutMs);
      if (outcome.outcome === "failed") {
        this.#logger.error({ hook: name, err: outcome.error }, `shutdown hook ${name} failed`);
      } else if (outcome.outcome === "timed-out") {
        this.#logger.error(
          { hook: name, timeoutMs },
          `shutdown hook ${name} timed out after ${timeoutMs} ms`,
        );
      } else {
        this.#logger.debug({ hook: name }, `shutdown hook ${name} done`);
      }
      results.push({ name, outcome: outcome.outcome });
    }
    this.#logger.info({ reason, hooks: results }, "shutdown complete");
    return results;
  }
}

async function runBounded(
  hook: ShutdownHook,
  timeoutMs: number,
): Promise<{ outcome: "done" } | { outcome: "failed"; error: unknown } | { outcome: "timed-out" }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ outcome: "timed-out" }>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: "timed-out" }), timeoutMs);
  });
  const run = (async () => {
    try {
      await hook();
      return { outcome: "done" as const };
    } catch (error) {
      return { outcome: "failed" as const, error };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
