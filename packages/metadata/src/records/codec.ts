/**
 * Encodes and decodes metadata record batches (one Raft entry each) with protobufjs, from the
 * schema in proto/rill/metadata/v1/records.proto, the single source of truth for the layout.
 *
 * 64-bit fields travel as int64 and are JS numbers in memory: encoding asserts they are safe
 * integers (anything else is a bug here), decoding rejects an unsafe value as CORRUPT_MESSAGE.
 * A record of a newer version or an unknown type is rejected as UNSUPPORTED_VERSION: replaying
 * past a record we do not understand would silently diverge from the other replicas.
 */
import { loadRillProtos, RillError } from "@rill/protocol";
import { NODE_ID_MAX, nodeId } from "@rill/protocol/ids";
import type protobuf from "protobufjs";
import { assert } from "../assert.js";
import {
  type BrokerEndpoint,
  type BrokerId,
  type ConfigResourceType,
  METADATA_RECORD_VERSION,
  type MetadataRecord,
  NO_LEADER,
} from "./metadata-record.js";

/** The largest batch this codec decodes; bigger input is refused before decoding. */
export const METADATA_BATCH_BYTES_MAX = 64 * 1024 * 1024;

let batchType: protobuf.Type | undefined;

function loadBatchType(): protobuf.Type {
  if (batchType === undefined) {
    // From the descriptor `pnpm proto:gen` writes from proto/ (no file read at run time, so the
    // codec works wherever the code is, a bundled process entry point included).
    batchType = loadRillProtos().root.lookupType("rill.metadata.v1.MetadataRecordBatch");
  }
  return batchType;
}

const RESOURCE_TYPE_TO_WIRE: Record<ConfigResourceType, string> = {
  topic: "CONFIG_RESOURCE_TYPE_TOPIC",
  broker: "CONFIG_RESOURCE_TYPE_BROKER",
  cluster: "CONFIG_RESOURCE_TYPE_CLUSTER",
};
const RESOURCE_TYPE_FROM_WIRE = new Map<string, ConfigResourceType>(
  Object.entries(RESOURCE_TYPE_TO_WIRE).map(([type, wire]) => [wire, type as ConfigResourceType]),
);

function int64(value: number, field: string): number {
  assert(Number.isSafeInteger(value), `${field} must be a safe integer, got ${value}`);
  return value;
}

function idList(ids: readonly number[] | undefined): { brokerIds: number[] } | undefined {
  return ids === undefined ? undefined : { brokerIds: [...ids] };
}

function toWire(record: MetadataRecord): Record<string, unknown> {
  const version = METADATA_RECORD_VERSION;
  switch (record.type) {
    case "RegisterBroker":
      return {
        version,
        registerBroker: {
          brokerId: record.brokerId,
          incarnationId: record.incarnationId,
          brokerEpoch: int64(record.brokerEpoch, "brokerEpoch"),
          endpoints: record.endpoints.map((endpoint) => ({ ...endpoint })),
          ...(record.rack === null ? {} : { rack: record.rack }),
          fenced: record.fenced,
          inControlledShutdown: record.inControlledShutdown,
          registeredOffset: int64(record.registeredOffset, "registeredOffset"),
        },
      };
    case "UnregisterBroker":
      return {
        version,
        unregisterBroker: {
          brokerId: record.brokerId,
          brokerEpoch: int64(record.brokerEpoch, "brokerEpoch"),
        },
      };
    case "FenceBroker":
      return {
        version,
        fenceBroker: { brokerId: record.brokerId, brokerEpoch: int64(record.brokerEpoch, "brokerEpoch") },
      };
    case "UnfenceBroker":
      return {
        version,
        unfenceBroker: { brokerId: record.brokerId, brokerEpoch: int64(record.brokerEpoch, "brokerEpoch") },
      };
    case "BrokerRegistrationChange":
      return {
        version,
        brokerRegistrationChange: {
          brokerId: record.brokerId,
          brokerEpoch: int64(record.brokerEpoch, "brokerEpoch"),
          ...(record.fenced === undefined ? {} : { fenced: record.fenced }),
          ...(record.inControlledShutdown === undefined
            ? {}
            : { inControlledShutdown: record.inControlledShutdown }),
        },
      };
    case "Topic":
      return { version, topic: { name: record.name, topicId: record.topicId } };
    case "Partition":
      return {
        version,
        partition: {
          topicId: record.topicId,
          partition: record.partition,
          replicas: [...record.replicas],
          isr: [...record.isr],
          leader: record.leader,
          leaderEpoch: record.leaderEpoch,
          partitionEpoch: record.partitionEpoch,
          addingReplicas: [...record.addingReplicas],
          removingReplicas: [...record.removingReplicas],
        },
      };
    case "PartitionChange":
      return {
        version,
        partitionChange: {
          topicId: record.topicId,
          partition: record.partition,
          ...(record.leader === undefined ? {} : { leader: record.leader }),
          isr: idList(record.isr),
          replicas: idList(record.replicas),
          addingReplicas: idList(record.addingReplicas),
          removingReplicas: idList(record.removingReplicas),
        },
      };
    case "Config":
      return {
        version,
        config: {
          resourceType: RESOURCE_TYPE_TO_WIRE[record.resource.type],
          resourceName: record.resource.name,
          key: record.key,
          ...(record.value === null ? {} : { value: record.value }),
        },
      };
    case "ProducerIdsBlock":
      return {
        version,
        producerIdsBlock: {
          brokerId: record.brokerId,
          brokerEpoch: int64(record.brokerEpoch, "brokerEpoch"),
          firstProducerId: int64(record.firstProducerId, "firstProducerId"),
          size: record.size,
        },
      };
    case "RemoveTopic":
      return { version, removeTopic: { topicId: record.topicId } };
  }
}

/** Encodes records as one batch (one Raft entry). */
export function encodeMetadataRecordBatch(records: readonly MetadataRecord[]): Uint8Array {
  const type = loadBatchType();
  const message = type.fromObject({ records: records.map(toWire) });
  return type.encode(message).finish();
}

type WireObject = Record<string, unknown>;

function corrupt(reason: string): RillError {
  return new RillError("CORRUPT_MESSAGE", `metadata record batch: ${reason}`);
}

function safeInt(value: unknown, field: string): number {
  const parsed = typeof value === "string" ? Number(value) : value;
  if (typeof parsed !== "number" || !Number.isSafeInteger(parsed)) {
    throw corrupt(`${field} is not a safe integer: ${String(value)}`);
  }
  return parsed;
}

function int(value: unknown, field: string): number {
  return value === undefined ? 0 : safeInt(value, field);
}

/** A broker id from the log, branded here where records are decoded; out of range is corruption. */
function brokerId(value: unknown, field: string): BrokerId {
  const id = int(value, field);
  if (id < 0 || id > NODE_ID_MAX) throw corrupt(`${field} is not a node id: ${id}`);
  return nodeId(id);
}

/** A partition's leader: a broker id, or NO_LEADER (-1) for an offline partition. */
function leaderId(value: unknown): BrokerId {
  return int(value, "leader") === NO_LEADER ? NO_LEADER : brokerId(value, "leader");
}

function ids(value: unknown): BrokerId[] {
  return Array.isArray(value) ? value.map((id) => brokerId(id, "broker id")) : [];
}

function optionalIds(value: unknown): BrokerId[] | undefined {
  return value === undefined || value === null ? undefined : ids((value as WireObject).brokerIds);
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function fromWire(wire: WireObject): MetadataRecord {
  const version = int(wire.version, "version");
  if (version < 1 || version > METADATA_RECORD_VERSION) {
    throw new RillError("UNSUPPORTED_VERSION", `metadata record version ${version} is not supported`);
  }
  const body = wire.body;
  const value = typeof body === "string" ? (wire[body] as WireObject | undefined) : undefined;
  if (value === undefined) {
    throw new RillError("UNSUPPORTED_VERSION", "metadata record of an unknown type");
  }
  switch (body) {
    case "registerBroker":
      return {
        type: "RegisterBroker",
        brokerId: brokerId(value.brokerId, "brokerId"),
        incarnationId: str(value.incarnationId),
        brokerEpoch: int(value.brokerEpoch, "brokerEpoch"),
        endpoints: (Array.isArray(value.endpoints) ? value.endpoints : []).map(
          (endpoint: WireObject): BrokerEndpoint => ({
            name: str(endpoint.name),
            host: str(endpoint.host),
            port: int(endpoint.port, "port"),
          }),
        ),
        rack: typeof value.rack === "string" ? value.rack : null,
        fenced: value.fenced === true,
        inControlledShutdown: value.inControlledShutdown === true,
        registeredOffset: int(value.registeredOffset, "registeredOffset"),
      };
    case "unregisterBroker":
    case "fenceBroker":
    case "unfenceBroker": {
      const type =
        body === "unregisterBroker"
          ? "UnregisterBroker"
          : body === "fenceBroker"
            ? "FenceBroker"
            : "UnfenceBroker";
      return {
        type,
        brokerId: brokerId(value.brokerId, "brokerId"),
        brokerEpoch: int(value.brokerEpoch, "brokerEpoch"),
      };
    }
    case "brokerRegistrationChange":
      return {
        type: "BrokerRegistrationChange",
        brokerId: brokerId(value.brokerId, "brokerId"),
        brokerEpoch: int(value.brokerEpoch, "brokerEpoch"),
        ...(typeof value.fenced === "boolean" ? { fenced: value.fenced } : {}),
        ...(typeof value.inControlledShutdown === "boolean"
          ? { inControlledShutdown: value.inControlledShutdown }
          : {}),
      };
    case "topic":
      return { type: "Topic", name: str(value.name), topicId: str(value.topicId) };
    case "partition":
      return {
        type: "Partition",
        topicId: str(value.topicId),
        partition: int(value.partition, "partition"),
        replicas: ids(value.replicas),
        isr: ids(value.isr),
        leader: leaderId(value.leader),
        leaderEpoch: int(value.leaderEpoch, "leaderEpoch"),
        partitionEpoch: int(value.partitionEpoch, "partitionEpoch"),
        addingReplicas: ids(value.addingReplicas),
        removingReplicas: ids(value.removingReplicas),
      };
    case "partitionChange": {
      const isr = optionalIds(value.isr);
      const replicas = optionalIds(value.replicas);
      const addingReplicas = optionalIds(value.addingReplicas);
      const removingReplicas = optionalIds(value.removingReplicas);
      return {
        type: "PartitionChange",
        topicId: str(value.topicId),
        partition: int(value.partition, "partition"),
        ...(value.leader === undefined || value.leader === null ? {} : { leader: leaderId(value.leader) }),
        ...(isr === undefined ? {} : { isr }),
        ...(replicas === undefined ? {} : { replicas }),
        ...(addingReplicas === undefined ? {} : { addingReplicas }),
        ...(removingReplicas === undefined ? {} : { removingReplicas }),
      };
    }
    case "config": {
      const resourceType = RESOURCE_TYPE_FROM_WIRE.get(str(value.resourceType));
      if (resourceType === undefined) throw corrupt(`config resource type ${String(value.resourceType)}`);
      return {
        type: "Config",
        resource: { type: resourceType, name: str(value.resourceName) },
        key: str(value.key),
        value: typeof value.value === "string" ? value.value : null,
      };
    }
    case "producerIdsBlock":
      return {
        type: "ProducerIdsBlock",
        brokerId: brokerId(value.brokerId, "brokerId"),
        brokerEpoch: int(value.brokerEpoch, "brokerEpoch"),
        firstProducerId: int(value.firstProducerId, "firstProducerId"),
        size: int(value.size, "size"),
      };
    case "removeTopic":
      return { type: "RemoveTopic", topicId: str(value.topicId) };
    default:
      throw new RillError("UNSUPPORTED_VERSION", `metadata record of an unknown type ${String(body)}`);
  }
}

/**
 * Decodes one batch. Malformed bytes → CORRUPT_MESSAGE; a newer record version or an unknown
 * record type → UNSUPPORTED_VERSION.
 */
export function decodeMetadataRecordBatch(bytes: Uint8Array): MetadataRecord[] {
  if (bytes.byteLength > METADATA_BATCH_BYTES_MAX) {
    throw new RillError("MESSAGE_TOO_LARGE", `metadata record batch of ${bytes.byteLength} bytes`);
  }
  const type = loadBatchType();
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (error) {
    throw new RillError("CORRUPT_MESSAGE", "metadata record batch does not decode", { cause: error });
  }
  const object = type.toObject(message, { longs: String, enums: String, arrays: true, oneofs: true });
  const records = object.records as WireObject[];
  return records.map(fromWire);
}
