/**
 * What a RaftNode is built from: its identity, the I/O it is given (storage, transport, clock,
 * task scheduler; production passes the real ones, the simulation its simulated ones), limits on
 * every queue, and the core's settings.
 */
import type { RaftConfig } from "../core/config.js";
import type { Message } from "../core/messages.js";
import type { RaftCore, UnsafeTestingFaults } from "../core/raft-core.js";
import type { Ready } from "../core/ready.js";
import type { Entry, MembershipConfig, NodeId, Role } from "../core/types.js";
import type { RaftStorage } from "../storage/raft-storage.js";
import type { RaftTransport } from "../transport/transport.js";
import type { DriverClock } from "./clock.js";

/** Core settings the host may choose; the rest (id, log, random, applied) the driver supplies. */
export type CoreOptions = Partial<Omit<RaftConfig, "id" | "log" | "random" | "applied">>;

export interface RaftNodeOptions {
  readonly nodeId: NodeId;
  readonly storage: RaftStorage;
  readonly transport: RaftTransport<Message>;
  readonly core?: CoreOptions;
  /** Seed of the core's generator; default random. */
  readonly seed?: number;
  readonly clock?: DriverClock;
  /**
   * Runs a task on a later turn, never re-entrantly: how the loop wakes up after an input.
   * Default setImmediate; the simulation queues tasks itself so that a seed fixes their order.
   */
  readonly schedule?: (task: () => void) => void;
  /** Watches the loop from inside (the simulation's checker); default none. */
  readonly observer?: RaftNodeObserver;
  /** TESTS ONLY: safety bugs to inject into the core, to show that a checker catches them. */
  readonly unsafeTestingFaults?: UnsafeTestingFaults;
  /** One core tick per interval; election timeout = tickIntervalMs × electionTicks. Default 100. */
  readonly tickIntervalMs?: number;
  /** propose() calls waiting to be fed to the core before new ones are refused. Default 4096. */
  readonly proposalQueueMax?: number;
  /** Messages received while the loop is busy before new ones are dropped. Default 16384. */
  readonly inboundMessagesMax?: number;
  /** readIndex() calls pending before new ones are refused. Default 4096. */
  readonly readsPendingMax?: number;
  /** After this long a proposal is answered INDETERMINATE. Default 10 s. */
  readonly proposeTimeoutMs?: number;
  /** After this long a read is answered REQUEST_TIMED_OUT. Default 5 s. */
  readonly readIndexTimeoutMs?: number;
  /** Snapshot the state machine after this many applied entries. Default 10 000. */
  readonly snapshotEveryEntries?: number;
  /** ... or after this many applied entry bytes. Default 64 MiB. */
  readonly snapshotEveryBytes?: number;
  /**
   * The largest record propose() accepts (MESSAGE_TOO_LARGE above). Default 1 MiB, SPEC's max
   * message; it must stay well under the transport's gRPC message limit, as an entry travels whole.
   */
  readonly recordBytesMax?: number;
  /** Called when storage, the core or a listener fails; default: crash the process. */
  readonly onFatal?: (error: unknown) => void;
  /**
   * Told the membership in force whenever it changes (a config entry appended or truncated, a
   * snapshot installed), before the messages of that turn are sent: the host points its
   * transport at the members' endpoints here, so a leader reaches a learner it has just added.
   */
  readonly onMembershipChange?: (membership: MembershipConfig) => void;
}

/** A member's view, for status RPCs, tests and logs. */
export interface RaftNodeStatus {
  readonly nodeId: NodeId;
  readonly leaderId: NodeId;
  readonly term: number;
  readonly role: Role;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  /** The membership in force: the latest config entry in this member's log, committed or not. */
  readonly membership: MembershipConfig;
}

export const CORE_DEFAULTS = {
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  maxEntriesBytesPerMessage: 1024 * 1024,
  maxInflightMessages: 256,
  maxSnapshotChunkBytes: 1024 * 1024,
  maxUncommittedEntries: 65_536,
} as const;

/**
 * Hooks into the Ready loop for a checker that verifies Raft's invariants after every event
 * (the simulation). They are called synchronously, must not throw unless the run is to fail
 * (a throw is fatal to the member, as any failure in the loop is), and must not touch the core.
 */
export interface RaftNodeObserver {
  /** The core took an input (a message, a tick, a proposal, a read) or advanced past a Ready. */
  onCoreChanged(core: RaftCore): void;
  /** A Ready was taken from the core; its writes have not started. */
  onReady(ready: Ready, core: RaftCore): void;
  /** The Ready's writes are durable (its messages go out next). */
  onPersisted(ready: Ready): void;
  /** Entries applied to the state machine, membership entries included, in index order. */
  onApplied(entries: readonly Entry[]): void;
}
