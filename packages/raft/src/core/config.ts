/** Configuration of one RaftCore. */
import type { LogReader, NodeId } from "./types.js";

export interface RaftConfig {
  readonly id: NodeId;
  /** Followers campaign after a random timeout in [electionTicks, 2 * electionTicks). */
  readonly electionTicks: number;
  /** Leaders send heartbeats every `heartbeatTicks`; must be < electionTicks. */
  readonly heartbeatTicks: number;
  /** The durable log as the host persisted it; the core only reads it. */
  readonly log: LogReader;
  /** Seeded uniform generator in [0, 1): the only randomness the core uses. */
  readonly random: () => number;
  /** PreVote (thesis §9.6): campaign only after a majority says it would vote. */
  readonly preVote: boolean;
  /** CheckQuorum: a leader steps down without hearing from a majority in an election timeout. */
  readonly checkQuorum: boolean;
  /** Limit on entry data bytes in one append message (at least one entry is always sent). */
  readonly maxEntriesBytesPerMessage: number;
  /** Limit on append messages in flight to one follower in the replicate state. */
  readonly maxInflightMessages: number;
  /** Limit on snapshot bytes in one InstallSnapshot chunk. */
  readonly maxSnapshotChunkBytes?: number;
  /** Limit on entries not yet committed that the leader accepts; proposals beyond are refused. */
  readonly maxUncommittedEntries?: number;
  /** The last index the host's state machine applied (from its snapshot); 0 when new. */
  readonly applied: number;
}
