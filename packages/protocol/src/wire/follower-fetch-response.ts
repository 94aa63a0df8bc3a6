import { assert } from "../assert/index.js";
import type { LeaderHint } from "../generated/rill/common/v1/LeaderHint.js";
import { leaderHintSize, writeLeaderHint } from "./leader-hint.js";
import {
  integerFieldSize,
  lengthDelimitedFieldSize,
  ProtobufWriter,
  stringFieldSize,
} from "./protobuf-writer.js";

/**
 * rill.replication.v1.FollowerFetchResponse with the records of each partition as the stored
 * batches (`records`, not concatenated), encoded by hand so that the record bytes are copied once,
 * into the message buffer — not by a Buffer.concat per round and again by protobufjs. The field
 * numbers are those of replication_service.proto; a test decodes the output with the stock
 * decoder.
 */
export interface FollowerFetchResponseFrame {
  readonly fetchId: number;
  readonly topics: readonly {
    readonly topicId: string;
    readonly topic: string;
    readonly partitions: readonly FollowerFetchPartitionFrame[];
  }[];
}

export interface FollowerFetchPartitionFrame {
  readonly partition: number;
  readonly errorCode: number;
  readonly errorMessage: string;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly divergingEpoch: { readonly epoch: number; readonly endOffset: number } | null;
  /** Whole RecordBatch v2 batches, in offset order. */
  readonly records: readonly Uint8Array[];
  readonly currentLeader: LeaderHint | null;
  readonly logEndOffset: number;
}

function recordBytesOf(partition: FollowerFetchPartitionFrame): number {
  let total = 0;
  for (const chunk of partition.records) total += chunk.length;
  return total;
}

function divergingEpochSize(epoch: { epoch: number; endOffset: number }): number {
  return integerFieldSize(1, epoch.epoch) + integerFieldSize(2, epoch.endOffset);
}

function partitionSize(partition: FollowerFetchPartitionFrame, recordBytes: number): number {
  return (
    integerFieldSize(1, partition.partition) +
    integerFieldSize(2, partition.errorCode) +
    stringFieldSize(3, partition.errorMessage) +
    integerFieldSize(4, partition.highWatermark) +
    integerFieldSize(5, partition.logStartOffset) +
    (partition.divergingEpoch === null
      ? 0
      : lengthDelimitedFieldSize(6, divergingEpochSize(partition.divergingEpoch))) +
    (recordBytes === 0 ? 0 : lengthDelimitedFieldSize(7, recordBytes)) +
    (partition.currentLeader === null
      ? 0
      : lengthDelimitedFieldSize(8, leaderHintSize(partition.currentLeader))) +
    integerFieldSize(9, partition.logEndOffset)
  );
}

/** The encoded message (one buffer, sized exactly). */
export function encodeFollowerFetchResponse(response: FollowerFetchResponseFrame): Buffer {
  // Sizes first (nested lengths precede their messages), then one pass of writes.
  const recordBytes: number[] = [];
  const partitionSizes: number[] = [];
  const topicSizes: number[] = [];
  let size = integerFieldSize(1, response.fetchId);
  for (const topic of response.topics) {
    let topicSize = stringFieldSize(1, topic.topicId) + stringFieldSize(2, topic.topic);
    for (const partition of topic.partitions) {
      const bytes = recordBytesOf(partition);
      const partitionBytes = partitionSize(partition, bytes);
      recordBytes.push(bytes);
      partitionSizes.push(partitionBytes);
      topicSize += lengthDelimitedFieldSize(3, partitionBytes);
    }
    topicSizes.push(topicSize);
    size += lengthDelimitedFieldSize(2, topicSize);
  }
  const writer = new ProtobufWriter(size);
  writer.integerField(1, response.fetchId);
  let partitionIndex = 0;
  response.topics.forEach((topic, topicIndex) => {
    writer.messageHeader(2, topicSizes[topicIndex] as number);
    writer.stringField(1, topic.topicId);
    writer.stringField(2, topic.topic);
    for (const partition of topic.partitions) {
      writer.messageHeader(3, partitionSizes[partitionIndex] as number);
      writer.integerField(1, partition.partition);
      writer.integerField(2, partition.errorCode);
      writer.stringField(3, partition.errorMessage);
      writer.integerField(4, partition.highWatermark);
      writer.integerField(5, partition.logStartOffset);
      if (partition.divergingEpoch !== null) {
        writer.messageHeader(6, divergingEpochSize(partition.divergingEpoch));
        writer.integerField(1, partition.divergingEpoch.epoch);
        writer.integerField(2, partition.divergingEpoch.endOffset);
      }
      writer.bytesField(7, partition.records, recordBytes[partitionIndex] as number);
      if (partition.currentLeader !== null) writeLeaderHint(writer, 8, partition.currentLeader);
      writer.integerField(9, partition.logEndOffset);
      partitionIndex += 1;
    }
  });
  assert(
    writer.position === size,
    `FollowerFetchResponse encoded to ${writer.position} bytes, sized ${size}`,
  );
  return writer.buffer;
}
