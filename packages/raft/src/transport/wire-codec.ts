/** Converts the core's messages to and from their wire form (rill.raft.v1.RaftMessage). */
import type { RaftV1 } from "@rill/protocol";
import type { NodeId } from "../core/types.js";

export interface WireCodec<M> {
  encode(message: M): RaftV1.RaftMessage;
  /** Throws a RillError INVALID_REQUEST on a malformed message. */
  decode(wire: RaftV1.RaftMessage__Output): M;
  to(message: M): NodeId;
  from(message: M): NodeId;
  /** Approximate encoded size, for queue and batch limits. */
  approximateBytes(message: M): number;
}
