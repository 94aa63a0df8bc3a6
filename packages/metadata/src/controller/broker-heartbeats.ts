/**
 * The active controller's soft state about broker sessions (KRaft's BrokerHeartbeatManager):
 * when each broker was last heard from. It is not in the metadata log: a new active controller
 * starts every broker's session afresh (`reset`), so a failover never fences a live broker.
 * Time is passed in; nothing here reads a clock.
 */
import type { BrokerId } from "../records/metadata-record.js";

export class BrokerHeartbeats {
  private readonly lastContactMs = new Map<BrokerId, number>();
  /** The metadata offset each broker last said it had applied (for describing the cluster). */
  private readonly metadataOffsets = new Map<BrokerId, number>();

  constructor(readonly sessionTimeoutMs: number) {}

  /** Records contact from `brokerId` at `nowMs` (with the metadata offset it has applied, if said). */
  touch(brokerId: BrokerId, nowMs: number, metadataOffset?: number): void {
    this.lastContactMs.set(brokerId, nowMs);
    if (metadataOffset !== undefined) this.metadataOffsets.set(brokerId, metadataOffset);
  }

  remove(brokerId: BrokerId): void {
    this.lastContactMs.delete(brokerId);
    this.metadataOffsets.delete(brokerId);
  }

  /** Forgets every session and starts tracking from `nowMs` lazily (on becoming active). */
  reset(): void {
    this.lastContactMs.clear();
    this.metadataOffsets.clear();
  }

  /** The metadata offset the broker last reported to this controller; undefined if none yet. */
  metadataOffset(brokerId: BrokerId): number | undefined {
    return this.metadataOffsets.get(brokerId);
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
