import { statfs } from "node:fs/promises";
import { RillError } from "@rill/protocol";

/** Free bytes of the file system holding `directory` (what an unprivileged writer may use). */
export type FreeBytesProbe = (directory: string) => Promise<number>;

export const statfsFreeBytes: FreeBytesProbe = async (directory) => {
  const stats = await statfs(directory);
  return stats.bavail * stats.bsize;
};

export interface LogDirSpaceOptions {
  readonly directory: string;
  /** log.dir.free.bytes.min: appends that would leave less free space are refused. */
  readonly freeBytesMin: number;
  /** log.dir.free.check.interval.ms: how often the free space is sampled. */
  readonly checkIntervalMs: number;
  readonly probe?: FreeBytesProbe;
  /** Told of a failed sample (the last good sample stays in force). */
  readonly onProbeError?: (error: unknown) => void;
  /**
   * Told when a sample finds the free space below `freeBytesMin` (`full`: appends are refused
   * from now on) and when a later one finds it back at or above (accepted again); once per change,
   * so an operator sees both moments in the log.
   */
  readonly onFullChange?: (full: boolean, freeBytes: number) => void;
}

/**
 * Refuses appends before the data directory's disk is full (Redpanda's storage_min_free_bytes),
 * so that a full disk never reaches the log as ENOSPC: a failed write may have written part of a
 * batch and leaves the log's tail unknown, which takes the log dir offline (log-dir-failure.ts),
 * while a refusal here leaves nothing written and nothing in the producer state, and appends work
 * again as soon as a sample sees space, without a restart.
 *
 * Between two samples the bytes appended are subtracted from the last sample, so a burst cannot
 * run past the reserve unseen; `freeBytesMin` must exceed what can be written in one interval
 * (produce requests and follower rounds are bounded, see replica-manager-config.ts).
 */
export class LogDirSpace {
  #sampledFreeBytes: number | undefined;
  #bytesSinceSample = 0;
  #timer: NodeJS.Timeout | undefined;
  #sampling = false;
  /** Whether the last sample was below the reserve. */
  #full = false;
  readonly #probe: FreeBytesProbe;

  readonly #options: LogDirSpaceOptions;
  constructor(options: LogDirSpaceOptions) {
    this.#options = options;
    this.#probe = options.probe ?? statfsFreeBytes;
  }

  /** Takes a first sample, then samples every `checkIntervalMs` (an unref'd timer). */
  async start(): Promise<void> {
    await this.sample();
    this.#timer = setInterval(() => void this.sample(), this.#options.checkIntervalMs).unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async sample(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      // Bytes appended while the probe runs may or may not be in its answer: counted as not.
      const appendedBefore = this.#bytesSinceSample;
      const freeBytes = await this.#probe(this.#options.directory);
      this.#sampledFreeBytes = freeBytes;
      this.#bytesSinceSample -= appendedBefore;
      const full = freeBytes < this.#options.freeBytesMin;
      if (full !== this.#full) {
        this.#full = full;
        this.#options.onFullChange?.(full, freeBytes);
      }
    } catch (error) {
      this.#options.onProbeError?.(error);
    } finally {
      this.#sampling = false;
    }
  }

  /** Free bytes as estimated now; undefined before the first sample. */
  get freeBytes(): number | undefined {
    return this.#sampledFreeBytes === undefined ? undefined : this.#sampledFreeBytes - this.#bytesSinceSample;
  }

  /**
   * STORAGE_ERROR (retriable: the producer retries, here once space returns or on a new leader)
   * when appending `bytes` would leave less than `freeBytesMin` free; undefined when it may go
   * ahead, in which case the bytes are counted as appended.
   */
  reserve(bytes: number): RillError | undefined {
    const freeBytes = this.freeBytes;
    if (freeBytes !== undefined && freeBytes - bytes < this.#options.freeBytesMin) {
      return new RillError(
        "STORAGE_ERROR",
        `disk full: the data directory ${this.#options.directory} has ${freeBytes} bytes free, ` +
          `below log.dir.free.bytes.min=${this.#options.freeBytesMin} after ${bytes} more; appends are refused until space returns`,
        { details: { cause: "disk-full", freeBytes, freeBytesMin: this.#options.freeBytesMin } },
      );
    }
    this.#bytesSinceSample += bytes;
    return undefined;
  }
}
