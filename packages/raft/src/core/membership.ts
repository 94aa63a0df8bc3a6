/**
 * One-server-at-a-time membership changes (Raft thesis §4): a change takes effect on every
 * member as soon as its entry is appended to the member's log (not when committed), and is undone
 * if that entry is truncated away. The leader allows one uncommitted change at a time.
 */
import { nodeId } from "@rill/protocol/ids";
import { invariant } from "./assert.js";
import type { ConfigChange, MemberEndpoint, MembershipConfig, NodeId } from "./types.js";

const CHANGE_TYPES = ["add-learner", "promote-learner", "remove-node"] as const;
/** Bytes of an encoded change without an address: a type byte and a 32-bit node id. */
const ENCODED_CHANGE_BYTES = 5;
/**
 * The longest endpoint address a change carries, in UTF-8 bytes (a host name is at most 253,
 * plus ":port"): its length travels in one byte after the node id.
 */
export const ENDPOINT_ADDRESS_BYTES_MAX = 255;

/**
 * Layout: u8 type, u32 node id, then only when the change carries an address: u8 length and the
 * address in UTF-8. A 5-byte entry (written before endpoints existed) still decodes, to a change
 * without an address.
 */
export function encodeConfigChange(change: ConfigChange): Uint8Array {
  invariant(
    Number.isInteger(change.nodeId) && change.nodeId > 0 && change.nodeId <= 0xffffffff,
    "node id out of range",
  );
  const address =
    change.type !== "remove-node" && change.address !== undefined
      ? new TextEncoder().encode(change.address)
      : undefined;
  invariant(
    address === undefined || (address.length > 0 && address.length <= ENDPOINT_ADDRESS_BYTES_MAX),
    "endpoint address length out of range",
  );
  const out = new Uint8Array(ENCODED_CHANGE_BYTES + (address === undefined ? 0 : 1 + address.length));
  out[0] = CHANGE_TYPES.indexOf(change.type);
  new DataView(out.buffer).setUint32(1, change.nodeId);
  if (address !== undefined) {
    out[ENCODED_CHANGE_BYTES] = address.length;
    out.set(address, ENCODED_CHANGE_BYTES + 1);
  }
  return out;
}

export function decodeConfigChange(data: Uint8Array): ConfigChange {
  invariant(data.length >= ENCODED_CHANGE_BYTES, "bad config change length");
  const type = CHANGE_TYPES[data[0] as number];
  invariant(type !== undefined, "bad config change type");
  const changed = nodeId(new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1));
  if (data.length === ENCODED_CHANGE_BYTES) return { type, nodeId: changed };
  invariant(type !== "remove-node", "a remove-node change carries no address");
  const addressBytes = data[ENCODED_CHANGE_BYTES] as number;
  invariant(
    addressBytes > 0 && data.length === ENCODED_CHANGE_BYTES + 1 + addressBytes,
    "bad config change address length",
  );
  const address = new TextDecoder("utf-8", { fatal: true }).decode(data.subarray(ENCODED_CHANGE_BYTES + 1));
  return { type, nodeId: changed, address };
}

/** Why `change` cannot apply to `config`, or undefined if it can. */
export function validateConfigChange(config: MembershipConfig, change: ConfigChange): string | undefined {
  const isVoter = config.voters.includes(change.nodeId);
  const isLearner = config.learners.includes(change.nodeId);
  switch (change.type) {
    case "add-learner":
      return isVoter || isLearner ? "already a member" : undefined;
    case "promote-learner":
      return isLearner ? undefined : "not a learner";
    case "remove-node":
      if (!isVoter && !isLearner) return "not a member";
      if (isVoter && config.voters.length === 1) return "cannot remove the last voter";
      return undefined;
  }
}

/** The membership after `change`. Idempotent on already-applied changes. */
export function applyConfigChange(config: MembershipConfig, change: ConfigChange): MembershipConfig {
  const id = change.nodeId;
  const voters = config.voters.filter((v) => v !== id);
  const learners = config.learners.filter((l) => l !== id);
  switch (change.type) {
    case "add-learner":
      if (config.voters.includes(id)) return config;
      return withEndpoints(
        { voters, learners: [...learners, id].sort((a, b) => a - b) },
        endpointsAfter(config.endpoints, id, change.address),
      );
    case "promote-learner":
      return withEndpoints(
        { voters: [...voters, id].sort((a, b) => a - b), learners },
        endpointsAfter(config.endpoints, id, change.address),
      );
    case "remove-node":
      return withEndpoints(
        { voters, learners },
        (config.endpoints ?? []).filter((e) => e.nodeId !== id),
      );
  }
}

/** The endpoints with `id`'s replaced by `address` (kept as they are when there is none). */
function endpointsAfter(
  endpoints: readonly MemberEndpoint[] | undefined,
  id: NodeId,
  address: string | undefined,
): readonly MemberEndpoint[] {
  if (address === undefined) return endpoints ?? [];
  return [...(endpoints ?? []).filter((e) => e.nodeId !== id), { nodeId: id, address }].sort(
    (a, b) => a.nodeId - b.nodeId,
  );
}

/** `endpoints` is left out when empty, so a config without addresses looks as it always did. */
function withEndpoints(
  config: { voters: readonly NodeId[]; learners: readonly NodeId[] },
  endpoints: readonly MemberEndpoint[],
): MembershipConfig {
  return endpoints.length === 0 ? config : { ...config, endpoints };
}

/** The address of `id` in the membership's endpoints, or undefined. */
export function endpointOf(config: MembershipConfig, id: NodeId): string | undefined {
  return config.endpoints?.find((e) => e.nodeId === id)?.address;
}

export function quorumSize(voters: readonly NodeId[]): number {
  return Math.floor(voters.length / 2) + 1;
}

/** The largest index that a quorum of voters has matched (voters missing from `match` count 0). */
export function committedIndex(voters: readonly NodeId[], match: (id: NodeId) => number): number {
  if (voters.length === 0) return 0;
  const m = voters.map(match).sort((a, b) => b - a);
  return m[quorumSize(voters) - 1] as number;
}
