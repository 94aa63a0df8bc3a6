import { RECORD_BATCH_HEADER_BYTES, readRecordBatchHeader } from "@rill/protocol";
import type { RillMetrics } from "@rill/runtime";

/** Who moved the bytes: clients (produce, consumer fetch) or followers (replication). */
export type TrafficPath = "client" | "replication";

/**
 * Bytes and records in and out of this broker per topic (Kafka's BytesInPerSec, MessagesInPerSec,
 * BytesOutPerSec, ReplicationBytesIn/OutPerSec):
 * - `rill_topic_bytes_in_total` / `rill_topic_records_in_total`: appended by produce
 *   (`path="client"`, the leader) and by follower fetches (`path="replication"`, a follower);
 * - `rill_topic_bytes_out_total` / `rill_topic_records_out_total`: answered to consumer fetches
 *   (`path="client"`) and to followers (`path="replication"`, the leader).
 * Labels: `topic` and `path` only (no partition): at most 2 series per hosted topic and family.
 * A deleted topic's series are dropped (`forgetTopic`).
 */
export class TopicTrafficMetrics {
  readonly #bytesIn;
  readonly #recordsIn;
  readonly #bytesOut;
  readonly #recordsOut;

  constructor(metrics: RillMetrics) {
    const labelNames = ["topic", "path"] as const;
    this.#bytesIn = metrics.counter({
      name: "topic_bytes_in_total",
      help: "record batch bytes appended, by topic and path (client produce or replication)",
      labelNames,
    });
    this.#recordsIn = metrics.counter({
      name: "topic_records_in_total",
      help: "records appended, by topic and path (client produce or replication)",
      labelNames,
    });
    this.#bytesOut = metrics.counter({
      name: "topic_bytes_out_total",
      help: "record batch bytes sent, by topic and path (consumer fetch or replication)",
      labelNames,
    });
    this.#recordsOut = metrics.counter({
      name: "topic_records_out_total",
      help: "records sent, by topic and path (consumer fetch or replication)",
      labelNames,
    });
  }

  /** Record batches appended to a log of `topic`. */
  recordIn(topic: string, path: TrafficPath, batches: Uint8Array): void {
    if (batches.length === 0) return;
    this.#bytesIn.inc({ topic, path }, batches.length);
    this.#recordsIn.inc({ topic, path }, recordCountOf(batches));
  }

  /** Record batches answered from a log of `topic`. */
  recordOut(topic: string, path: TrafficPath, batches: Uint8Array): void {
    if (batches.length === 0) return;
    this.#bytesOut.inc({ topic, path }, batches.length);
    this.#recordsOut.inc({ topic, path }, recordCountOf(batches));
  }

  forgetTopic(topic: string): void {
    for (const counter of [this.#bytesIn, this.#recordsIn, this.#bytesOut, this.#recordsOut]) {
      for (const path of ["client", "replication"] as const) counter.remove({ topic, path });
    }
  }

  close(metrics: RillMetrics): void {
    for (const name of ["bytes_in", "records_in", "bytes_out", "records_out"]) {
      metrics.registry.removeSingleMetric(`rill_topic_${name}_total`);
    }
  }
}

/**
 * The records in whole record batches read from a log or validated at the edge, from their
 * headers (no CRC pass: the bytes were checked on the way in). Stops at a trailing fragment.
 */
export function recordCountOf(batches: Uint8Array): number {
  let records = 0;
  let position = 0;
  while (position + RECORD_BATCH_HEADER_BYTES <= batches.length) {
    const header = readRecordBatchHeader(batches, position);
    records += header.recordCount;
    position += header.sizeInBytes;
  }
  return records;
}
