export { InMemoryRaftCluster, type InMemoryRaftClusterOptions } from "./in-memory.js";
export type { CommitPosition, LeaderAndTerm, RaftClient, RaftListener } from "./raft-client.js";
