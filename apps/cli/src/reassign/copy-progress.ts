/**
 * Copy progress of moving partitions, from brokers' log sizes (DescribeLogDirs): how many bytes
 * each new replica holds against its leader's size, the rate between two samples and the time
 * left at that rate. Pure, so `--status` and `--wait` output can be tested without a cluster.
 */
import { UsageError } from "../errors.js";
import { partitionKey } from "./plan.js";

/** One partition log as one broker reported it. */
export interface ReplicaLogSize {
  readonly brokerId: number;
  readonly topic: string;
  readonly partition: number;
  /** Installed segment bytes plus bytes of a bulk-copied segment not yet installed. */
  readonly copiedBytes: number;
  readonly isLeader: boolean;
}

/** A moment's view of every broker's partition logs. */
export interface LogSizeSample {
  readonly atMs: number;
  readonly sizes: readonly ReplicaLogSize[];
}

export interface CopyProgress {
  /** Bytes the adding replicas hold so far (summed over them). */
  readonly copiedBytes: number;
  /** The leader's size times the number of adding replicas. */
  readonly totalBytes: number;
  /** Bytes per second between the two samples; null with one sample. */
  readonly rateBytesPerSecond: number | null;
  /** Seconds left at that rate; null when unknown (no rate yet, or nothing moving). */
  readonly etaSeconds: number | null;
}

function sizeOn(sample: LogSizeSample, brokerId: number, key: string): number | undefined {
  return sample.sizes.find((size) => size.brokerId === brokerId && partitionKey(size) === key)?.copiedBytes;
}

function leaderSize(sample: LogSizeSample, key: string): number | undefined {
  return sample.sizes.find((size) => size.isLeader && partitionKey(size) === key)?.copiedBytes;
}

/**
 * The copy progress of one moving partition towards its `adding` replicas, from the latest
 * sample and (for the rate) an earlier one. A replica that does not report the partition yet
 * counts 0 bytes; the total uses the leader's current size (it grows while producers write).
 */
export function copyProgress(
  entry: { readonly topic: string; readonly partition: number; readonly adding: readonly number[] },
  latest: LogSizeSample,
  earlier: LogSizeSample | undefined,
): CopyProgress {
  const key = partitionKey(entry);
  const perReplica = leaderSize(latest, key) ?? 0;
  const total = perReplica * entry.adding.length;
  // A replica ahead of the latest leader sample (it grew in between) counts as fully copied.
  const copiedAt = (sample: LogSizeSample) =>
    entry.adding.reduce((sum, id) => sum + Math.min(sizeOn(sample, id, key) ?? 0, perReplica), 0);
  const copied = copiedAt(latest);
  let rate: number | null = null;
  if (earlier !== undefined && latest.atMs > earlier.atMs) {
    rate = Math.max(0, ((copied - copiedAt(earlier)) * 1000) / (latest.atMs - earlier.atMs));
  }
  const left = total - copied;
  const eta = left <= 0 ? 0 : rate === null || rate <= 0 ? null : left / rate;
  return { copiedBytes: copied, totalBytes: total, rateBytesPerSecond: rate, etaSeconds: eta };
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** 1536 → "1.5 KiB": binary units, one decimal above bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** "[#####.....] 50%" for `done` of `total`, `width` characters of bar. */
export function progressBar(done: number, total: number, width = 20): string {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.floor(fraction * 100)}%`;
}

/** "1h02m", "3m05s", "42s"; "-" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "-";
  const whole = Math.ceil(seconds);
  if (whole >= 3600)
    return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
  if (whole >= 60) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${whole}s`;
}

const RATE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/**
 * A --throttle value: "50MB/s", "10MiB/s", "500000" (bytes per second) → bytes per second, a
 * positive safe integer. KB/MB/GB are powers of 1000 as in Kafka's docs, KiB/MiB/GiB of 1024.
 */
export function parseRate(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?(?:\/s)?\s*$/i.exec(text);
  if (match === null) {
    throw new UsageError(`${flag}: '${text}' is not a rate (e.g. 50MB/s, 10MiB/s or bytes per second)`);
  }
  const unit = RATE_UNITS[(match[2] ?? "b").toLowerCase()] ?? 1;
  const bytes = Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`${flag}: '${text}' must be at least 1 byte per second`);
  }
  return bytes;
}
