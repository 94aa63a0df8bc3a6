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
 * rill.broker.v1.FetchResponse (BrokerService.Fetch) and FetchStreamResponse (FetchStream), with
 * each partition's records as the stored batches (`records`, not concatenated), encoded by hand so
 * that the record bytes are copied once, into the message buffer — not by a Buffer.concat per
 * partition and again by protobufjs. The field numbers are those of fetch.proto and
 * broker_service.proto; a test decodes the output with the stock decoder.
 */
export interface FetchResponseFrame {
  readonly throttleTimeMs: number;
  readonly responses: readonly FetchableTopicFrame[];
}

export interface FetchStreamResponseFrame {
  readonly responses: readonly FetchableTopicFrame[];
  readonly remainingCreditBytes: number;
}

export interface FetchableTopicFrame {
  readonly topic: string;
  readonly partitions: readonly FetchPartitionFrame[];
}

export interface FetchPartitionFrame {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly errorMessage: string;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  readonly abortedTransactions: readonly { readonly producerId: number; readonly firstOffset: number }[];
  readonly preferredReadReplica: number;
  /** Whole RecordBatch v2 batches, in offset order. */
  readonly records: readonly Uint8Array[];
  readonly currentLeader: LeaderHint | null;
}

/** The sizes the write pass needs, computed once (nested lengths precede their messages). */
interface TopicsLayout {
  /** Bytes of the repeated FetchableTopicResponse field, headers included. */
  readonly bytes: number;
  readonly topicSizes: readonly number[];
  /** Per partition across all topics, in order. */
  readonly partitionSizes: readonly number[];
  readonly recordBytes: readonly number[];
}

function abortedTransactionSize(transaction: { producerId: number; firstOffset: number }): number {
  return integerFieldSize(1, transaction.producerId) + integerFieldSize(2, transaction.firstOffset);
}

function partitionSize(partition: FetchPartitionFrame, recordBytes: number): number {
  let size =
    integerFieldSize(1, partition.partitionIndex) +
    integerFieldSize(2, partition.errorCode) +
    stringFieldSize(3, partition.errorMessage) +
    integerFieldSize(4, partition.highWatermark) +
    integerFieldSize(5, partition.lastStableOffset) +
    integerFieldSize(6, partition.logStartOffset) +
    integerFieldSize(8, partition.preferredReadReplica) +
    (recordBytes === 0 ? 0 : lengthDelimitedFieldSize(9, recordBytes)) +
    (partition.currentLeader === null
      ? 0
      : lengthDelimitedFieldSize(10, leaderHintSize(partition.currentLeader)));
  for (const transaction of partition.abortedTransactions)
    size += lengthDelimitedFieldSize(7, abortedTransactionSize(transaction));
  return size;
}

function layoutTopics(fieldNumber: number, topics: readonly FetchableTopicFrame[]): TopicsLayout {
  const topicSizes: number[] = [];
  const partitionSizes: number[] = [];
  const recordBytes: number[] = [];
  let bytes = 0;
  for (const topic of topics) {
    let topicSize = stringFieldSize(1, topic.topic);
    for (const partition of topic.partitions) {
      let records = 0;
      for (const chunk of partition.records) records += chunk.length;
      const size = partitionSize(partition, records);
      recordBytes.push(records);
      partitionSizes.push(size);
      topicSize += lengthDelimitedFieldSize(2, size);
    }
    topicSizes.push(topicSize);
    bytes += lengthDelimitedFieldSize(fieldNumber, topicSize);
  }
  return { bytes, topicSizes, partitionSizes, recordBytes };
}

function writePartition(writer: ProtobufWriter, partition: FetchPartitionFrame, recordBytes: number): void {
  writer.integerField(1, partition.partitionIndex);
  writer.integerField(2, partition.errorCode);
  writer.stringField(3, partition.errorMessage);
  writer.integerField(4, partition.highWatermark);
  writer.integerField(5, partition.lastStableOffset);
  writer.integerField(6, partition.logStartOffset);
  for (const transaction of partition.abortedTransactions) {
    writer.messageHeader(7, abortedTransactionSize(transaction));
    writer.integerField(1, transaction.producerId);
    writer.integerField(2, transaction.firstOffset);
  }
  writer.integerField(8, partition.preferredReadReplica);
  writer.bytesField(9, partition.records, recordBytes);
  if (partition.currentLeader !== null) writeLeaderHint(writer, 10, partition.currentLeader);
}

function writeTopics(
  writer: ProtobufWriter,
  fieldNumber: number,
  topics: readonly FetchableTopicFrame[],
  layout: TopicsLayout,
): void {
  let partitionIndex = 0;
  topics.forEach((topic, topicIndex) => {
    writer.messageHeader(fieldNumber, layout.topicSizes[topicIndex] as number);
    writer.stringField(1, topic.topic);
    for (const partition of topic.partitions) {
      writer.messageHeader(2, layout.partitionSizes[partitionIndex] as number);
      writePartition(writer, partition, layout.recordBytes[partitionIndex] as number);
      partitionIndex += 1;
    }
  });
}

function finished(writer: ProtobufWriter, size: number, message: string): Buffer {
  assert(writer.position === size, `${message} encoded to ${writer.position} bytes, sized ${size}`);
  return writer.buffer;
}

/** The encoded FetchResponse (one buffer, sized exactly). */
export function encodeFetchResponse(response: FetchResponseFrame): Buffer {
  const layout = layoutTopics(2, response.responses);
  const size = integerFieldSize(1, response.throttleTimeMs) + layout.bytes;
  const writer = new ProtobufWriter(size);
  writer.integerField(1, response.throttleTimeMs);
  writeTopics(writer, 2, response.responses, layout);
  return finished(writer, size, "FetchResponse");
}

/** The encoded FetchStreamResponse (one buffer, sized exactly). */
export function encodeFetchStreamResponse(response: FetchStreamResponseFrame): Buffer {
  const layout = layoutTopics(1, response.responses);
  const size = layout.bytes + integerFieldSize(2, response.remainingCreditBytes);
  const writer = new ProtobufWriter(size);
  writeTopics(writer, 1, response.responses, layout);
  writer.integerField(2, response.remainingCreditBytes);
  return finished(writer, size, "FetchStreamResponse");
}
