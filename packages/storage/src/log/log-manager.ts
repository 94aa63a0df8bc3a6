import { join } from "node:path";
import { RillError } from "@rill/protocol";
import type { CleanerStats } from "../cleaner/cleaner-stats.js";
import { LogCleaner } from "../cleaner/log-cleaner.js";
import { Flusher, type FlushRound } from "../flush/flusher.js";
import { writeFileAtomically } from "../fs/atomic-file.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import { NodeFileSystem } from "../fs/node-file-system.js";
import type { LogConfig } from "../log-config.js";
import { type Clock, PartitionLog, systemClock } from "./partition-log.js";

export const LOCK_FILE = ".lock";

export interface LogManagerOptions {
  readonly dataDirectory: string;
  readonly fileSystem?: StorageFileSystem;
  readonly clock?: Clock;
  /** Config for every log, overridden per topic by `topicConfig`. */
  readonly defaultConfig?: Partial<LogConfig>;
  readonly topicConfig?: (topic: string) => Partial<LogConfig> | undefined;
  /**
   * true (default): every log in the directory is opened (recovered) by `open`, with
   * `defaultConfig` and `topicConfig`. false: a log is opened only by `getOrCreateLog`, with the
   * config its caller gives, for a caller that learns topic configs after start-up (the broker
   * waits for the metadata image, so no log is ever open with another config than its topic's).
   */
  readonly openLogsOnStart?: boolean;
  /** Logs opened (recovered) at once at start-up. Default 8. */
  readonly loadConcurrency?: number;
  /** log.retention.check.interval.ms; default 5 minutes. */
  readonly retentionCheckIntervalMs?: number;
  /** Pause between cleaner passes over compacted logs (log.cleaner.backoff.ms); default 15 s. */
  readonly cleanerIntervalMs?: number;
  /**
   * log.cleaner.io.max.bytes.per.second: the cleaner's read + write bytes per second, on
   * average over all logs; default unthrottled (Kafka's default).
   */
  readonly cleanerIoMaxBytesPerSecond?: number;
  /** Checkpoint period (log.flush.offset.checkpoint.interval.ms); default 60 s. */
  readonly checkpointIntervalMs?: number;
  /** Errors from background work (retention, checkpoints) go here; default: ignored. */
  readonly onBackgroundError?: (error: unknown, log: PartitionLog) => void;
  /** Told of each group-commit round (logs fsynced together, and how long it took). */
  readonly onFlushRound?: (round: FlushRound) => void;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `<topic>-<partition>`, Kafka's directory name. */
export function partitionDirectoryName(topic: string, partition: number): string {
  if (topic.length === 0 || topic.includes("/") || topic === "." || topic === "..") {
    throw new RillError("INVALID_TOPIC_EXCEPTION", `topic name ${JSON.stringify(topic)} is not valid`);
  }
  if (!Number.isInteger(partition) || partition < 0) throw new RangeError(`partition ${partition}`);
  return `${topic}-${partition}`;
}

export function parsePartitionDirectoryName(name: string): TopicPartition | undefined {
  const match = /^(.+)-(\d+)$/.exec(name);
  if (match === null) return undefined;
  return { topic: match[1] as string, partition: Number(match[2]) };
}

/** Data directories held by LogManagers of this process (the lock file covers other processes). */
const heldInProcess = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Kafka's LogManager for one data directory: owns the partition logs in it, loads them at start
 * (recovering each, `loadConcurrency` at a time), shares one group-commit Flusher among them,
 * runs retention and checkpoints in the background, and holds a lock file so a second live
 * process cannot open the same directory.
 *
 * Limitation: the lock is a pid file checked then written, not an OS lock; two processes racing
 * to start in the same millisecond could both pass. A stale file of a dead process is taken over.
 */
export class LogManager {
  readonly #logs = new Map<string, PartitionLog>();
  readonly #creating = new Map<string, Promise<PartitionLog>>();
  #timers: NodeJS.Timeout[] = [];
  #closed = false;
  #lockHeld = false;
  #cleaning = false;
  readonly flusher: Flusher;
  readonly #fileSystem: StorageFileSystem;
  readonly #cleaner: LogCleaner;
  readonly #clock: Clock;

  readonly #options: LogManagerOptions;
  private constructor(options: LogManagerOptions) {
    this.#options = options;
    this.flusher = new Flusher(options.onFlushRound === undefined ? {} : { onRound: options.onFlushRound });
    this.#fileSystem = options.fileSystem ?? new NodeFileSystem();
    this.#cleaner = new LogCleaner({
      fileSystem: this.#fileSystem,
      clock: options.clock ?? systemClock,
      ...(options.cleanerIoMaxBytesPerSecond === undefined
        ? {}
        : { ioMaxBytesPerSecond: options.cleanerIoMaxBytesPerSecond }),
    });
    this.#clock = options.clock ?? systemClock;
  }

  static async open(options: LogManagerOptions): Promise<LogManager> {
    const manager = new LogManager(options);
    await manager.#lock();
    try {
      if (options.openLogsOnStart ?? true) await manager.#loadAll();
    } catch (error) {
      await manager.close().catch(() => undefined);
      throw error;
    }
    return manager;
  }

  get dataDirectory(): string {
    return this.#options.dataDirectory;
  }

  async #lock(): Promise<void> {
    const directory = this.#options.dataDirectory;
    await this.#fileSystem.mkdir(directory);
    const lockPath = join(directory, LOCK_FILE);
    if (heldInProcess.has(directory)) {
      throw new RillError("STORAGE_ERROR", `data directory ${directory} is already open in this process`);
    }
    const existing = await this.#fileSystem.readFile(lockPath);
    if (existing !== undefined) {
      const pid = Number(existing.toString("utf8").trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new RillError("STORAGE_ERROR", `data directory ${directory} is locked by live process ${pid}`, {
          details: { pid },
        });
      }
    }
    await writeFileAtomically(this.#fileSystem, lockPath, Buffer.from(`${process.pid}\n`));
    heldInProcess.add(directory);
    this.#lockHeld = true;
  }

  async #loadAll(): Promise<void> {
    const names = await this.#fileSystem.readdir(this.#options.dataDirectory);
    const partitions = names
      .map((name) => parsePartitionDirectoryName(name))
      .filter((entry): entry is TopicPartition => entry !== undefined);
    const concurrency = Math.max(1, this.#options.loadConcurrency ?? 8);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < partitions.length) {
        const entry = partitions[next] as TopicPartition;
        next += 1;
        await this.#openLog(entry.topic, entry.partition, undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, partitions.length) }, worker));
  }

  #configFor(topic: string, override: Partial<LogConfig> | undefined): Partial<LogConfig> {
    return { ...this.#options.defaultConfig, ...this.#options.topicConfig?.(topic), ...override };
  }

  async #openLog(
    topic: string,
    partition: number,
    config: Partial<LogConfig> | undefined,
  ): Promise<PartitionLog> {
    const name = partitionDirectoryName(topic, partition);
    const log = await PartitionLog.open({
      directory: join(this.#options.dataDirectory, name),
      config: this.#configFor(topic, config),
      fileSystem: this.#fileSystem,
      flusher: this.flusher,
      clock: this.#clock,
    });
    this.#logs.set(name, log);
    return log;
  }

  getLog(topic: string, partition: number): PartitionLog | undefined {
    return this.#logs.get(partitionDirectoryName(topic, partition));
  }

  /** The log of topic-partition, created (empty) when this directory does not hold it yet. */
  async getOrCreateLog(topic: string, partition: number, config?: Partial<LogConfig>): Promise<PartitionLog> {
    this.#checkOpen();
    const name = partitionDirectoryName(topic, partition);
    const existing = this.#logs.get(name);
    if (existing !== undefined) return existing;
    const inProgress = this.#creating.get(name);
    if (inProgress !== undefined) return inProgress;
    const created = this.#openLog(topic, partition, config).finally(() => this.#creating.delete(name));
    this.#creating.set(name, created);
    const log = await created;
    await this.#fileSystem.syncDirectory(this.#options.dataDirectory);
    return log;
  }

  /**
   * Gives the open log of topic-partition a new topic config (over `defaultConfig`, as at open);
   * takes effect at once (PartitionLog.updateConfig). INVALID_CONFIG when the result is not
   * valid (the log keeps its config); undefined when the log is not open.
   */
  updateLogConfig(topic: string, partition: number, topicConfig: Partial<LogConfig>): LogConfig | undefined {
    const log = this.#logs.get(partitionDirectoryName(topic, partition));
    return log?.updateConfig(this.#configFor(topic, topicConfig));
  }

  /** Closes and removes the log's directory. */
  async deleteLog(topic: string, partition: number): Promise<void> {
    const name = partitionDirectoryName(topic, partition);
    const log = this.#logs.get(name);
    if (log === undefined) return;
    this.#logs.delete(name);
    await log.delete();
    await this.#fileSystem.syncDirectory(this.#options.dataDirectory);
  }

  allLogs(): Map<string, PartitionLog> {
    return new Map(this.#logs);
  }

  #checkOpen(): void {
    if (this.#closed)
      throw new RillError("STORAGE_ERROR", `log manager of ${this.#options.dataDirectory} is closed`);
  }

  /** Starts periodic retention and checkpointing (timers are unref'd). */
  startBackgroundTasks(): void {
    this.#checkOpen();
    const retentionMs = this.#options.retentionCheckIntervalMs ?? 5 * 60 * 1000;
    const checkpointMs = this.#options.checkpointIntervalMs ?? 60 * 1000;
    this.#timers.push(setInterval(() => void this.runRetention(), retentionMs).unref());
    this.#timers.push(setInterval(() => void this.checkpointAll(), checkpointMs).unref());
    const cleanerMs = this.#options.cleanerIntervalMs ?? 15 * 1000;
    this.#timers.push(setInterval(() => void this.runCleaner(), cleanerMs).unref());
  }

  /** One retention pass over every log; returns the segments deleted. */
  async runRetention(): Promise<number> {
    let deleted = 0;
    for (const log of this.#logs.values()) {
      if (log.isOffline) continue;
      try {
        deleted += await log.applyRetention();
      } catch (error) {
        this.#options.onBackgroundError?.(error, log);
      }
    }
    return deleted;
  }

  /** The cleaner's progress counters (the broker exports them as metrics). */
  get cleanerStats(): CleanerStats {
    return this.#cleaner.stats;
  }

  /** One cleaner pass over every log whose cleanup.policy includes compact; returns segments written. */
  async runCleaner(): Promise<number> {
    if (this.#cleaning) return 0;
    this.#cleaning = true;
    let cleaned = 0;
    try {
      for (const log of this.#logs.values()) {
        if (log.isOffline || !log.config.cleanupPolicy.includes("compact")) continue;
        try {
          cleaned += (await this.#cleaner.clean(log)).segmentsWritten;
        } catch (error) {
          this.#cleaner.stats.errors += 1;
          this.#options.onBackgroundError?.(error, log);
        }
      }
    } finally {
      this.#cleaning = false;
    }
    return cleaned;
  }

  async checkpointAll(): Promise<void> {
    for (const log of this.#logs.values()) {
      if (log.isOffline) continue;
      try {
        await log.checkpoint();
      } catch (error) {
        this.#options.onBackgroundError?.(error, log);
      }
    }
  }

  /** Stops background work, closes every log (cleanly), releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await Promise.all(this.#creating.values());
    const logs = [...this.#logs.values()];
    const concurrency = Math.max(1, this.#options.loadConcurrency ?? 8);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < logs.length) {
        const log = logs[next] as PartitionLog;
        next += 1;
        await log.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, logs.length) }, worker));
    this.#logs.clear();
    if (this.#lockHeld) {
      this.#lockHeld = false;
      await this.#fileSystem.unlink(join(this.#options.dataDirectory, LOCK_FILE));
      heldInProcess.delete(this.#options.dataDirectory);
    }
  }
}
