export {
  DurableRaftStorage,
  type DurableStorageOptions,
  type RecoveryReport,
} from "./durable-storage.js";
export { MemoryRaftStorage } from "./memory-storage.js";
export type { PersistRequest, RaftStorage } from "./raft-storage.js";
export type { StorageMeta } from "./state-files.js";
