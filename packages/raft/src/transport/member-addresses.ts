/**
 * Where each member of the quorum is reached. The log is the source of truth (KIP-853): a
 * member's endpoint carried by a config entry or the bootstrap config wins; the host's configured
 * address (`controller.quorum.voters`) is only the fallback, for the initial voters and for logs
 * written before endpoints existed.
 */
import type { MembershipConfig, NodeId } from "../core/types.js";
import type { PeerAddress } from "./transport.js";

export interface MemberAddresses {
  /** Every voter and learner with an address, sorted by node id. */
  readonly peers: readonly PeerAddress[];
  /** Members with neither an endpoint nor a configured address: unreachable, a config error. */
  readonly unaddressed: readonly NodeId[];
}

export function memberAddresses(
  membership: MembershipConfig,
  configured: readonly PeerAddress[],
): MemberAddresses {
  const peers: PeerAddress[] = [];
  const unaddressed: NodeId[] = [];
  const members = [...membership.voters, ...membership.learners].sort((a, b) => a - b);
  for (const nodeId of members) {
    const address =
      membership.endpoints?.find((endpoint) => endpoint.nodeId === nodeId)?.address ??
      configured.find((peer) => peer.nodeId === nodeId)?.address;
    if (address === undefined) unaddressed.push(nodeId);
    else peers.push({ nodeId, address });
  }
  return { peers, unaddressed };
}
