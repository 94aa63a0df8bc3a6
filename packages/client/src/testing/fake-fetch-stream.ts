import type { ServerDuplexStream } from "@grpc/grpc-js";
import { type BrokerV1, iterateRecordBatches } from "@rill/protocol";

/** The fake cluster's view of a partition that a fake fetch stream reads. */
export interface FakeStreamPartition {
  readonly batches: readonly Uint8Array[];
  readonly nextOffset: number;
}

/** What a fake fetch stream needs from the fake cluster. */
export interface FakeFetchStreamHost {
  partition(topic: string, partition: number): FakeStreamPartition | undefined;
  /** The per-partition error code node `nodeId` answers (0 when it leads at that epoch). */
  leadershipError(nodeId: number, topic: string, partition: number, epoch: number): number;
  leaderHint(
    topic: string,
    partition: number,
  ): Exclude<BrokerV1.FetchPartitionData["currentLeader"], undefined>;
}

/** The most record bytes one fake push carries (the real broker's message bound is larger). */
export const fakeFetchPushBytesMax = 4 * 1024 * 1024;

interface FakePosition {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  readonly epoch: number;
  readonly maxBytes: number;
  lastHighWatermark: number;
}

/**
 * The fake broker's FetchStream, with the real one's contract: assignments add, reposition or
 * remove partitions; records are pushed while credit is positive (whole batches, at least one);
 * a moved high watermark is pushed even without records; a partition with an error is reported
 * once and dropped. The fake cluster calls `pump()` after every change of its partitions.
 */
export class FakeFetchSession {
  readonly nodeId: number;
  readonly #host: FakeFetchStreamHost;
  readonly #call: ServerDuplexStream<BrokerV1.FetchStreamRequest__Output, BrokerV1.FetchStreamResponse>;
  readonly #positions = new Map<string, FakePosition>();
  #creditBytes = 0;
  /** Every credit grant received, in order (tests check the consumer's flow control). */
  readonly creditGrants: number[] = [];

  constructor(
    nodeId: number,
    host: FakeFetchStreamHost,
    call: ServerDuplexStream<BrokerV1.FetchStreamRequest__Output, BrokerV1.FetchStreamResponse>,
  ) {
    this.nodeId = nodeId;
    this.#host = host;
    this.#call = call;
  }

  onMessage(message: BrokerV1.FetchStreamRequest__Output): void {
    if (message.assignment != null) {
      for (const removed of message.assignment.removedPartitions) {
        this.#positions.delete(`${removed.topic}\u0000${removed.partition}`);
      }
      for (const topic of message.assignment.topics) {
        for (const partition of topic.partitions) {
          this.#positions.set(`${topic.topic}\u0000${partition.partition}`, {
            topic: topic.topic,
            partition: partition.partition,
            offset: Number(partition.fetchOffset),
            epoch: partition.currentLeaderEpoch,
            maxBytes: partition.partitionMaxBytes > 0 ? partition.partitionMaxBytes : fakeFetchPushBytesMax,
            lastHighWatermark: -1,
          });
        }
      }
    } else if (message.credit != null) {
      const bytes = Number(message.credit.bytes);
      this.creditGrants.push(bytes);
      this.#creditBytes += bytes;
    }
    this.pump();
  }

  /** Sends what the positions and the credit allow now. */
  pump(): void {
    for (;;) {
      const responses = this.#collect();
      if (responses.length === 0) return;
      this.#call.write({ responses, remainingCreditBytes: this.#creditBytes });
    }
  }

  #collect(): BrokerV1.FetchableTopicResponse[] {
    const byTopic = new Map<string, BrokerV1.FetchPartitionData[]>();
    let pushBytes = 0;
    for (const [key, position] of [...this.#positions]) {
      const add = (data: BrokerV1.FetchPartitionData): void => {
        const list = byTopic.get(position.topic) ?? [];
        list.push(data);
        byTopic.set(position.topic, list);
      };
      const errorCode = this.#host.leadershipError(
        this.nodeId,
        position.topic,
        position.partition,
        position.epoch,
      );
      const state = this.#host.partition(position.topic, position.partition);
      if (errorCode !== 0 || state === undefined) {
        this.#positions.delete(key);
        add({
          partitionIndex: position.partition,
          errorCode: errorCode !== 0 ? errorCode : 3,
          errorMessage: `node ${this.nodeId} cannot serve ${position.topic}-${position.partition}`,
          currentLeader: this.#host.leaderHint(position.topic, position.partition),
        });
        continue;
      }
      if (position.offset > state.nextOffset) {
        this.#positions.delete(key);
        add({ partitionIndex: position.partition, errorCode: 1, errorMessage: "offset out of range" });
        continue;
      }
      const budget = Math.min(position.maxBytes, this.#creditBytes, fakeFetchPushBytesMax - pushBytes);
      const selected: Uint8Array[] = [];
      let bytes = 0;
      let nextOffset = position.offset;
      for (const batch of state.batches) {
        if (budget <= 0) break;
        const [header] = iterateRecordBatches(batch);
        if (header === undefined || header.lastOffset < position.offset) continue;
        if (selected.length > 0 && bytes + batch.length > budget) break;
        selected.push(batch);
        bytes += batch.length;
        nextOffset = header.lastOffset + 1;
      }
      if (bytes === 0 && state.nextOffset === position.lastHighWatermark) continue;
      position.offset = nextOffset;
      position.lastHighWatermark = state.nextOffset;
      this.#creditBytes -= bytes;
      pushBytes += bytes;
      add({
        partitionIndex: position.partition,
        highWatermark: state.nextOffset,
        lastStableOffset: state.nextOffset,
        logStartOffset: 0,
        preferredReadReplica: -1,
        records: Buffer.concat(selected),
      });
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }
}
