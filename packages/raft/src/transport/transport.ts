/**
 * How the driver reaches its peers. `send` never blocks and never throws for a peer that is down:
 * Raft tolerates lost messages, so a transport may drop what it cannot deliver (a full queue, a
 * broken stream) and the core retries through its own timers.
 */
import type { NodeId } from "../core/types.js";

export interface RaftTransport<M> {
  /** Queues messages for their receivers (each message names its `to`). */
  send(messages: readonly M[]): void;
  /** Sets where messages received from peers go (the driver's step). */
  setReceiver(receiver: (message: M) => void): void;
  /** Stops sending and receiving; queued messages are dropped. */
  close(): Promise<void>;
}

/** Counters a transport exposes for tests, logs and benchmarks. */
export interface TransportStats {
  readonly messagesSent: number;
  readonly messagesReceived: number;
  readonly messagesDropped: number;
  readonly streamsOpened: number;
}

/** A peer's id and gRPC address ("host:port"). */
export interface PeerAddress {
  readonly nodeId: NodeId;
  readonly address: string;
}
