/**
 * The active controller's soft state about broker sessions (KRaft's BrokerHeartbeatManager):
 * when each broker was last heard from. It is not in the metadata log: a new active controller
 * starts every broker's session afresh (`reset`), so a failover never fences a live broker.
 * Time is passed in; nothing here reads a clock.
 */
import type { BrokerId } from "../records/metadata-record.js";

export class BrokerHeartbeats {
  private readonly lastContactMs = new Map<BrokerId, number>();

  constructor(readonly sessionTimeoutMs: number) {}

  /** Records contact from `brokerId` at `nowMs`. */
  touch(brokerId: BrokerId, nowMs: number): void {
    this.lastContactMs.set(brokerId, nowMs);
  }

  remove(brokerId: BrokerId): void {
    this.lastContactMs.delete(brokerId);
  }

  /** Forgets every session and starts tracking from `nowMs` lazily (on becoming active). */
  reset(): void {
    this.lastContactMs.clear();
  }

  /**
   * Whether the broker's session is live at `nowMs`. A broker never heard from by this
   * controller starts its session now.
   */
  isAlive(brokerId: BrokerId, nowMs: number): boolean {
    let last = this.lastContactMs.get(brokerId);
    if (last === undefined) {
      last = nowMs;
      this.lastContactMs.set(brokerId, last);
    }
    return nowMs - last <= this.sessionTimeoutMs;
  }
}
