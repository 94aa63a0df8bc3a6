// Public API of @rill/storage; each module adds its exports here.
export {
  type EpochEndOffset,
  type EpochEntry,
  LeaderEpochCache,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
} from "./checkpoint/leader-epoch-cache.js";
export {
  type LogStateCheckpoint,
  parseLogState,
  serializeLogState,
} from "./checkpoint/log-state-checkpoint.js";
export { CleanerStats } from "./cleaner/cleaner-stats.js";
export {
  CLEANER_CHECKPOINT_FILE,
  CLEANER_OFFSET_MAP_KEYS_MAX,
  type CleanableLog,
  type CleanResult,
  LogCleaner,
  type LogCleanerOptions,
} from "./cleaner/log-cleaner.js";
export { Throttler } from "./cleaner/throttler.js";
export { type Flushable, Flusher, type FlusherOptions, type FlushRound } from "./flush/flusher.js";
export { writeFileAtomically } from "./fs/atomic-file.js";
export {
  FaultInjectingFileSystem,
  type FaultPolicy,
  type FileOperation,
} from "./fs/fault-injecting-file-system.js";
export type { StorageFile, StorageFileSystem } from "./fs/file-system.js";
export { ForwardingFileSystem } from "./fs/forwarding-file-system.js";
export { MemoryFileSystem } from "./fs/memory-file-system.js";
export { NodeFileSystem } from "./fs/node-file-system.js";
export { PowerLossFileSystem } from "./fs/power-loss-file-system.js";
export {
  LOCK_FILE,
  LogManager,
  type LogManagerOptions,
  parsePartitionDirectoryName,
  partitionDirectoryName,
  type TopicPartition,
} from "./log/log-manager.js";
export {
  type AppendResult,
  CLEAN_SHUTDOWN_FILE,
  type Clock,
  LEADER_EPOCH_CHECKPOINT_FILE,
  LOG_STATE_CHECKPOINT_FILE,
  type LogChunksReadResult,
  type LogReadResult,
  PartitionLog,
  type PartitionLogOptions,
  type RecoveryReport,
  type SealedSegment,
  systemClock,
} from "./log/partition-log.js";
export { TailCache } from "./log/tail-cache.js";
export {
  type CleanupPolicy,
  DEFAULT_LOG_CONFIG,
  type FlushPolicy,
  type LogConfig,
  resolveLogConfig,
} from "./log-config.js";
export { LogSegment } from "./segment/log-segment.js";
export { OffsetIndex } from "./segment/offset-index.js";
export { parseSegmentFileName, segmentFileStem } from "./segment/segment-files.js";
export {
  STAGED_FILE_SUFFIX,
  STAGED_PROGRESS_SUFFIX,
  type StagedFileKind,
  StagedSegment,
  type StagedSegmentHeader,
} from "./segment/staged-segment.js";
export { TimeIndex } from "./segment/time-index.js";
