/**
 * Snapshots of the metadata image: the list of records that recreates it when replayed on the
 * empty image (KRaft writes its snapshots the same way). The snapshot's offset is the Raft
 * snapshot index, carried by Raft next to the data, not inside it.
 *
 * Order matters for replay: brokers, then topics each followed by their partitions, then
 * configs, then the last producer-id block. Within each group the order is sorted, so the same
 * image always gives the same bytes.
 */
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "../records/codec.js";
import type { MetadataRecord } from "../records/metadata-record.js";
import { MetadataImage } from "./metadata-image.js";

const byNumber = (a: number, b: number) => a - b;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The records that recreate `image` from the empty image. */
export function imageToRecords(image: MetadataImage): MetadataRecord[] {
  const records: MetadataRecord[] = [];
  for (const brokerId of [...image.brokers.keys()].sort(byNumber)) {
    const broker = image.brokers.get(brokerId)!;
    records.push({ type: "RegisterBroker", ...broker });
  }
  for (const name of [...image.topicIdsByName.keys()].sort(byString)) {
    const topic = image.topicByName(name)!;
    records.push({ type: "Topic", name, topicId: topic.topicId });
    for (const index of [...topic.partitions.keys()].sort(byNumber)) {
      records.push({
        type: "Partition",
        topicId: topic.topicId,
        partition: index,
        ...topic.partitions.get(index)!,
      });
    }
  }
  for (const key of [...image.configs.keys()].sort(byString)) {
    const entries = image.configs.get(key)!;
    const separator = key.indexOf(":");
    const type = key.slice(0, separator) as "topic" | "broker" | "cluster";
    const name = key.slice(separator + 1);
    for (const configKey of [...entries.keys()].sort(byString)) {
      records.push({
        type: "Config",
        resource: { type, name },
        key: configKey,
        value: entries.get(configKey)!,
      });
    }
  }
  if (image.lastProducerIdsBlock !== null) records.push(image.lastProducerIdsBlock);
  return records;
}

/** Serializes `image` as snapshot data (one encoded record batch). */
export function encodeMetadataSnapshot(image: MetadataImage): Uint8Array {
  return encodeMetadataRecordBatch(imageToRecords(image));
}

/** Rebuilds the image a snapshot taken at `offset` describes. */
export function decodeMetadataSnapshot(data: Uint8Array, offset: number): MetadataImage {
  const records = decodeMetadataRecordBatch(data);
  if (offset === 0 && records.length === 0) return MetadataImage.EMPTY;
  return MetadataImage.EMPTY.apply(records, offset);
}

/**
 * A plain, key-sorted description of an image, for equality checks and tests (two images are
 * the same state exactly when their descriptions are deep-equal).
 */
export function describeImage(image: MetadataImage): { offset: number; records: MetadataRecord[] } {
  return { offset: image.offset, records: imageToRecords(image) };
}
