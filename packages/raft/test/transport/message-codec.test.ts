import { loadRillProtos, type RaftV1 } from "@rill/protocol";
import { NODE_ID_MAX, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/core/messages.js";
import { decodeMessage, encodeMessage } from "../../src/transport/message-codec.js";

const bytes = (...values: number[]) => new Uint8Array(values);
const envelope = { from: nodeId(1), to: nodeId(2), term: 7 };

const samples: Message[] = [
  { ...envelope, type: "pre-vote", lastLogIndex: 10, lastLogTerm: 6 },
  { ...envelope, type: "pre-vote-response", reject: true },
  { ...envelope, type: "vote", lastLogIndex: 10, lastLogTerm: 6, transfer: true },
  { ...envelope, type: "vote-response", reject: false },
  {
    ...envelope,
    type: "append",
    prevLogIndex: 9,
    prevLogTerm: 6,
    commit: 8,
    entries: [
      { index: 10, term: 7, type: "normal", data: bytes(1, 2, 3) },
      { index: 11, term: 7, type: "config", data: bytes(9) },
      { index: 12, term: 7, type: "noop", data: bytes() },
    ],
  },
  { ...envelope, type: "append-response", reject: true, index: 9, hintIndex: 4, hintTerm: 3 },
  { ...envelope, type: "heartbeat", commit: 12, readSeq: 5 },
  { ...envelope, type: "heartbeat-response", readSeq: 5 },
  {
    ...envelope,
    type: "snapshot",
    metadata: {
      index: 100,
      term: 6,
      config: { voters: [nodeId(1), nodeId(2), nodeId(3)], learners: [nodeId(4)] },
    },
    offset: 1024,
    data: bytes(5, 6, 7),
    done: true,
  },
  {
    ...envelope,
    type: "snapshot",
    metadata: {
      index: 100,
      term: 6,
      config: {
        voters: [nodeId(1), nodeId(2), nodeId(3)],
        learners: [nodeId(4)],
        endpoints: [
          { nodeId: nodeId(1), address: "127.0.0.1:9093" },
          { nodeId: nodeId(4), address: "ctrl-4.example:19093" },
        ],
      },
    },
    offset: 0,
    data: bytes(5),
    done: false,
  },
  { ...envelope, type: "snapshot-response", index: 100, nextOffset: 2048 },
  { ...envelope, type: "timeout-now" },
  { ...envelope, type: "read-index", context: bytes(0, 1) },
  { ...envelope, type: "read-index-response", index: 44, context: bytes(0, 1), reject: false },
];

/** Through real protobuf bytes, as grpc-js would carry it. */
function roundTrip(message: Message): Message {
  const type = loadRillProtos().root.lookupType("rill.raft.v1.RaftMessage");
  const wire = type.encode(type.fromObject(encodeMessage(message))).finish();
  const decoded = type.toObject(type.decode(wire), {
    longs: Number,
    enums: String,
    bytes: Buffer,
    defaults: true,
    oneofs: true,
  }) as RaftV1.RaftMessage__Output;
  return decodeMessage(decoded);
}

/** Plain data with byte arrays as number lists (a Buffer and a Uint8Array compare equal). */
function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return [...value];
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, normalise(field)]));
  }
  return value;
}

describe("raft message codec", () => {
  it.each(samples.map((sample) => [sample.type, sample] as const))(
    "round-trips %s through protobuf",
    (_type, sample) => {
      expect(normalise(roundTrip(sample))).toEqual(normalise(sample));
    },
  );

  it("rejects an unknown message type and a zero node id", () => {
    const wire = encodeMessage(samples[0] as Message);
    expect(() =>
      decodeMessage({ ...wire, type: "MESSAGE_TYPE_UNSPECIFIED" } as RaftV1.RaftMessage__Output),
    ).toThrow(/message type/);
    expect(() => decodeMessage({ ...roundTripWire(samples[0] as Message), from: 0 })).toThrow(/node id/);
    expect(() => decodeMessage({ ...roundTripWire(samples[0] as Message), to: NODE_ID_MAX + 1 })).toThrow(
      /raft message: to 2147483648 is not a node id/,
    );
  });
});

function roundTripWire(message: Message): RaftV1.RaftMessage__Output {
  const type = loadRillProtos().root.lookupType("rill.raft.v1.RaftMessage");
  return type.toObject(type.decode(type.encode(type.fromObject(encodeMessage(message))).finish()), {
    longs: Number,
    enums: String,
    bytes: Buffer,
    defaults: true,
  }) as RaftV1.RaftMessage__Output;
}
