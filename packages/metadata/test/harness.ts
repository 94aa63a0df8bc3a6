/**
 * Test support: drives the pure MetadataController against an image, replaying every result's
 * records (after an encode/decode round trip, as the log would) and checking the invariants
 * after every step.
 */
import { expect } from "vitest";
import type { ControllerResult } from "../src/controller/controller-result.js";
import { MetadataController, type MetadataControllerOptions } from "../src/controller/metadata-controller.js";
import { MetadataInvariantChecker } from "../src/image/invariants.js";
import { MetadataImage } from "../src/image/metadata-image.js";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "../src/records/codec.js";
import type { BrokerId } from "../src/records/metadata-record.js";

export class Harness {
  image = MetadataImage.EMPTY;
  nowMs = 1_000_000;
  readonly controller: MetadataController;
  readonly checker = new MetadataInvariantChecker();
  readonly epochs = new Map<BrokerId, number>();

  constructor(options: MetadataControllerOptions = {}) {
    this.controller = new MetadataController({ seed: 42, ...options });
  }

  /** Replays the result's records as one committed batch and returns the response. */
  commit<R>(result: ControllerResult<R>): R {
    if (result.records.length > 0) {
      const decoded = decodeMetadataRecordBatch(encodeMetadataRecordBatch(result.records));
      expect(decoded).toEqual(result.records);
      this.image = this.image.apply(decoded, this.image.offset + 1);
    }
    expect(this.checker.check(this.image)).toEqual([]);
    return result.response;
  }

  register(brokerId: BrokerId, rack: string | null = null, incarnationId = `inc-${brokerId}`): number {
    const { brokerEpoch } = this.commit(
      this.controller.registerBroker(
        this.image,
        {
          brokerId,
          incarnationId,
          endpoints: [{ name: "PLAINTEXT", host: "127.0.0.1", port: 9000 + brokerId }],
          rack,
        },
        this.nowMs,
      ),
    );
    this.epochs.set(brokerId, brokerEpoch);
    return brokerEpoch;
  }

  heartbeat(
    brokerId: BrokerId,
    options: { wantShutDown?: boolean; offset?: number; receivedAgoMs?: number } = {},
  ) {
    return this.commit(
      this.controller.brokerHeartbeat(
        this.image,
        {
          brokerId,
          brokerEpoch: this.epochs.get(brokerId)!,
          currentMetadataOffset: options.offset ?? this.image.offset,
          wantShutDown: options.wantShutDown ?? false,
          ...(options.receivedAgoMs === undefined ? {} : { receivedAgoMs: options.receivedAgoMs }),
        },
        this.nowMs,
      ),
    );
  }

  /** Registers and unfences brokers. */
  addBrokers(ids: readonly BrokerId[], racks?: readonly (string | null)[]): void {
    ids.forEach((id, i) => {
      this.register(id, racks?.[i] ?? null);
    });
    for (const id of ids) this.heartbeat(id);
  }

  createTopic(
    name: string,
    numPartitions: number,
    replicationFactor: number,
    configs?: Record<string, string>,
  ) {
    return this.commit(
      this.controller.createTopic(this.image, {
        name,
        numPartitions,
        replicationFactor,
        ...(configs === undefined ? {} : { configs }),
      }),
    );
  }

  partition(name: string, index: number) {
    const topic = this.image.topicByName(name);
    const partition = topic?.partitions.get(index);
    if (topic === undefined || partition === undefined) throw new Error(`no partition ${name}-${index}`);
    return { topicId: topic.topicId, ...partition };
  }

  /** Every broker heartbeats now except `except`. */
  heartbeatAll(except: readonly BrokerId[] = []): void {
    for (const id of this.image.brokers.keys()) if (!except.includes(id)) this.heartbeat(id);
  }
}

/** Runs `action` and returns the RillError name it throws (fails the test if it does not). */
export function errorNameOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as { errorName?: string }).errorName ?? String(error);
  }
  throw new Error("expected an error");
}
