/**
 * One member's outbound traffic to one peer: a bounded FIFO of wire messages and one long-lived
 * `RaftService.Stream` call that carries them in batches. Messages queued in the same turn of the
 * event loop go out together. A full queue drops the new message (Raft retries); a broken stream
 * is reopened after an exponential backoff with jitter, and what was written to it is lost.
 *
 * Snapshot messages whose data is larger than `snapshotChunkBytes` travel as a header message
 * (`snapshot_chunked`) followed by `SnapshotChunk` requests on the same stream.
 */
import type * as grpc from "@grpc/grpc-js";
import type { RaftV1 } from "@rill/protocol";
import type { NodeId } from "../core/types.js";

export interface PeerSenderLimits {
  /** Messages (and snapshot chunks) queued for the peer before new ones are dropped. */
  readonly queueMessagesMax: number;
  /** Bytes queued for the peer before new messages are dropped. */
  readonly queueBytesMax: number;
  /** The most messages in one StreamRequest. */
  readonly batchMessagesMax: number;
  /** The most bytes (approximate) in one StreamRequest. */
  readonly batchBytesMax: number;
  /** Snapshot data larger than this travels in chunks of this size. */
  readonly snapshotChunkBytes: number;
  readonly reconnectBackoffMinMs: number;
  readonly reconnectBackoffMaxMs: number;
}

export const DEFAULT_PEER_SENDER_LIMITS: PeerSenderLimits = {
  queueMessagesMax: 8192,
  queueBytesMax: 64 * 1024 * 1024,
  batchMessagesMax: 1024,
  batchBytesMax: 1024 * 1024,
  snapshotChunkBytes: 1024 * 1024,
  reconnectBackoffMinMs: 50,
  reconnectBackoffMaxMs: 1_000,
};

type QueuedUnit =
  | { readonly kind: "message"; readonly message: RaftV1.RaftMessage; readonly bytes: number }
  | { readonly kind: "chunk"; readonly chunk: RaftV1.SnapshotChunk; readonly bytes: number };

export interface PeerSenderDependencies {
  readonly selfId: NodeId;
  readonly peerId: NodeId;
  /** Opens a Stream call; `onEnd` runs once when it ends, with the error if it failed. */
  readonly openStream: (
    onEnd: (error: grpc.ServiceError | null) => void,
  ) => grpc.ClientWritableStream<RaftV1.StreamRequest>;
  readonly limits: PeerSenderLimits;
  /** In [0, 1), for backoff jitter (injected so tests can fix it). */
  readonly random: () => number;
  readonly counters: { messagesSent: number; messagesDropped: number; streamsOpened: number };
  /** Told when a stream to the peer fails (the core may want ReportUnreachable). */
  readonly onStreamFailed?: (peerId: NodeId) => void;
}

export class PeerSender {
  readonly #queue: QueuedUnit[] = [];
  #queuedBytes = 0;
  #stream: grpc.ClientWritableStream<RaftV1.StreamRequest> | undefined;
  #waitingForDrain = false;
  #flushScheduled = false;
  #backoffMs = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #closed = false;

  readonly #deps: PeerSenderDependencies;
  constructor(deps: PeerSenderDependencies) {
    this.#deps = deps;
  }

  /** Queues one wire message with its approximate size; false when it was dropped. */
  enqueue(message: RaftV1.RaftMessage, bytes: number): boolean {
    if (this.#closed) return false;
    const data = message.snapshotData as Uint8Array | undefined;
    const chunkBytes = this.#deps.limits.snapshotChunkBytes;
    if (data !== undefined && data.length > chunkBytes) {
      const chunkCount = Math.ceil(data.length / chunkBytes);
      if (!this.#hasRoom(chunkCount + 1, data.length)) return this.#drop();
      this.#push({
        kind: "message",
        message: { ...message, snapshotData: Buffer.alloc(0), snapshotChunked: true },
        bytes: 256,
      });
      for (let offset = 0; offset < data.length; offset += chunkBytes) {
        const piece = data.subarray(offset, Math.min(data.length, offset + chunkBytes));
        this.#push({
          kind: "chunk",
          chunk: { offset, data: piece, totalBytes: data.length },
          bytes: piece.length,
        });
      }
    } else {
      if (!this.#hasRoom(1, bytes)) return this.#drop();
      this.#push({ kind: "message", message, bytes });
    }
    this.#scheduleFlush();
    return true;
  }

  #hasRoom(units: number, bytes: number): boolean {
    const { queueMessagesMax, queueBytesMax } = this.#deps.limits;
    return this.#queue.length + units <= queueMessagesMax && this.#queuedBytes + bytes <= queueBytesMax;
  }

  #drop(): false {
    this.#deps.counters.messagesDropped += 1;
    return false;
  }

  #push(unit: QueuedUnit): void {
    this.#queue.push(unit);
    this.#queuedBytes += unit.bytes;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#closed || this.#waitingForDrain || this.#queue.length === 0) return;
    if (this.#stream === undefined) {
      if (this.#reconnectTimer === undefined) this.#open();
      if (this.#stream === undefined) return;
    }
    const stream = this.#stream;
    while (this.#queue.length > 0) {
      const request = this.#nextRequest();
      if (!stream.write(request)) {
        this.#waitingForDrain = true;
        stream.once("drain", () => {
          this.#waitingForDrain = false;
          this.#flush();
        });
        return;
      }
    }
  }

  /** Takes the next StreamRequest off the queue: a batch of messages, or one chunk. */
  #nextRequest(): RaftV1.StreamRequest {
    const { selfId, peerId, limits } = this.#deps;
    const first = this.#queue[0] as QueuedUnit;
    if (first.kind === "chunk") {
      this.#take();
      return { fromNodeId: selfId, toNodeId: peerId, snapshotChunk: first.chunk };
    }
    const messages: RaftV1.RaftMessage[] = [];
    let bytes = 0;
    while (this.#queue.length > 0 && messages.length < limits.batchMessagesMax) {
      const next = this.#queue[0] as QueuedUnit;
      if (next.kind !== "message") break;
      if (messages.length > 0 && bytes + next.bytes > limits.batchBytesMax) break;
      this.#take();
      messages.push(next.message);
      bytes += next.bytes;
      // A chunked snapshot's header goes last in its batch so its chunks follow it directly.
      if (next.message.snapshotChunked === true) break;
    }
    this.#deps.counters.messagesSent += messages.length;
    return { fromNodeId: selfId, toNodeId: peerId, messages };
  }

  #take(): void {
    const unit = this.#queue.shift() as QueuedUnit;
    this.#queuedBytes -= unit.bytes;
  }

  #open(): void {
    this.#deps.counters.streamsOpened += 1;
    const stream = this.#deps.openStream((error) => {
      if (this.#stream !== stream) return;
      this.#stream = undefined;
      this.#waitingForDrain = false;
      if (this.#closed) return;
      if (error !== null) this.#deps.onStreamFailed?.(this.#deps.peerId);
      this.#scheduleReconnect();
    });
    // Errors arrive through onEnd (the call's callback); this keeps them from being unhandled.
    stream.on("error", () => {});
    this.#stream = stream;
  }

  #scheduleReconnect(): void {
    const { reconnectBackoffMinMs, reconnectBackoffMaxMs } = this.#deps.limits;
    this.#backoffMs = Math.min(reconnectBackoffMaxMs, Math.max(reconnectBackoffMinMs, this.#backoffMs * 2));
    const delayMs = this.#backoffMs / 2 + (this.#deps.random() * this.#backoffMs) / 2;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#flush();
    }, delayMs);
    this.#reconnectTimer.unref();
  }

  /** Marks the stream healthy (a message came back from the peer): the next failure backs off from the minimum. */
  resetBackoff(): void {
    this.#backoffMs = 0;
  }

  close(): void {
    this.#closed = true;
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.cancel();
  }
}
