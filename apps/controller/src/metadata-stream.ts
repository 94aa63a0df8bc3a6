/**
 * FetchMetadata: the server stream every controller (leader or follower) serves so that brokers
 * (and tools) follow the committed metadata log.
 *
 * Contract (proto/rill/controller/v1/controller_service.proto):
 * - `fetch_offset` -1 (or an offset the log no longer holds) starts with a snapshot: the
 *   committed image encoded by `encodeMetadataSnapshot` (what `decodeMetadataSnapshot` reads),
 *   sent as chunks of at most `max_bytes`, the last one flagged; then deltas from the entry after
 *   the snapshot. Any other offset starts with deltas at that offset (resuming a stream).
 * - Deltas are committed Raft entries in offset order without gaps, each an encoded
 *   MetadataRecordBatch (`decodeMetadataRecordBatch`); entries that carry no metadata (a new
 *   leader's noop, a membership change) travel as empty batches so that offsets stay contiguous.
 * - A subscriber that falls behind the log start (the log was compacted into a snapshot while it
 *   lagged) gets a snapshot again.
 * - Bounded memory: one response message (≤ `max_bytes` of entries, or one entry if larger) is
 *   built at a time, and the next only once grpc-js takes more (write() returned true, or after
 *   'drain'): a slow reader holds the stream back instead of growing a buffer.
 * - The stream lives until the client cancels it or the controller stops (SERVER_NOT_READY,
 *   retriable: reconnect to any controller with the next offset).
 * - A controller that is no member of the quorum (removed, or started to join and not added yet)
 *   refuses the stream and ends the ones it serves (SERVER_NOT_READY, saying so): its log no
 *   longer follows the leader, and a broker following it would act on a picture that never moves
 *   while its keep-alives say the stream is alive.
 */
import type { ServerWritableStream } from "@grpc/grpc-js";
import type { ControllerV1 } from "@rill/protocol";
import { RillError } from "@rill/protocol";

/** One committed entry as the stream reads it from the log. */
export interface StreamLogEntry {
  readonly index: number;
  readonly term: number;
  /** Raft's entry kind: only "normal" and "noop" entries carry a metadata batch. */
  readonly type: "normal" | "noop" | "config";
  readonly data: Uint8Array;
}

/** What the stream reads: this controller's committed log and image. */
export interface MetadataStreamSource {
  /** The committed offset (Raft commit index) this controller knows, sent as high_watermark. */
  highWatermark(): number;
  /** The last entry applied locally: entries up to it may be streamed. */
  appliedIndex(): number;
  /** The first entry still in the log (earlier ones are in the snapshot). */
  firstIndex(): number;
  /** Entries [low, high), at most `bytesMax` of data but at least one; low >= firstIndex(). */
  entries(low: number, high: number, bytesMax: number): readonly StreamLogEntry[];
  /** The committed image as an encoded snapshot, its offset and that entry's term. */
  snapshot(): { readonly index: number; readonly term: number; readonly data: Uint8Array };
  /** Resolves at the next commit/leader change/snapshot load, or after `timeoutMs`. */
  waitForChange(timeoutMs: number): Promise<void>;
  /** Why this controller may not serve the stream (it is no member of the quorum), else undefined. */
  notServingReason(): string | undefined;
}

export const METADATA_STREAM_DEFAULTS = {
  /** Entry bytes (or snapshot bytes) per response message when the client gives no max_bytes. */
  messageBytes: 1024 * 1024,
  /** The most a client may ask for per message (well under the 16 MiB gRPC message limit). */
  messageBytesMax: 8 * 1024 * 1024,
  /** The least per message (a smaller max_bytes is raised to it). */
  messageBytesMin: 1024,
  /** How long the stream waits for news before it re-checks its position. */
  idleRecheckMs: 500,
  /**
   * An idle stream sends a message with only the high watermark this often, so that a broker can
   * tell a quiet controller from a stalled one (paused, cut off) long before TCP keepalive does.
   */
  keepAliveIntervalMs: 1_000,
} as const;

/** Observation points for tests and metrics. */
export interface MetadataStreamHooks {
  /** grpc-js buffered enough: the stream waits for 'drain' before building the next message. */
  onBackpressure?(): void;
  /** A snapshot is sent (first, or again after falling behind the log start). */
  onSnapshot?(index: number): void;
}

type FetchMetadataCall = ServerWritableStream<
  ControllerV1.FetchMetadataRequest__Output,
  ControllerV1.FetchMetadataResponse
>;

/** Serves one FetchMetadata call until the client goes away or `stopSignal` fires. */
export async function serveMetadataStream(
  call: FetchMetadataCall,
  source: MetadataStreamSource,
  stopSignal: AbortSignal,
  hooks: MetadataStreamHooks = {},
): Promise<void> {
  const request = call.request;
  const fetchOffset = request.fetchOffset;
  if (!Number.isSafeInteger(fetchOffset) || fetchOffset < -1) {
    throw new RillError("INVALID_REQUEST", `fetch_offset must be -1 or an offset, got ${fetchOffset}`);
  }
  if (request.maxBytes < 0) {
    throw new RillError(
      "INVALID_REQUEST",
      `max_bytes must be 0 (default) or positive, got ${request.maxBytes}`,
    );
  }
  const messageBytes =
    request.maxBytes === 0
      ? METADATA_STREAM_DEFAULTS.messageBytes
      : Math.min(
          Math.max(request.maxBytes, METADATA_STREAM_DEFAULTS.messageBytesMin),
          METADATA_STREAM_DEFAULTS.messageBytesMax,
        );
  let gone = false;
  const onGone = (): void => {
    gone = true;
  };
  call.once("cancelled", onGone);
  call.once("close", onGone);
  let lastSentMs = Date.now();
  const send = async (message: ControllerV1.FetchMetadataResponse): Promise<void> => {
    lastSentMs = Date.now();
    if (call.write(message)) return;
    hooks.onBackpressure?.();
    await waitForDrain(call, stopSignal);
  };

  // Offsets start at 1; 0 asks for everything, as does an offset before the log start.
  let next = fetchOffset <= 0 ? 1 : fetchOffset;
  let needSnapshot = fetchOffset === -1;
  try {
    while (!gone && !call.cancelled) {
      if (stopSignal.aborted) {
        throw new RillError(
          "SERVER_NOT_READY",
          "The controller is shutting down; reconnect with the next offset",
        );
      }
      const notServing = source.notServingReason();
      if (notServing !== undefined) throw new RillError("SERVER_NOT_READY", notServing);
      if (!needSnapshot && next < source.firstIndex()) needSnapshot = true;
      if (needSnapshot) {
        const snapshot = source.snapshot();
        if (snapshot.index + 1 < source.firstIndex()) {
          // The log was just replaced by a snapshot the image has not loaded yet.
          await source.waitForChange(METADATA_STREAM_DEFAULTS.idleRecheckMs);
          continue;
        }
        hooks.onSnapshot?.(snapshot.index);
        await sendSnapshot(snapshot, messageBytes, source, send);
        next = snapshot.index + 1;
        needSnapshot = false;
        continue;
      }
      const applied = source.appliedIndex();
      if (next > applied) {
        if (Date.now() - lastSentMs >= METADATA_STREAM_DEFAULTS.keepAliveIntervalMs) {
          await send({ highWatermark: source.highWatermark() });
          continue;
        }
        await source.waitForChange(METADATA_STREAM_DEFAULTS.idleRecheckMs);
        continue;
      }
      const entries = source.entries(next, applied + 1, messageBytes);
      const last = entries.at(-1);
      if (last === undefined || entries[0]?.index !== next) {
        throw new Error(`metadata stream: the log gave no entry at ${next} (applied ${applied})`);
      }
      await send({
        deltas: {
          records: entries.map((entry) => ({
            offset: entry.index,
            epoch: entry.term,
            record: entry.type === "config" ? new Uint8Array() : entry.data,
          })),
        },
        highWatermark: source.highWatermark(),
      });
      next = last.index + 1;
    }
  } catch (error) {
    // The client left while we waited: nothing to report to anyone.
    if (gone || call.cancelled) return;
    throw error;
  } finally {
    call.off("cancelled", onGone);
    call.off("close", onGone);
  }
}

async function sendSnapshot(
  snapshot: { readonly index: number; readonly term: number; readonly data: Uint8Array },
  messageBytes: number,
  source: MetadataStreamSource,
  send: (message: ControllerV1.FetchMetadataResponse) => Promise<void>,
): Promise<void> {
  const data = snapshot.data;
  let position = 0;
  do {
    const end = Math.min(position + messageBytes, data.byteLength);
    await send({
      snapshotChunk: {
        snapshotEndOffset: snapshot.index,
        snapshotEpoch: snapshot.term,
        position,
        data: data.subarray(position, end),
        lastChunk: end === data.byteLength,
      },
      highWatermark: source.highWatermark(),
    });
    position = end;
  } while (position < data.byteLength);
}

/** Resolves on 'drain'; rejects when the call ends or the controller stops first. */
function waitForDrain(call: FetchMetadataCall, stopSignal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      call.off("drain", onDrain);
      call.off("cancelled", onGone);
      call.off("close", onGone);
      stopSignal.removeEventListener("abort", onStop);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onGone = (): void => {
      cleanup();
      reject(new RillError("NETWORK_EXCEPTION", "The metadata stream ended while waiting to send"));
    };
    const onStop = (): void => {
      cleanup();
      reject(new RillError("SERVER_NOT_READY", "The controller is shutting down"));
    };
    call.once("drain", onDrain);
    call.once("cancelled", onGone);
    call.once("close", onGone);
    stopSignal.addEventListener("abort", onStop, { once: true });
  });
}
