/**
 * Elections (etcd's campaign, poll and the vote handling in Step): randomized election
 * timeouts, PreVote (a pre-candidate asks at the next term without changing its own), votes
 * with the log up-to-date check, the tally, and the step to candidate and to leader.
 *
 * Contract: a vote is granted at most once per term (the vote is in the hard state the next
 * Ready persists before the answer is sent); a pre-vote changes no durable state; a new leader
 * appends a noop of its term, through which the entries of earlier terms commit (Raft §5.4.2).
 */
import { invariant } from "./assert.js";
import { appendLeaderEntries, broadcastAppend } from "./leader.js";
import { quorumSize } from "./membership.js";
import type { Message } from "./messages.js";
import type { RaftState } from "./raft-state.js";
import { type Entry, RAFT_NO_NODE } from "./types.js";

export type CampaignKind = "pre" | "election" | "transfer";

function becomePreCandidate(s: RaftState): void {
  invariant(s.role !== "leader", "leader cannot become pre-candidate");
  // Term and vote stay: a pre-vote changes no durable state.
  s.votes.clear();
  s.lead = RAFT_NO_NODE;
  s.role = "pre-candidate";
}

function becomeCandidate(s: RaftState): void {
  invariant(s.role !== "leader", "leader cannot become candidate");
  s.reset(s.term + 1);
  s.vote = s.id;
  s.role = "candidate";
}

function becomeLeader(s: RaftState): void {
  invariant(s.role === "candidate", "only a candidate becomes leader");
  s.reset(s.term);
  s.lead = s.id;
  s.role = "leader";
  for (const pr of s.progress.values()) pr.recentActive = true;
  // Any config entry in our log may be uncommitted: allow no change until all of it commits.
  s.pendingConfIndex = s.log.lastIndex();
  // Entries of earlier terms commit only through an entry of this term (Raft §5.4.2).
  const noop: Entry = {
    index: s.log.lastIndex() + 1,
    term: s.term,
    type: "noop",
    data: new Uint8Array(0),
  };
  appendLeaderEntries(s, [noop]);
  broadcastAppend(s);
}

function promotable(s: RaftState): boolean {
  return s.membership.voters.includes(s.id) && !s.log.unstable().snapshot;
}

export function startCampaign(s: RaftState, kind: CampaignKind): void {
  if (!promotable(s)) return;
  let voteTerm: number;
  if (kind === "pre") {
    becomePreCandidate(s);
    voteTerm = s.term + 1;
  } else {
    becomeCandidate(s);
    voteTerm = s.term;
  }
  s.votes.set(s.id, true);
  if (tally(s) === "won") {
    if (kind === "pre") startCampaign(s, "election");
    else becomeLeader(s);
    return;
  }
  const lastLogIndex = s.log.lastIndex();
  const lastLogTerm = s.log.lastTerm();
  for (const id of s.membership.voters) {
    if (id === s.id) continue;
    if (kind === "pre") {
      s.send({ type: "pre-vote", from: s.id, to: id, term: voteTerm, lastLogIndex, lastLogTerm });
    } else {
      s.send({
        type: "vote",
        from: s.id,
        to: id,
        term: voteTerm,
        lastLogIndex,
        lastLogTerm,
        transfer: kind === "transfer",
      });
    }
  }
}

function tally(s: RaftState): "won" | "lost" | "pending" {
  const voters = s.membership.voters;
  let granted = 0;
  let rejected = 0;
  for (const id of voters) {
    const v = s.votes.get(id);
    if (v === true) granted++;
    else if (v === false) rejected++;
  }
  const q = quorumSize(voters);
  if (granted >= q) return "won";
  if (rejected > voters.length - q) return "lost";
  return "pending";
}

/** A (pre-)vote request at our term or later (the caller has already moved to its term). */
export function handleVoteRequest(s: RaftState, m: Extract<Message, { type: "vote" | "pre-vote" }>): void {
  const canVote =
    s.vote === m.from ||
    (s.vote === RAFT_NO_NODE && s.lead === RAFT_NO_NODE) ||
    (m.type === "pre-vote" && m.term > s.term);
  const upToDate = s.faults.skipUpToDateCheck || s.log.isUpToDate(m.lastLogIndex, m.lastLogTerm);
  const responseType = m.type === "vote" ? "vote-response" : "pre-vote-response";
  if (canVote && upToDate) {
    // Answer with the requested term so the (pre-)candidate counts it.
    s.send({ type: responseType, from: s.id, to: m.from, term: m.term, reject: false });
    if (m.type === "vote") {
      s.electionElapsed = 0;
      s.vote = m.from;
    }
  } else {
    s.send({ type: responseType, from: s.id, to: m.from, term: s.term, reject: true });
  }
}

/** A (pre-)vote answer to this (pre-)candidate: count it; won → next phase, lost → follower. */
export function handleVoteResponse(
  s: RaftState,
  m: Extract<Message, { type: "vote-response" | "pre-vote-response" }>,
): void {
  const mine = s.role === "pre-candidate" ? "pre-vote-response" : "vote-response";
  if (m.type !== mine) return;
  s.votes.set(m.from, !m.reject);
  const result = tally(s);
  if (result === "won") {
    if (s.role === "pre-candidate") startCampaign(s, "election");
    else {
      becomeLeader(s);
    }
  } else if (result === "lost") {
    s.becomeFollower(s.term, RAFT_NO_NODE);
  }
}

export function tickElection(s: RaftState): void {
  s.electionElapsed++;
  if (promotable(s) && s.electionElapsed >= s.randomizedElectionTimeout) {
    s.electionElapsed = 0;
    startCampaign(s, s.cfg.preVote ? "pre" : "election");
  }
}
