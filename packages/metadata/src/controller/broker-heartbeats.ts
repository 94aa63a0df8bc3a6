/**
 * The active controller's soft state about broker sessions (KRaft's BrokerHeartbeatManager):
 * when each broker was last heard from. It is not in the metadata log: a new active controller
 * starts every broker's session afresh (`reset`), so a failover never fences a live broker
 * before it had a chance to heartbeat to the new controller. Time is passed in; nothing here
 * reads a clock.
 */
import type { BrokerId } from "../records/metadata-record.js";

export class BrokerHeartbeats {
  readonly #lastContactMs = new Map<BrokerId, number>();
  /** The metadata offset each broker last said it had applied (for describing the cluster). */
  readonly #metadataOffsets = new Map<BrokerId, number>();
  /** Where the session of a broker not heard from since `reset` starts; undefined before any reset. */
  #sessionsStartMs: number | undefined;

  constructor(readonly sessionTimeoutMs: number) {}

  /**
   * Records contact from `brokerId` at `atMs` (with the metadata offset it has applied, if said);
   * a contact older than the last one known (a forwarded heartbeat that waited) keeps the last.
   */
  touch(brokerId: BrokerId, atMs: number, metadataOffset?: number): void {
    const last = this.#lastContactMs.get(brokerId);
    this.#lastContactMs.set(brokerId, last === undefined ? atMs : Math.max(last, atMs));
    if (metadataOffset !== undefined) this.#metadataOffsets.set(brokerId, metadataOffset);
  }

  remove(brokerId: BrokerId): void {
    this.#lastContactMs.delete(brokerId);
    this.#metadataOffsets.delete(brokerId);
  }

  /**
   * Forgets every session (on becoming active): a broker not heard from since has its session
   * start at `sessionsStartMs` (the election; see MetadataController.becomeActive).
   */
  reset(sessionsStartMs: number): void {
    this.#lastContactMs.clear();
    this.#metadataOffsets.clear();
    this.#sessionsStartMs = sessionsStartMs;
  }

  /** The metadata offset the broker last reported to this controller; undefined if none yet. */
  metadataOffset(brokerId: BrokerId): number | undefined {
    return this.#metadataOffsets.get(brokerId);
  }

  /**
   * Whether the broker's session is live at `nowMs`. A broker never heard from by this
   * controller starts its session where `reset` said, or now when it was never reset.
   */
  isAlive(brokerId: BrokerId, nowMs: number): boolean {
    let last = this.#lastContactMs.get(brokerId);
    if (last === undefined) {
      last = Math.min(this.#sessionsStartMs ?? nowMs, nowMs);
      this.#lastContactMs.set(brokerId, last);
    }
    return nowMs - last <= this.sessionTimeoutMs;
  }
}
