import { join } from "node:path";
import type { LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import { serializeLogState } from "../checkpoint/log-state-checkpoint.js";
import { writeFileAtomically } from "../fs/atomic-file.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import type { LocalLog } from "./local-log.js";
import type { LogOffsets } from "./log-offsets.js";

export const LOG_STATE_CHECKPOINT_FILE = "log-state.checkpoint";
export const LEADER_EPOCH_CHECKPOINT_FILE = "leader-epoch-checkpoint";
export const CLEAN_SHUTDOWN_FILE = ".clean-shutdown";

export interface LogCheckpointsOptions {
  readonly fileSystem: StorageFileSystem;
  readonly directory: string;
  readonly epochCache: LeaderEpochCache;
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
}

/**
 * The checkpoint files of one partition log: the leader-epoch checkpoint, the log-state
 * checkpoint (recovery point, log start, high watermark) and the clean-shutdown marker. Each
 * file is written atomically; writes of one file are serialised (they share a temp file), and a
 * write reflects the state when it runs, not when it was asked for. A failed write rejects its
 * caller only; the caller decides whether the log goes offline.
 */
export class LogCheckpoints {
  #epochCheckpointVersion = 0;
  #epochCheckpointChain: Promise<void> = Promise.resolve();
  #stateCheckpointChain: Promise<void> = Promise.resolve();

  readonly #options: LogCheckpointsOptions;
  constructor(options: LogCheckpointsOptions) {
    this.#options = options;
  }

  /** Writes the leader-epoch checkpoint when the cache changed since the last write. */
  writeEpochCheckpoint(): Promise<void> {
    const run = this.#epochCheckpointChain.then(() => this.#writeEpochCheckpointNow());
    this.#epochCheckpointChain = run.catch(() => undefined);
    return run;
  }

  async #writeEpochCheckpointNow(): Promise<void> {
    const { epochCache } = this.#options;
    if (epochCache.version === this.#epochCheckpointVersion) return;
    const version = epochCache.version;
    await writeFileAtomically(
      this.#options.fileSystem,
      join(this.#options.directory, LEADER_EPOCH_CHECKPOINT_FILE),
      epochCache.serialize(),
    );
    this.#epochCheckpointVersion = Math.max(this.#epochCheckpointVersion, version);
  }

  /** Writes the log-state checkpoint. */
  writeStateCheckpoint(): Promise<void> {
    const run = this.#stateCheckpointChain.then(() => this.#writeStateCheckpointNow());
    this.#stateCheckpointChain = run.catch(() => undefined);
    return run;
  }

  async #writeStateCheckpointNow(): Promise<void> {
    const { offsets } = this.#options;
    // The recovery point may only pass segments whose data and index files were flushed.
    let recoveryPoint = offsets.flushed;
    for (const segment of this.#options.local.segments) {
      if (segment.isDirty) {
        recoveryPoint = Math.min(recoveryPoint, segment.baseOffset);
        break;
      }
    }
    await writeFileAtomically(
      this.#options.fileSystem,
      join(this.#options.directory, LOG_STATE_CHECKPOINT_FILE),
      serializeLogState({
        recoveryPoint,
        logStartOffset: offsets.logStart,
        highWatermark: offsets.highWatermark,
      }),
    );
  }

  /** The marker that lets the next open skip recovery; written last by a clean close. */
  writeCleanShutdownMarker(): Promise<void> {
    return writeFileAtomically(
      this.#options.fileSystem,
      join(this.#options.directory, CLEAN_SHUTDOWN_FILE),
      new Uint8Array(0),
    );
  }

  /** Resolves once the checkpoint writes asked for so far have finished (either way). */
  async settled(): Promise<void> {
    await Promise.all([this.#epochCheckpointChain, this.#stateCheckpointChain]);
  }
}
