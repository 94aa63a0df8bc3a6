/**
 * Which faults a seeded fault run applies, in which order: pure, so a seed names a run exactly
 * (`FAULT_SEED=1234` reruns one). Every fault is healed before the next one starts.
 */
import { SeededRandom } from "@rill/protocol/random";

export const FAULT_KINDS = [
  /** The partition leader's host loses every link. */
  "isolate-leader",
  /** The partition leader cannot reach the controllers (nor they it); it still reaches its followers. */
  "leader-cut-from-controllers",
  /** The partition leader's packets to the controllers are lost; theirs to it arrive. */
  "leader-to-controllers-one-way",
  /** SIGSTOP of the partition leader past the session timeout, then SIGCONT. */
  "pause-leader",
  /** kill -9 of the partition leader, restarted at the heal. */
  "kill-leader",
  /** kill -9 of the active controller, restarted at the heal. */
  "kill-active-controller",
  /** The active controller's host loses every link (the other two elect a new one). */
  "isolate-active-controller",
  /**
   * A majority/minority split: the active controller and the partition leader on the minority
   * side, the other two controllers and two brokers on the majority side, which elects a new
   * controller and moves the partition's leadership to its own side.
   */
  "controller-split-with-leader",
  /** The active controller's packets to the other controllers are lost; theirs to it arrive. */
  "active-controller-to-controllers-one-way",
  /**
   * The partition leader loses power: every write it did not fsync is gone (the test-only
   * power-loss layer cuts its files back, then it dies as by kill -9); restarted at the heal.
   */
  "power-loss-leader",
  /** The partition leader and a follower (a majority of the brokers) lose power at once. */
  "power-loss-majority",
  /** The partition leader's disk fails (EIO on every write and fsync): it must stop; restarted healthy. */
  "disk-failure-leader",
  /**
   * The partition leader's disk fills up (its partition logs are on a small tmpfs, filled by a
   * file): produce is refused with a retriable error, nothing written; the file is removed at the
   * heal and produce must be taken again, without a restart.
   */
  "disk-full-leader",
  /**
   * The partition leader restarts with its wall clock 5 minutes ahead, which then jumps 10 minutes
   * back; restarted with the right time at the heal. Retention must delete nothing early.
   */
  "leader-clock-skew",
  /** The active controller restarts with its wall clock 5 minutes behind, then jumping 10 minutes ahead. */
  "active-controller-clock-skew",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * `count` faults drawn from the seed, each kind at most once before any repeats; `kinds` narrows
 * the draw (a soak of a few kinds only), in the order of FAULT_KINDS.
 */
export function faultSchedule(
  seed: number,
  count: number,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): FaultKind[] {
  if (kinds.length === 0) throw new Error("faultSchedule: no fault kinds to draw from");
  const random = new SeededRandom(seed);
  const schedule: FaultKind[] = [];
  let bag: FaultKind[] = [];
  while (schedule.length < count) {
    if (bag.length === 0) bag = [...kinds];
    const index = random.nextUint32() % bag.length;
    schedule.push(bag.splice(index, 1)[0] as FaultKind);
  }
  return schedule;
}
