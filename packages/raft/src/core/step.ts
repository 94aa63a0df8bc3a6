/**
 * Routing one message from a peer (etcd's Step): the term rules first (a higher term makes us
 * follower, except for (pre-)votes inside a leader lease and pre-vote traffic; a lower term is
 * dropped, answered only where that unsticks a stale leader or pre-candidate), then vote
 * requests, then the role's step function (leader.ts, stepCandidate below, follower.ts).
 *
 * Contract: `m.to` is this node (asserted); a message from ourselves is ignored.
 */
import { invariant } from "./assert.js";
import { handleVoteRequest, handleVoteResponse } from "./election.js";
import { stepFollower } from "./follower.js";
import { stepLeader } from "./leader.js";
import type { Message } from "./messages.js";
import type { RaftState } from "./raft-state.js";
import { RAFT_NO_NODE } from "./types.js";

export function step(s: RaftState, m: Message): void {
  invariant(m.to === s.id, () => `message for ${m.to} stepped into ${s.id}`);
  if (m.from === s.id) return;
  if (m.term > s.term) {
    if (m.type === "vote" || m.type === "pre-vote") {
      const force = m.type === "vote" && m.transfer;
      const inLease = s.cfg.checkQuorum && s.lead !== RAFT_NO_NODE && s.electionElapsed < s.cfg.electionTicks;
      if (!force && inLease) return; // leader lease: we heard from a leader recently
    }
    if (m.type === "pre-vote") {
      // Never change term on a pre-vote.
    } else if (m.type === "pre-vote-response" && !m.reject) {
      // A granted pre-vote carries the future term; our term changes only when we campaign.
    } else if (m.type === "append" || m.type === "heartbeat" || m.type === "snapshot") {
      s.becomeFollower(m.term, m.from);
    } else {
      s.becomeFollower(m.term, RAFT_NO_NODE);
    }
  } else if (m.term < s.term) {
    if ((s.cfg.checkQuorum || s.cfg.preVote) && (m.type === "append" || m.type === "heartbeat")) {
      // A stale leader (e.g. back from a partition) learns our term from this and steps down;
      // without it, pre-vote/check-quorum could leave it stuck out of the cluster.
      s.send({
        type: "append-response",
        from: s.id,
        to: m.from,
        term: s.term,
        reject: true,
        index: 0,
        hintIndex: 0,
        hintTerm: 0,
      });
    } else if (m.type === "pre-vote") {
      s.send({ type: "pre-vote-response", from: s.id, to: m.from, term: s.term, reject: true });
    }
    return;
  }

  switch (m.type) {
    case "pre-vote":
    case "vote":
      handleVoteRequest(s, m);
      return;
    default:
      break;
  }
  switch (s.role) {
    case "leader":
      stepLeader(s, m);
      break;
    case "candidate":
    case "pre-candidate":
      stepCandidate(s, m);
      break;
    case "follower":
      stepFollower(s, m);
      break;
  }
}

function stepCandidate(s: RaftState, m: Message): void {
  switch (m.type) {
    case "append":
    case "heartbeat":
    case "snapshot":
      // A leader of our term exists.
      s.becomeFollower(m.term, m.from);
      stepFollower(s, m);
      return;
    case "pre-vote-response":
    case "vote-response":
      handleVoteResponse(s, m);
      return;
    default:
      return;
  }
}
