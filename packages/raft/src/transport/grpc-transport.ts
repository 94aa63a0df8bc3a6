/**
 * The gRPC transport on rill.raft.v1.RaftService: one PeerSender (a long-lived client stream) per
 * peer for outbound traffic, and the `Stream` handler that receives every peer's stream.
 *
 * The transport does not own the gRPC server: the process adds `streamHandler` to its
 * RaftService implementation (next to Propose/GetStatus), so one port serves everything.
 */
import type * as grpc from "@grpc/grpc-js";
import { createClientByName, type RaftV1, RillError, toGrpcStatus } from "@rill/protocol";
import type { NodeId } from "../core/types.js";
import { DEFAULT_PEER_SENDER_LIMITS, PeerSender, type PeerSenderLimits } from "./peer-sender.js";
import type { PeerAddress, RaftTransport, TransportStats } from "./transport.js";
import type { WireCodec } from "./wire-codec.js";

export const RAFT_SERVICE_NAME = "rill.raft.v1.RaftService";

/** The largest snapshot a receiver reassembles from chunks; a larger one ends the stream. */
export const SNAPSHOT_REASSEMBLY_BYTES_MAX = 1024 * 1024 * 1024;

export interface GrpcTransportOptions<M> {
  readonly selfId: NodeId;
  readonly peers: readonly PeerAddress[];
  readonly codec: WireCodec<M>;
  readonly limits?: Partial<PeerSenderLimits>;
  /** In [0, 1), for reconnect jitter; default Math.random (the transport is not simulated). */
  readonly random?: () => number;
  /** Told when a stream to a peer fails. */
  readonly onPeerUnreachable?: (peerId: NodeId) => void;
}

/** A chunked snapshot being reassembled; `data` is allocated when the first chunk gives the size. */
interface PendingSnapshot {
  readonly header: RaftV1.RaftMessage__Output;
  data: Buffer | undefined;
  received: number;
}

export class GrpcRaftTransport<M> implements RaftTransport<M> {
  readonly #peers = new Map<NodeId, { address: string; client: grpc.Client; sender: PeerSender }>();
  #receiver: ((message: M) => void) | undefined;
  readonly #serverCalls = new Set<
    grpc.ServerReadableStream<RaftV1.StreamRequest__Output, RaftV1.StreamResponse>
  >();
  readonly #counters = { messagesSent: 0, messagesReceived: 0, messagesDropped: 0, streamsOpened: 0 };
  readonly #limits: PeerSenderLimits;
  #closed = false;

  readonly #options: GrpcTransportOptions<M>;
  constructor(options: GrpcTransportOptions<M>) {
    this.#options = options;
    this.#limits = { ...DEFAULT_PEER_SENDER_LIMITS, ...options.limits };
    this.updatePeers(options.peers);
  }

  /**
   * Adds peers and re-points those whose address changed (the membership changed); an unchanged
   * peer keeps its stream. A peer left out is kept: a member removed from the configuration may
   * be the leader that appended its own removal and still needs the acks to commit it (Raft
   * thesis §4.2.2), and sending to a peer that is gone costs a reconnect with backoff, nothing more.
   */
  updatePeers(peers: readonly PeerAddress[]): void {
    if (this.#closed) return;
    for (const peer of peers) {
      if (peer.nodeId === this.#options.selfId) continue;
      const existing = this.#peers.get(peer.nodeId);
      if (existing?.address === peer.address) continue;
      if (existing !== undefined) {
        existing.sender.close();
        existing.client.close();
      }
      this.#addPeer(peer);
    }
  }

  #addPeer(peer: PeerAddress): void {
    const options = this.#options;
    const client = createClientByName(RAFT_SERVICE_NAME, peer.address) as unknown as RaftV1.RaftServiceClient;
    const sender = new PeerSender({
      selfId: options.selfId,
      peerId: peer.nodeId,
      openStream: (onEnd) => client.Stream((error) => onEnd(error)),
      limits: this.#limits,
      random: options.random ?? Math.random,
      counters: this.#counters,
      ...(options.onPeerUnreachable === undefined ? {} : { onStreamFailed: options.onPeerUnreachable }),
    });
    this.#peers.set(peer.nodeId, { address: peer.address, client, sender });
  }

  stats(): TransportStats {
    return { ...this.#counters };
  }

  setReceiver(receiver: (message: M) => void): void {
    this.#receiver = receiver;
  }

  send(messages: readonly M[]): void {
    const { codec } = this.#options;
    for (const message of messages) {
      const sender = this.#peers.get(codec.to(message))?.sender;
      if (sender === undefined) {
        this.#counters.messagesDropped += 1;
        continue;
      }
      sender.enqueue(codec.encode(message), codec.approximateBytes(message));
    }
  }

  /** The RaftService.Stream implementation: receives one peer's stream. */
  readonly streamHandler: grpc.handleClientStreamingCall<
    RaftV1.StreamRequest__Output,
    RaftV1.StreamResponse
  > = (call, callback) => {
    if (this.#closed) {
      callback(toGrpcStatus(new RillError("SERVER_NOT_READY", "raft transport closed")));
      return;
    }
    this.#serverCalls.add(call);
    let received = 0;
    let pending: PendingSnapshot | undefined;
    let finished = false;
    const finish = (error?: RillError): void => {
      if (finished) return;
      finished = true;
      this.#serverCalls.delete(call);
      call.removeAllListeners("data");
      if (error === undefined) callback(null, { messagesReceived: received });
      else callback(toGrpcStatus(error));
    };
    call.on("data", (request: RaftV1.StreamRequest__Output) => {
      try {
        if (request.toNodeId !== this.#options.selfId) {
          throw new RillError(
            "INVALID_REQUEST",
            `stream for node ${request.toNodeId} reached node ${this.#options.selfId}`,
          );
        }
        if (request.snapshotChunk !== null) {
          const message = this.#acceptChunk(pending, request.snapshotChunk);
          if (message === "incomplete") return;
          pending = undefined;
          if (message !== undefined) this.#deliver(message, request.fromNodeId);
          received += 1;
          return;
        }
        for (const wire of request.messages) {
          if (wire.snapshotChunked) {
            pending = startSnapshot(wire);
            continue;
          }
          this.#deliver(wire, request.fromNodeId);
          received += 1;
        }
      } catch (error) {
        finish(
          error instanceof RillError
            ? error
            : new RillError("INVALID_REQUEST", String(error), { cause: error }),
        );
        call.destroy();
      }
    });
    call.once("end", () => finish());
    call.once("cancelled", () => finish());
    call.once("error", () => finish());
  };

  /** Adds a chunk to the pending snapshot; the whole message when complete, undefined when the chunk is stale. */
  #acceptChunk(
    pending: PendingSnapshot | undefined,
    chunk: RaftV1.SnapshotChunk__Output,
  ): RaftV1.RaftMessage__Output | "incomplete" | undefined {
    // A chunk without its header or out of order (lost with a broken stream, or dropped from a
    // full queue) ends the reassembly; Raft sends the snapshot again.
    if (pending === undefined || chunk.offset !== pending.received) return undefined;
    if (pending.data === undefined) {
      if (chunk.totalBytes > SNAPSHOT_REASSEMBLY_BYTES_MAX) {
        throw new RillError("MESSAGE_TOO_LARGE", `snapshot of ${chunk.totalBytes} bytes`);
      }
      pending.data = Buffer.allocUnsafe(chunk.totalBytes);
    }
    const data = pending.data;
    if (chunk.totalBytes !== data.length) return undefined;
    if (chunk.data.length === 0 || pending.received + chunk.data.length > data.length) {
      throw new RillError("INVALID_REQUEST", "snapshot chunk past the snapshot's size");
    }
    chunk.data.copy(data, pending.received);
    pending.received += chunk.data.length;
    if (pending.received < data.length) return "incomplete";
    return { ...pending.header, snapshotData: data, snapshotChunked: false };
  }

  #deliver(wire: RaftV1.RaftMessage__Output, fromNodeId: number): void {
    if (wire.from !== fromNodeId || wire.to !== this.#options.selfId) {
      throw new RillError(
        "INVALID_REQUEST",
        `message ${wire.from}→${wire.to} on stream ${fromNodeId}→${this.#options.selfId}`,
      );
    }
    const message = this.#options.codec.decode(wire);
    this.#counters.messagesReceived += 1;
    this.#peers.get(this.#options.codec.from(message))?.sender.resetBackoff();
    this.#receiver?.(message);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.#peers.values()) {
      peer.sender.close();
      peer.client.close();
    }
    this.#peers.clear();
    for (const call of this.#serverCalls) call.destroy();
    this.#serverCalls.clear();
  }
}

function startSnapshot(header: RaftV1.RaftMessage__Output): PendingSnapshot {
  return { header, data: undefined, received: 0 };
}
