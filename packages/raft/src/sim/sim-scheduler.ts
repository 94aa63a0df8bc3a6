/**
 * Simulated time for the whole simulated cluster: one timer queue (ticks, message deliveries,
 * fsync completions, the drivers' timeouts) ordered by due time and then by creation, and one
 * FIFO of deferred tasks (the drivers' loop wake-ups). Nothing runs on the real clock, so a seed
 * fixes the order of everything.
 *
 * Contract of `settle`: it runs deferred tasks, and the promise continuations they start, until
 * none is left. The code under simulation does no real I/O (its file system is in memory), so a
 * turn of the event loop (`setImmediate`) is enough to let every continuation run: Node drains
 * the microtask queue before it. Timers and tasks belong to an `Incarnation`; those of a crashed
 * one never run, as a dead process runs nothing.
 */
import type { SeededRandom } from "@rill/protocol/random";
import type { DriverClock } from "../driver/clock.js";

/** One life of a simulated process, from start to crash. */
export interface Incarnation {
  alive: boolean;
}

interface Timer {
  dueMs: number;
  readonly seq: number;
  readonly owner: Incarnation | undefined;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Bound on queued deferred tasks: more means a runaway loop in the code under simulation. */
const TASKS_QUEUED_MAX = 1_000_000;

export class SimScheduler {
  /** Simulated milliseconds since the start; one simulation step is one millisecond. */
  now = 0;
  readonly #heap: Timer[] = [];
  #nextSeq = 0;
  #tasks: (() => void)[] = [];

  /** Runs `callback` at `dueMs` (or at the first step after it) unless `owner` died before. */
  at(dueMs: number, callback: () => void, owner?: Incarnation): Timer {
    const timer: Timer = { dueMs, seq: this.#nextSeq++, owner, callback, cancelled: false };
    this.#push(timer);
    return timer;
  }

  /** Queues `task` for the next `settle`, unless `owner` has died by then. */
  defer(owner: Incarnation, task: () => void): void {
    if (this.#tasks.length >= TASKS_QUEUED_MAX) throw new Error("sim: too many deferred tasks");
    this.#tasks.push(() => {
      if (owner.alive) task();
    });
  }

  /** Advances time by one step and runs every timer due by then, in order. */
  step(): number {
    this.now += 1;
    let fired = 0;
    for (;;) {
      const first = this.#heap[0];
      if (first === undefined || first.dueMs > this.now) return fired;
      this.#pop();
      if (first.cancelled || (first.owner !== undefined && !first.owner.alive)) continue;
      fired += 1;
      first.callback();
    }
  }

  /** Runs deferred tasks and what they start until nothing is left to run (see the file comment). */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#tasks.length === 0) return;
      const tasks = this.#tasks;
      this.#tasks = [];
      for (const task of tasks) task();
    }
  }

  /**
   * The clock one incarnation's driver sees: the shared simulated time, its timers owned by the
   * incarnation; every interval drifts by up to `jitterMs` per period, as the ticks of separate
   * machines do.
   */
  clock(owner: Incarnation, random: SeededRandom, jitterMs: number): DriverClock {
    const cancel = (handle: unknown): void => {
      (handle as { timer: Timer }).timer.cancelled = true;
    };
    return {
      now: () => this.now,
      setTimeout: (callback, delayMs) => ({ timer: this.at(this.now + delayMs, callback, owner) }),
      clearTimeout: cancel,
      setInterval: (callback, intervalMs) => {
        const handle = { timer: undefined as unknown as Timer };
        const schedule = (): void => {
          const period = Math.max(1, intervalMs + random.int(-jitterMs, jitterMs));
          handle.timer = this.at(
            this.now + period,
            () => {
              schedule();
              callback();
            },
            owner,
          );
        };
        schedule();
        return handle;
      },
      clearInterval: cancel,
    };
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(timer, heap[parent] as Timer)) break;
      heap[at] = heap[parent] as Timer;
      at = parent;
    }
    heap[at] = timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as Timer;
    if (heap.length === 0) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Timer, heap[left] as Timer) ? right : left;
      if (!before(heap[child] as Timer, last)) break;
      heap[at] = heap[child] as Timer;
      at = child;
    }
    heap[at] = last;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}
