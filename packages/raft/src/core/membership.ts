/**
 * One-server-at-a-time membership changes (Raft thesis §4): a change takes effect on every
 * member as soon as its entry is appended to the member's log (not when committed), and is undone
 * if that entry is truncated away. The leader allows one uncommitted change at a time.
 */
import { invariant } from "./assert.js";
import type { ConfigChange, MembershipConfig, NodeId } from "./types.js";

const CHANGE_TYPES = ["add-learner", "promote-learner", "remove-node"] as const;
/** Bytes of an encoded change: a type byte and a 32-bit node id. */
const ENCODED_CHANGE_BYTES = 5;

export function encodeConfigChange(change: ConfigChange): Uint8Array {
  invariant(
    Number.isInteger(change.nodeId) && change.nodeId > 0 && change.nodeId <= 0xffffffff,
    "node id out of range",
  );
  const out = new Uint8Array(ENCODED_CHANGE_BYTES);
  out[0] = CHANGE_TYPES.indexOf(change.type);
  new DataView(out.buffer).setUint32(1, change.nodeId);
  return out;
}

export function decodeConfigChange(data: Uint8Array): ConfigChange {
  invariant(data.length === ENCODED_CHANGE_BYTES, "bad config change length");
  const type = CHANGE_TYPES[data[0] as number];
  invariant(type !== undefined, "bad config change type");
  const nodeId = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1);
  return { type, nodeId };
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
      return { voters, learners: [...learners, id].sort((a, b) => a - b) };
    case "promote-learner":
      return { voters: [...voters, id].sort((a, b) => a - b), learners };
    case "remove-node":
      return { voters, learners };
  }
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
