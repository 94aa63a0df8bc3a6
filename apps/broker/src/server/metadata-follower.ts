/**
 * Follows the metadata log through ControllerService.FetchMetadata, from any controller (the
 * stream is served by followers too): a snapshot (in chunks) when the broker has nothing or fell
 * behind the log start, then committed deltas, each entry applied as one MetadataDelta to the
 * immutable MetadataImage. After every applied entry (and after a snapshot load) `onApply` gets
 * the new image, in log order, exactly once per offset.
 *
 * On a broken stream it reconnects (rotating through the controllers, with backoff) and resumes
 * at the offset after the last applied entry; entries it has already applied are skipped. A
 * snapshot that arrives later replaces the image (a reload: `onApply(image, undefined)`).
 * A stream that sends something inconsistent (a chunk out of position, an entry that does not
 * decode or does not replay) is dropped and the image is rebuilt from a snapshot.
 */
import type { ClientReadableStream } from "@grpc/grpc-js";
import {
  decodeMetadataRecordBatch,
  decodeMetadataSnapshot,
  METADATA_BATCH_BYTES_MAX,
  MetadataDelta,
  MetadataImage,
} from "@rill/metadata";
import { type ControllerV1, fromGrpcError, isRillError, RillError } from "@rill/protocol";
import { crash, type Logger } from "@rill/runtime";
import type { ControllerQuorumClient } from "./controller-quorum-client.js";

/** What one apply was: a snapshot load (no delta) or one log entry. */
export interface MetadataApplyInfo {
  readonly kind: "snapshot" | "delta";
  /** The controller's committed offset when the message was sent. */
  readonly highWatermark: number;
}

export interface MetadataFollowerOptions {
  readonly nodeId: number;
  /** The broker epoch sent with each FetchMetadata (-1 before registration). */
  readonly brokerEpoch: () => number;
  readonly quorum: ControllerQuorumClient;
  readonly logger: Logger;
  /** Called after every applied entry or snapshot, in order. A throw is a bug: see onFatalError. */
  readonly onApply: (image: MetadataImage, delta: MetadataDelta | undefined, info: MetadataApplyInfo) => void;
  /** The most bytes per response message the broker asks for; 0 = the server's default. */
  readonly maxBytes?: number;
  /** Reconnect backoff; defaults 50 ms and 1 s. */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /**
   * A stream silent for this long is dropped and followed from another controller: controllers
   * send a keep-alive every second when idle, so silence means a paused or cut-off controller.
   * Default METADATA_STREAM_STALL_MS.
   */
  readonly stallTimeoutMs?: number;
  /** `onApply` threw: the broker's state is suspect. Default: `crash` (one fatal line, exit 1). */
  readonly onFatalError?: (error: unknown) => void;
}

/** A pending snapshot is refused beyond this size (the codec's own batch limit). */
export const METADATA_SNAPSHOT_BYTES_MAX = METADATA_BATCH_BYTES_MAX;

/** The default silence after which a metadata stream counts as stalled (4 keep-alive periods). */
export const METADATA_STREAM_STALL_MS = 4_000;
/**
 * Silence beyond one keep-alive period (1 s) plus a margin: a stream that quiet while the
 * controllers say the log moved on is stuck (see reconnectIfSilent).
 */
export const METADATA_STREAM_QUIET_MS = 1_500;
/**
 * How long reconnectIfSilent keeps looking at a stream that still delivers, in quiet periods: a
 * stream that talks that long is alive (its news is on the way) and is left alone.
 */
const SILENCE_WATCH_PERIODS = 4;
/** Waiters on an offset (a handful of start-up and test waits). */
const OFFSET_WAITERS_MAX = 64;

interface PendingSnapshot {
  readonly endOffset: number;
  readonly chunks: Buffer[];
  bytes: number;
}

export class MetadataFollower {
  readonly #options: MetadataFollowerOptions;
  #current: MetadataImage = MetadataImage.EMPTY;
  /** False until the first snapshot or entry: then fetch from offset + 1 instead of -1. */
  #loaded = false;
  #highWatermark = -1;
  #pending: PendingSnapshot | undefined;
  /**
   * After a reset: the state being rebuilt from scratch, kept out of sight until it has reached
   * the image already published (so onApply never sees the state go back in time).
   */
  #shadow: MetadataImage | undefined;
  #stream: ClientReadableStream<ControllerV1.FetchMetadataResponse__Output> | undefined;
  #address: string | undefined;
  #closed = false;
  /** When the current stream last delivered anything (ms); -1 when none is open. */
  #lastMessageAtMs = -1;
  /** Set by reconnectIfSilent: the next stream opens without the reconnect backoff. */
  #reconnectAtOnce = false;
  /** A pending second look of reconnectIfSilent at a stream not yet silent long enough. */
  #silenceCheck: NodeJS.Timeout | undefined;
  /** Until when reconnectIfSilent keeps looking at a stream that talked since the word came. */
  #silenceWatchUntilMs = 0;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #waiters: { offset: number; resolve: () => void }[] = [];
  /** Counters for metrics and tests. */
  readonly stats = { connects: 0, snapshotsLoaded: 0, entriesApplied: 0, resets: 0 };

  constructor(options: MetadataFollowerOptions) {
    this.#options = options;
  }

  /** The image as of the last applied entry. */
  get image(): MetadataImage {
    return this.#current;
  }

  /** The offset of the last applied entry; -1 before anything was loaded. */
  get appliedOffset(): number {
    return this.#loaded ? this.#current.offset : -1;
  }

  /** True once the image has reached the controller's committed offset seen on the stream. */
  get caughtUp(): boolean {
    return this.#loaded && this.#highWatermark >= 0 && this.#current.offset >= this.#highWatermark;
  }

  /** The controller the stream currently reads from. */
  get connectedTo(): string | undefined {
    return this.#address;
  }

  /** Starts following (idempotent). */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Resolves once an entry at or after `offset` is applied, or rejects after `timeoutMs`. */
  whenApplied(offset: number, timeoutMs: number): Promise<void> {
    if (this.#loaded && this.#current.offset >= offset) return Promise.resolve();
    if (this.#waiters.length >= OFFSET_WAITERS_MAX) throw new Error("too many metadata offset waiters");
    return new Promise((resolve, reject) => {
      const waiter = {
        offset,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(
          new RillError("REQUEST_TIMED_OUT", `metadata offset ${offset} not applied in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Drops the current stream (a test or an operator forcing a reconnect); the follower resumes. */
  reconnect(): void {
    this.#stream?.cancel();
  }

  /**
   * Follows from another controller now when the current stream has been silent for longer than
   * `quietMs`: the caller has word that the log moved on (an AlterPartition refused as stale, the
   * controller reporting this broker fenced while the image does not), and a stream that silent
   * is stuck behind a link that was cut (TCP may take seconds to retransmit or connect after the
   * heal), so waiting for its stall timeout would keep the broker acting on an old picture. A
   * stream silent for less is looked at again once it would have been quiet that long (one check
   * at a time), for up to SILENCE_WATCH_PERIODS quiet periods; one that keeps delivering that long
   * is left alone: the news is then on its way. Between
   * streams, the reconnect backoff is cut short. Returns whether it reconnected now.
   */
  reconnectIfSilent(quietMs = METADATA_STREAM_QUIET_MS): boolean {
    if (this.#closed) return false;
    if (this.#stream === undefined) {
      this.#reconnectAtOnce = true;
      this.#wake?.();
      return false;
    }
    // Each word (re)opens the watch: a keep-alive already on the wire when the link was cut must
    // not end it.
    this.#silenceWatchUntilMs = Math.max(
      this.#silenceWatchUntilMs,
      Date.now() + SILENCE_WATCH_PERIODS * quietMs,
    );
    return this.#lookAtSilence(quietMs);
  }

  /** Reconnects if the stream has been quiet past `quietMs`, else looks again (within the watch). */
  #lookAtSilence(quietMs: number): boolean {
    if (this.#closed || this.#stream === undefined) return false;
    const silentMs = Date.now() - this.#lastMessageAtMs;
    if (silentMs <= quietMs) {
      this.#silenceCheck ??= setTimeout(
        () => {
          this.#silenceCheck = undefined;
          if (Date.now() < this.#silenceWatchUntilMs) this.#lookAtSilence(quietMs);
        },
        quietMs - silentMs + 1,
      );
      this.#silenceCheck.unref();
      return false;
    }
    this.#silenceWatchUntilMs = 0;
    this.#options.logger.info(
      { controller: this.#address, silentMs },
      "metadata is behind the controllers and the stream is silent; following another controller",
    );
    this.#reconnectAtOnce = true;
    this.#stream.cancel();
    return true;
  }

  /** Stops following. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#silenceCheck);
    this.#stream?.cancel();
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const backoffInitialMs = this.#options.backoffInitialMs ?? 50;
    const backoffMaxMs = this.#options.backoffMaxMs ?? 1_000;
    let backoffMs = backoffInitialMs;
    let address = this.#options.quorum.activeAddress ?? this.#options.quorum.nextBootstrapAddress();
    while (!this.#closed) {
      const outcome = await this.#follow(address);
      if (this.#closed) return;
      if (outcome.progressed) backoffMs = backoffInitialMs;
      if (outcome.error !== undefined) {
        this.#options.logger.debug(
          { controller: address, err: outcome.error },
          "metadata stream ended; reconnecting",
        );
        // Any controller serves the stream: move on to the next one.
        address = this.#options.quorum.nextBootstrapAddress();
        if (this.#reconnectAtOnce) {
          // The log is known to have moved on: no backoff (that grew while the link was cut).
          this.#reconnectAtOnce = false;
          backoffMs = backoffInitialMs;
          continue;
        }
        await this.#sleep(backoffMs * (0.5 + Math.random()));
        if (this.#reconnectAtOnce) {
          // Woken by word that the log moved on: the next attempt starts from a short backoff.
          this.#reconnectAtOnce = false;
          backoffMs = backoffInitialMs;
          continue;
        }
        backoffMs = Math.min(backoffMs * 2, backoffMaxMs);
      }
    }
  }

  /** Reads one stream until it ends; never rejects. */
  #follow(address: string): Promise<{ progressed: boolean; error?: RillError }> {
    this.#pending = undefined;
    this.#address = address;
    this.stats.connects += 1;
    const request: ControllerV1.FetchMetadataRequest = {
      nodeId: this.#options.nodeId,
      brokerEpoch: this.#options.brokerEpoch(),
      fetchOffset: this.#nextFetchOffset(),
      maxBytes: this.#options.maxBytes ?? 0,
    };
    const stream = this.#options.quorum.clientFor(address).fetchMetadata(request);
    this.#stream = stream;
    let progressed = false;
    return new Promise((resolve) => {
      let settled = false;
      const stallTimeoutMs = this.#options.stallTimeoutMs ?? METADATA_STREAM_STALL_MS;
      let stallTimer: NodeJS.Timeout | undefined;
      const armStallTimer = (): void => {
        if (stallTimer !== undefined) clearTimeout(stallTimer);
        stallTimer = setTimeout(() => {
          this.#options.logger.warn(
            { controller: address, silentMs: stallTimeoutMs },
            "metadata stream silent; following another controller",
          );
          finish(
            new RillError("REQUEST_TIMED_OUT", `the metadata stream was silent for ${stallTimeoutMs} ms`),
          );
        }, stallTimeoutMs);
        stallTimer.unref();
      };
      const finish = (error?: RillError): void => {
        if (settled) return;
        settled = true;
        if (stallTimer !== undefined) clearTimeout(stallTimer);
        this.#stream = undefined;
        this.#address = undefined;
        stream.cancel();
        resolve(error === undefined ? { progressed } : { progressed, error });
      };
      armStallTimer();
      this.#lastMessageAtMs = Date.now();
      stream.on("data", (message: ControllerV1.FetchMetadataResponse__Output) => {
        if (settled) return;
        armStallTimer();
        this.#lastMessageAtMs = Date.now();
        try {
          if (this.#handle(message)) progressed = true;
        } catch (error) {
          if (error instanceof ApplyFailure) {
            this.#fatal(error.cause);
            finish(new RillError("UNKNOWN_SERVER_ERROR", "applying metadata failed"));
            return;
          }
          // The stream sent something we cannot use: start over from a snapshot.
          this.#options.logger.error(
            { controller: address, err: error },
            "bad metadata stream message; reloading",
          );
          this.#reset();
          finish(isRillError(error) ? error : new RillError("CORRUPT_MESSAGE", String(error)));
        }
      });
      stream.on("error", (error) => finish(fromGrpcError(error)));
      // The server ended the stream cleanly (e.g. it is shutting down): reconnect with backoff.
      stream.on("end", () => finish(new RillError("NETWORK_EXCEPTION", "the metadata stream ended")));
    });
  }

  /** -1 (start from a snapshot) when nothing is loaded or a rebuild starts; else the next entry. */
  #nextFetchOffset(): number {
    if (this.#shadow !== undefined)
      return this.#shadow === MetadataImage.EMPTY ? -1 : this.#shadow.offset + 1;
    return this.#loaded ? this.#current.offset + 1 : -1;
  }

  /** Handles one message; true when it applied something. */
  #handle(message: ControllerV1.FetchMetadataResponse__Output): boolean {
    if (message.highWatermark > this.#highWatermark) this.#highWatermark = message.highWatermark;
    if (message.payload === "snapshotChunk" && message.snapshotChunk) {
      return this.#handleChunk(message.snapshotChunk, message.highWatermark);
    }
    if (message.payload === "deltas" && message.deltas) {
      let applied = false;
      for (const record of message.deltas.records) {
        if (this.#handleEntry(record, message.highWatermark)) applied = true;
      }
      if (applied) this.#releaseWaiters();
      return applied;
    }
    // A message with only a high watermark (a keep-alive) is fine.
    return false;
  }

  #handleChunk(chunk: ControllerV1.MetadataSnapshotChunk__Output, highWatermark: number): boolean {
    if (chunk.position === 0) {
      this.#pending = { endOffset: chunk.snapshotEndOffset, chunks: [], bytes: 0 };
    }
    const pending = this.#pending;
    if (
      pending === undefined ||
      pending.endOffset !== chunk.snapshotEndOffset ||
      pending.bytes !== chunk.position
    ) {
      throw new RillError(
        "CORRUPT_MESSAGE",
        `snapshot chunk at position ${chunk.position} of offset ${chunk.snapshotEndOffset} does not follow what was received`,
      );
    }
    if (pending.bytes + chunk.data.length > METADATA_SNAPSHOT_BYTES_MAX) {
      throw new RillError(
        "CORRUPT_MESSAGE",
        `metadata snapshot larger than ${METADATA_SNAPSHOT_BYTES_MAX} bytes`,
      );
    }
    pending.chunks.push(chunk.data);
    pending.bytes += chunk.data.length;
    if (!chunk.lastChunk) return false;
    this.#pending = undefined;
    const image = decodeMetadataSnapshot(Buffer.concat(pending.chunks, pending.bytes), pending.endOffset);
    this.stats.snapshotsLoaded += 1;
    this.#options.logger.info({ offset: image.offset }, "metadata snapshot loaded");
    if (this.#loaded && image.offset < this.#current.offset) {
      // Older than what the broker already acts on: finish the rebuild from the deltas after it.
      this.#shadow = image;
      return true;
    }
    this.#publishReload(image, highWatermark);
    return true;
  }

  #handleEntry(record: ControllerV1.MetadataLogRecord__Output, highWatermark: number): boolean {
    if (this.#pending !== undefined) {
      throw new RillError("CORRUPT_MESSAGE", "metadata deltas arrived in the middle of a snapshot");
    }
    if (!Number.isSafeInteger(record.offset) || record.offset <= 0) {
      throw new RillError("CORRUPT_MESSAGE", `metadata entry offset ${record.offset} is not valid`);
    }
    const base = this.#shadow ?? this.#current;
    if ((this.#loaded || this.#shadow !== undefined) && record.offset <= base.offset) return false; // a resume
    const records = decodeMetadataRecordBatch(record.record);
    const delta = new MetadataDelta(base);
    for (const metadataRecord of records) delta.replay(metadataRecord);
    const image = new MetadataImage(delta.apply(record.offset));
    this.stats.entriesApplied += 1;
    if (this.#shadow !== undefined) {
      this.#shadow = image;
      if (image.offset >= this.#current.offset) this.#publishReload(image, highWatermark);
      return true;
    }
    this.#current = image;
    this.#loaded = true;
    this.#notify(image, delta, { kind: "delta", highWatermark });
    return true;
  }

  /** Replaces the published image with a rebuilt one (a snapshot, or a finished rebuild). */
  #publishReload(image: MetadataImage, highWatermark: number): void {
    this.#shadow = undefined;
    this.#current = image;
    this.#loaded = true;
    this.#notify(image, undefined, { kind: "snapshot", highWatermark });
    this.#releaseWaiters();
  }

  #notify(image: MetadataImage, delta: MetadataDelta | undefined, info: MetadataApplyInfo): void {
    try {
      this.#options.onApply(image, delta, info);
    } catch (error) {
      throw new ApplyFailure(error);
    }
  }

  /** Rebuilds the state from scratch (fetch offset -1) without unpublishing the current image. */
  #reset(): void {
    this.stats.resets += 1;
    this.#pending = undefined;
    this.#shadow = this.#loaded ? MetadataImage.EMPTY : undefined;
  }

  #releaseWaiters(): void {
    for (let index = this.#waiters.length - 1; index >= 0; index -= 1) {
      const waiter = this.#waiters[index];
      if (waiter !== undefined && waiter.offset <= this.#current.offset) {
        this.#waiters.splice(index, 1);
        waiter.resolve();
      }
    }
  }

  #fatal(error: unknown): void {
    const handler = this.#options.onFatalError;
    if (handler !== undefined) handler(error);
    else crash("applying metadata to the broker failed", error);
  }

  #sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

/** `onApply` threw: not the stream's fault. */
class ApplyFailure extends Error {
  constructor(override readonly cause: unknown) {
    super("onApply failed", { cause });
  }
}
