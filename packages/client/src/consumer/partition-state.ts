import type { ConsumerRecord } from "./consumer-types.js";

/** Records of one partition from one push, delivered in order; `next` is the first undelivered. */
export interface FetchedChunk {
  readonly records: readonly ConsumerRecord[];
  /** The record bytes the push carried for these records: what the chunk holds of the prefetch bound. */
  readonly bytes: number;
  /** The partition's high watermark when the push was made. */
  readonly highWatermark: number;
  next: number;
}

/**
 * What the consumer knows of one assigned partition. Two positions: `position` is the next
 * offset to hand to the application (what a commit would store), `fetchPosition` the next
 * offset expected from the broker (after everything buffered). `generation` changes on every
 * seek or unassign, so work started under an older one (a handler's batch, a push in flight)
 * knows it is stale.
 */
export class PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  position: number;
  fetchPosition: number;
  paused = false;
  /** Bumped by seek, reset and unassign. */
  generation = 0;
  /** True while a delivery worker has this partition (one at a time keeps the order). */
  claimed = false;
  /**
   * True after (re)positioning a broker's read until the first push from the new position:
   * pushes still in flight from the old position are dropped meanwhile (see staleFromOffset).
   */
  resyncing = true;
  /**
   * Where pushes still in flight from before the last seek start (the old fetch position); a
   * push that starts past the sought position AND at or past this is one of them. Infinity when
   * no push can be stale (a fresh route).
   */
  staleFromOffset = Number.POSITIVE_INFINITY;
  /** The high watermark last seen (-1 before the first push). */
  highWatermark = -1;
  readonly chunks: FetchedChunk[] = [];

  constructor(topic: string, partition: number, offset: number) {
    this.topic = topic;
    this.partition = partition;
    this.key = partitionKey(topic, partition);
    this.position = offset;
    this.fetchPosition = offset;
  }

  /** Moves both positions to `offset`; the caller drops the buffered chunks first. */
  reposition(offset: number): void {
    this.generation += 1;
    this.staleFromOffset = this.fetchPosition;
    this.position = offset;
    this.fetchPosition = offset;
    this.resyncing = true;
  }

  /** Whether a worker may deliver from this partition now. */
  deliverable(): boolean {
    return !this.paused && !this.claimed && this.chunks.length > 0;
  }
}

/** The map key of a topic-partition. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
