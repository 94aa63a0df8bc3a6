import type * as grpc from "@grpc/grpc-js";
import {
  bindRillServer,
  createRillServer,
  type RaftV1,
  serviceDefinitionByName,
  shutdownRillServer,
} from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { GrpcRaftTransport, RAFT_SERVICE_NAME } from "../../src/transport/grpc-transport.js";
import type { WireCodec } from "../../src/transport/wire-codec.js";

/** A stand-in for the core's message: enough fields to check routing, order and payloads. */
interface TestMessage {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
  readonly payload: Uint8Array;
}

const testCodec: WireCodec<TestMessage> = {
  encode: (m) => ({
    type: "MESSAGE_TYPE_SNAPSHOT",
    from: m.from,
    to: m.to,
    term: m.term,
    snapshotData: Buffer.from(m.payload.buffer, m.payload.byteOffset, m.payload.byteLength),
  }),
  decode: (w) => ({
    from: nodeId(w.from),
    to: nodeId(w.to),
    term: w.term,
    payload: new Uint8Array(w.snapshotData),
  }),
  to: (m) => m.to,
  from: (m) => m.from,
  approximateBytes: (m) => 64 + m.payload.length,
};

interface Member {
  readonly id: NodeId;
  server: grpc.Server;
  port: number;
  transport: GrpcRaftTransport<TestMessage> | undefined;
  readonly received: TestMessage[];
}

const members: Member[] = [];

async function startServer(member: Member, port = 0): Promise<void> {
  const server = createRillServer();
  server.addService(serviceDefinitionByName(RAFT_SERVICE_NAME), {
    Stream: (
      call: grpc.ServerReadableStream<RaftV1.StreamRequest__Output, RaftV1.StreamResponse>,
      callback: grpc.sendUnaryData<RaftV1.StreamResponse>,
    ) => (member.transport as GrpcRaftTransport<TestMessage>).streamHandler(call, callback),
  });
  member.server = server;
  member.port = await bindRillServer(server, `127.0.0.1:${port}`);
}

async function startCluster(count: number, limits = {}): Promise<Member[]> {
  const started: Member[] = [];
  for (let id = 1; id <= count; id++) {
    const member = { id: nodeId(id), received: [] } as unknown as Member;
    await startServer(member);
    started.push(member);
    members.push(member);
  }
  for (const member of started) {
    member.transport = new GrpcRaftTransport<TestMessage>({
      selfId: member.id,
      peers: started.map((peer) => ({ nodeId: peer.id, address: `127.0.0.1:${peer.port}` })),
      codec: testCodec,
      limits: {
        reconnectBackoffMinMs: 10,
        reconnectBackoffMaxMs: 50,
        snapshotChunkBytes: 64 * 1024,
        ...limits,
      },
    });
    member.transport.setReceiver((message) => member.received.push(message));
  }
  return started;
}

afterEach(async () => {
  for (const member of members.splice(0)) {
    await member.transport?.close();
    await shutdownRillServer(member.server, 100);
  }
});

function message(from: NodeId, to: NodeId, term: number, bytes = 8): TestMessage {
  return { from, to, term, payload: new Uint8Array(bytes).fill(term % 256) };
}

describe("GrpcRaftTransport", () => {
  it("delivers batches in order to the right peers over one stream each", async () => {
    const [a, b, c] = (await startCluster(3)) as [Member, Member, Member];
    const batch: TestMessage[] = [];
    for (let term = 1; term <= 500; term++)
      batch.push(message(nodeId(1), term % 2 === 0 ? nodeId(2) : nodeId(3), term));
    a.transport?.send(batch);
    await waitFor(() => b.received.length === 250 && c.received.length === 250, {
      timeoutMs: 10_000,
      message: "all messages",
    });
    expect(b.received.map((m) => m.term)).toEqual(batch.filter((m) => m.to === 2).map((m) => m.term));
    expect(c.received.every((m) => m.from === 1 && m.to === 3)).toBe(true);
    const stats = a.transport?.stats();
    expect(stats?.messagesSent).toBe(500);
    expect(stats?.streamsOpened).toBe(2);
  });

  it("sends a large snapshot in chunks and reassembles it", async () => {
    const [a, b] = (await startCluster(2)) as [Member, Member];
    const big = {
      from: nodeId(1),
      to: nodeId(2),
      term: 7,
      payload: new Uint8Array(1_000_003).map((_, i) => i % 251),
    };
    a.transport?.send([message(nodeId(1), nodeId(2), 1), big, message(nodeId(1), nodeId(2), 2)]);
    await waitFor(() => b.received.length === 3, {
      timeoutMs: 10_000,
      message: "messages around the snapshot",
    });
    expect(b.received.map((m) => m.term)).toEqual([1, 7, 2]);
    expect(Buffer.from(b.received[1]?.payload ?? []).equals(Buffer.from(big.payload))).toBe(true);
  });

  it("drops what does not fit the bounded queue and keeps working", async () => {
    const [a, b] = (await startCluster(2, { queueMessagesMax: 10 })) as [Member, Member];
    a.transport?.send(Array.from({ length: 25 }, (_, i) => message(nodeId(1), nodeId(2), i + 1)));
    await waitFor(() => b.received.length === 10, { timeoutMs: 10_000, message: "the messages that fit" });
    expect(a.transport?.stats().messagesDropped).toBe(15);
    a.transport?.send([message(nodeId(1), nodeId(2), 100)]);
    await waitFor(() => b.received.length === 11, { timeoutMs: 10_000, message: "a later message" });
  });

  it("reconnects with backoff after the peer restarts", async () => {
    const [a, b] = (await startCluster(2)) as [Member, Member];
    a.transport?.send([message(nodeId(1), nodeId(2), 1)]);
    await waitFor(() => b.received.length === 1, { timeoutMs: 10_000, message: "the first message" });
    const port = b.port;
    await shutdownRillServer(b.server, 50);
    // While b is down, sends fail and are lost; the sender keeps trying with backoff.
    a.transport?.send([message(nodeId(1), nodeId(2), 2)]);
    await startServer(b, port);
    await waitFor(
      () => {
        a.transport?.send([message(nodeId(1), nodeId(2), 3)]);
        return b.received.some((m) => m.term === 3);
      },
      { timeoutMs: 10_000, message: "a message after the restart" },
    );
    expect((a.transport?.stats().streamsOpened ?? 0) > 1).toBe(true);
  });
});
