export { type DriverClock, ManualClock, systemClock } from "./clock.js";
export {
  CORE_DEFAULTS,
  type CoreOptions,
  RaftNode,
  type RaftNodeOptions,
  type RaftNodeStatus,
} from "./raft-node.js";
