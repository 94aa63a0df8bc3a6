/**
 * The core's `Message` ⇄ rill.raft.v1.RaftMessage. Field use per type is documented in
 * raft_service.proto. Decoding checks what the core relies on (ids, a known type, safe integers
 * are guaranteed by the loader's `longs: Number`) and throws INVALID_REQUEST otherwise.
 */
import { type RaftV1, RillError } from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import type { Message } from "../core/messages.js";
import type { Entry, EntryType, MembershipConfig, NodeId } from "../core/types.js";
import type { RaftNodeStatus } from "../driver/raft-node.js";
import type { WireCodec } from "./wire-codec.js";

const MESSAGE_TYPES = {
  "pre-vote": "MESSAGE_TYPE_PRE_VOTE",
  "pre-vote-response": "MESSAGE_TYPE_PRE_VOTE_RESPONSE",
  vote: "MESSAGE_TYPE_VOTE",
  "vote-response": "MESSAGE_TYPE_VOTE_RESPONSE",
  append: "MESSAGE_TYPE_APPEND",
  "append-response": "MESSAGE_TYPE_APPEND_RESPONSE",
  heartbeat: "MESSAGE_TYPE_HEARTBEAT",
  "heartbeat-response": "MESSAGE_TYPE_HEARTBEAT_RESPONSE",
  snapshot: "MESSAGE_TYPE_SNAPSHOT",
  "snapshot-response": "MESSAGE_TYPE_SNAPSHOT_RESPONSE",
  "timeout-now": "MESSAGE_TYPE_TIMEOUT_NOW",
  "read-index": "MESSAGE_TYPE_READ_INDEX",
  "read-index-response": "MESSAGE_TYPE_READ_INDEX_RESPONSE",
} as const satisfies Record<Message["type"], RaftV1.MessageType__Output>;

const ENTRY_TYPES = {
  normal: "ENTRY_TYPE_NORMAL",
  config: "ENTRY_TYPE_CONFIG",
  noop: "ENTRY_TYPE_NOOP",
} as const satisfies Record<EntryType, RaftV1.EntryType__Output>;

const MESSAGE_TYPES_BY_WIRE = new Map<string, Message["type"]>(
  Object.entries(MESSAGE_TYPES).map(([core, wire]) => [wire, core as Message["type"]]),
);
const ENTRY_TYPES_BY_WIRE = new Map<string, EntryType>(
  Object.entries(ENTRY_TYPES).map(([core, wire]) => [wire, core as EntryType]),
);

/** Bytes of fixed fields per message and per entry, for queue and batch accounting. */
const MESSAGE_OVERHEAD_BYTES = 64;
const ENTRY_OVERHEAD_BYTES = 24;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function encodeEntry(entry: Entry): RaftV1.Entry {
  return { index: entry.index, term: entry.term, type: ENTRY_TYPES[entry.type], data: asBuffer(entry.data) };
}

function decodeEntry(wire: RaftV1.Entry__Output): Entry {
  const type = ENTRY_TYPES_BY_WIRE.get(wire.type);
  if (type === undefined) throw invalid(`entry type ${wire.type}`);
  return { index: wire.index, term: wire.term, type, data: wire.data };
}

function invalid(what: string): RillError {
  return new RillError("INVALID_REQUEST", `raft message: bad ${what}`);
}

/**
 * A member's node id from the wire, branded here, once: INVALID_REQUEST naming the field unless
 * 1 <= id <= NODE_ID_MAX (0 is Raft's "no node", never a sender, a target or a member).
 */
function decodeMemberId(field: string, value: number): NodeId {
  return decodeNodeId(`raft message: ${field}`, value, 1);
}

export function encodeMessage(message: Message): RaftV1.RaftMessage {
  const base = { type: MESSAGE_TYPES[message.type], from: message.from, to: message.to, term: message.term };
  switch (message.type) {
    case "pre-vote":
      return { ...base, index: message.lastLogIndex, logTerm: message.lastLogTerm };
    case "vote":
      return {
        ...base,
        index: message.lastLogIndex,
        logTerm: message.lastLogTerm,
        transfer: message.transfer,
      };
    case "pre-vote-response":
    case "vote-response":
      return { ...base, reject: message.reject };
    case "append":
      return {
        ...base,
        index: message.prevLogIndex,
        logTerm: message.prevLogTerm,
        entries: message.entries.map(encodeEntry),
        commit: message.commit,
      };
    case "append-response":
      return {
        ...base,
        reject: message.reject,
        index: message.index,
        rejectHint: message.hintIndex,
        rejectHintTerm: message.hintTerm,
      };
    case "heartbeat":
      return { ...base, commit: message.commit, readSeq: message.readSeq };
    case "heartbeat-response":
      return { ...base, readSeq: message.readSeq };
    case "snapshot":
      return {
        ...base,
        snapshotMetadata: {
          index: message.metadata.index,
          term: message.metadata.term,
          membership: membershipToWire(message.metadata.config),
        },
        snapshotOffset: message.offset,
        snapshotData: asBuffer(message.data),
        snapshotDone: message.done,
      };
    case "snapshot-response":
      return { ...base, index: message.index, snapshotOffset: message.nextOffset };
    case "timeout-now":
      return base;
    case "read-index":
      return { ...base, context: asBuffer(message.context) };
    case "read-index-response":
      return { ...base, index: message.index, context: asBuffer(message.context), reject: message.reject };
  }
}

export function decodeMessage(wire: RaftV1.RaftMessage__Output): Message {
  const type = MESSAGE_TYPES_BY_WIRE.get(wire.type);
  if (type === undefined) throw invalid(`message type ${wire.type}`);
  const base = {
    from: decodeMemberId("from", wire.from),
    to: decodeMemberId("to", wire.to),
    term: wire.term,
  };
  switch (type) {
    case "pre-vote":
      return { ...base, type, lastLogIndex: wire.index, lastLogTerm: wire.logTerm };
    case "vote":
      return { ...base, type, lastLogIndex: wire.index, lastLogTerm: wire.logTerm, transfer: wire.transfer };
    case "pre-vote-response":
    case "vote-response":
      return { ...base, type, reject: wire.reject };
    case "append":
      return {
        ...base,
        type,
        prevLogIndex: wire.index,
        prevLogTerm: wire.logTerm,
        entries: wire.entries.map(decodeEntry),
        commit: wire.commit,
      };
    case "append-response":
      return {
        ...base,
        type,
        reject: wire.reject,
        index: wire.index,
        hintIndex: wire.rejectHint,
        hintTerm: wire.rejectHintTerm,
      };
    case "heartbeat":
      return { ...base, type, commit: wire.commit, readSeq: wire.readSeq };
    case "heartbeat-response":
      return { ...base, type, readSeq: wire.readSeq };
    case "snapshot": {
      const metadata = wire.snapshotMetadata;
      if (metadata === null || metadata.membership === null) throw invalid("snapshot metadata");
      return {
        ...base,
        type,
        metadata: {
          index: metadata.index,
          term: metadata.term,
          config: membershipFromWire(metadata.membership),
        },
        offset: wire.snapshotOffset,
        data: wire.snapshotData,
        done: wire.snapshotDone,
      };
    }
    case "snapshot-response":
      return { ...base, type, index: wire.index, nextOffset: wire.snapshotOffset };
    case "timeout-now":
      return { ...base, type };
    case "read-index":
      return { ...base, type, context: wire.context };
    case "read-index-response":
      return { ...base, type, index: wire.index, context: wire.context, reject: wire.reject };
  }
}

function approximateBytes(message: Message): number {
  switch (message.type) {
    case "append": {
      let bytes = MESSAGE_OVERHEAD_BYTES;
      for (const entry of message.entries) bytes += ENTRY_OVERHEAD_BYTES + entry.data.length;
      return bytes;
    }
    case "snapshot":
      return MESSAGE_OVERHEAD_BYTES * 2 + message.data.length;
    case "read-index":
    case "read-index-response":
      return MESSAGE_OVERHEAD_BYTES + message.context.length;
    default:
      return MESSAGE_OVERHEAD_BYTES;
  }
}

export const raftMessageCodec: WireCodec<Message> = {
  encode: encodeMessage,
  decode: decodeMessage,
  to: (message) => message.to,
  from: (message) => message.from,
  approximateBytes,
};

/** A wire membership as the core's (endpoints left out when there are none). */
export function membershipFromWire(wire: RaftV1.Membership__Output): MembershipConfig {
  const config = {
    voters: wire.voters.map((voter) => decodeMemberId("voter", voter)),
    learners: wire.learners.map((learner) => decodeMemberId("learner", learner)),
  };
  if (wire.endpoints.length === 0) return config;
  return {
    ...config,
    endpoints: wire.endpoints.map((endpoint) => ({
      nodeId: decodeMemberId("endpoint", endpoint.nodeId),
      address: endpoint.address,
    })),
  };
}

export function membershipToWire(config: MembershipConfig): RaftV1.Membership {
  return {
    voters: [...config.voters],
    learners: [...config.learners],
    endpoints: [...(config.endpoints ?? [])],
  };
}

/** RaftService.GetStatus's answer: a member's status and the membership its log was formatted with. */
export function statusToWire(status: RaftNodeStatus, bootstrap: MembershipConfig): RaftV1.GetStatusResponse {
  return {
    ...status,
    membership: membershipToWire(status.membership),
    bootstrapMembership: membershipToWire(bootstrap),
  };
}
