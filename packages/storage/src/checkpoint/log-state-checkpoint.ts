import { corruptCheckpoint } from "./leader-epoch-cache.js";

/**
 * The per-partition offsets that must survive a restart, written atomically as one small text
 * file (Kafka keeps them in per-directory files: recovery-point-offset-checkpoint,
 * log-start-offset-checkpoint, replication-offset-checkpoint; one file per log is simpler and
 * lets a PartitionLog be used without a LogManager).
 */
export interface LogStateCheckpoint {
  /** Every segment below this offset was flushed with its indexes: recovery skips them. */
  readonly recoveryPoint: number;
  readonly logStartOffset: number;
  readonly highWatermark: number;
}

const MAGIC_LINE = "rill-log-state 1";

export function serializeLogState(state: LogStateCheckpoint): Buffer {
  return Buffer.from(
    `${MAGIC_LINE}\nrecovery-point ${state.recoveryPoint}\nlog-start-offset ${state.logStartOffset}\nhigh-watermark ${state.highWatermark}\n`,
    "utf8",
  );
}

export function parseLogState(bytes: Uint8Array, path: string): LogStateCheckpoint {
  const lines = Buffer.from(bytes).toString("utf8").split("\n");
  if (lines[0] !== MAGIC_LINE) throw corruptCheckpoint(path, "bad header");
  const values = new Map<string, number>();
  for (const line of lines.slice(1)) {
    if (line.length === 0) continue;
    const [name, value] = line.split(" ");
    const number = Number(value);
    if (name === undefined || !Number.isSafeInteger(number) || number < 0)
      throw corruptCheckpoint(path, line);
    values.set(name, number);
  }
  const get = (name: string): number => {
    const value = values.get(name);
    if (value === undefined) throw corruptCheckpoint(path, `missing ${name}`);
    return value;
  };
  return {
    recoveryPoint: get("recovery-point"),
    logStartOffset: get("log-start-offset"),
    highWatermark: get("high-watermark"),
  };
}
