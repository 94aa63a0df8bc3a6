/**
 * Where this controller reaches the other members of the quorum. The Raft log is the source of
 * truth (KIP-853): an endpoint carried by a config entry, or by the bootstrap membership a
 * joining controller formatted its log with, wins; `controller.quorum.voters` is only the
 * fallback, for the initial voters and for logs written before endpoints existed.
 *
 * `update` is called with every membership the Raft driver reports (before it sends that turn's
 * messages) and re-points the transport; the forwarder, DescribeCluster and NOT_CONTROLLER hints
 * read `members` at each use.
 */
import { parseHostPort } from "@rill/protocol";
import { type MembershipConfig, memberAddresses, type PeerAddress } from "@rill/raft";
import { addressOf, type Voter } from "./config.js";

export class QuorumAddressBook {
  #current: readonly Voter[] = [];
  #unaddressedNow: readonly number[] = [];

  readonly #configured: readonly Voter[];
  readonly #onPeers: (peers: readonly PeerAddress[]) => void;
  constructor(configured: readonly Voter[], onPeers: (peers: readonly PeerAddress[]) => void) {
    this.#configured = configured;
    this.#onPeers = onPeers;
  }

  /** Every voter and learner in force that has an address. */
  get members(): readonly Voter[] {
    return this.#current;
  }

  /** Members in force with no address at all (neither in the log nor configured). */
  get unaddressed(): readonly number[] {
    return this.#unaddressedNow;
  }

  find(nodeId: number): Voter | undefined {
    return this.#current.find((member) => member.nodeId === nodeId);
  }

  update(membership: MembershipConfig): void {
    const configured = this.#configured.map((voter) => ({ nodeId: voter.nodeId, address: addressOf(voter) }));
    const { peers, unaddressed } = memberAddresses(membership, configured);
    const members: Voter[] = [];
    for (const peer of peers) {
      // Endpoints in the log were checked with the same parser before they were proposed.
      const parsed = parseHostPort(peer.address);
      if (parsed.ok) members.push({ nodeId: peer.nodeId, ...parsed.value });
    }
    this.#current = members;
    this.#unaddressedNow = unaddressed;
    this.#onPeers(peers);
  }
}
