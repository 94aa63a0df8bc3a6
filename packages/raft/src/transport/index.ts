export {
  GrpcRaftTransport,
  type GrpcTransportOptions,
  RAFT_SERVICE_NAME,
  SNAPSHOT_REASSEMBLY_BYTES_MAX,
} from "./grpc-transport.js";
export { InMemoryNetwork } from "./in-memory-transport.js";
export { type MemberAddresses, memberAddresses } from "./member-addresses.js";
export {
  decodeMessage,
  encodeMessage,
  membershipFromWire,
  membershipToWire,
  raftMessageCodec,
  statusToWire,
} from "./message-codec.js";
export { DEFAULT_PEER_SENDER_LIMITS, type PeerSenderLimits } from "./peer-sender.js";
export type { PeerAddress, RaftTransport, TransportStats } from "./transport.js";
export type { WireCodec } from "./wire-codec.js";
