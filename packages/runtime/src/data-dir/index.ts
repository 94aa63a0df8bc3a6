export {
  describeDataDir,
  type FormatDataDirOptions,
  type FormatDataDirResult,
  formatDataDir,
  readDataDirIdentity,
} from "./format.js";
export {
  clusterIdProblem,
  type DataDirIdentity,
  dataDirIdentityVersion,
  decodeIdentity,
  encodeIdentity,
  identityFileName,
  nodeIdMax,
  nodeIdProblem,
  randomClusterId,
} from "./identity.js";
export {
  type DataDirLock,
  isProcessAlive,
  type LockOptions,
  lockDataDir,
  lockFileName,
  readLockHolder,
} from "./lock.js";
