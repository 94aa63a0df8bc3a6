/**
 * The leader's side of Raft (etcd's stepLeader and the bcast/send functions): proposals,
 * replication to each member with flow control (probe/replicate/snapshot, bounded inflight,
 * bytes per message, fast conflict back-off), InstallSnapshot in chunks, commit by counting
 * voters' matches, heartbeats with CheckQuorum, leadership transfer, and ReadIndex answers.
 *
 * Contract: every function here runs only while `s.role === "leader"` (the callers check);
 * entries of an earlier term commit only through an entry of the current term (Raft §5.4.2);
 * the leader counts itself for commit only for entries it has made durable (see RaftCore.advance).
 */
import { invariant } from "./assert.js";
import { committedIndex, quorumSize } from "./membership.js";
import { lastConfigIndex, trackConfigEntries } from "./membership-tracking.js";
import type {
  AppendMessage,
  AppendResponseMessage,
  HeartbeatResponseMessage,
  Message,
  SnapshotMessage,
  SnapshotResponseMessage,
} from "./messages.js";
import type { Progress } from "./progress.js";
import type { RaftState } from "./raft-state.js";
import type { PendingRead } from "./read-index.js";
import { type Entry, type EntryType, type NodeId, RAFT_NO_NODE } from "./types.js";

export type ProposeRefusal =
  | "not-leader"
  | "transferring"
  | "config-change-pending"
  | "too-many-uncommitted"
  | "invalid-change"
  | "not-committed-in-term";

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | { readonly ok: false; readonly reason: ProposeRefusal };

export function appendProposal(s: RaftState, type: EntryType, data: Uint8Array): ProposeResult {
  if (s.role !== "leader") return { ok: false, reason: "not-leader" };
  if (s.leadTransferee !== RAFT_NO_NODE) return { ok: false, reason: "transferring" };
  if (s.log.lastIndex() - s.log.committed >= s.maxUncommittedEntries) {
    return { ok: false, reason: "too-many-uncommitted" };
  }
  const entry: Entry = { index: s.log.lastIndex() + 1, term: s.term, type, data };
  appendLeaderEntries(s, [entry]);
  broadcastAppend(s);
  return { ok: true, index: entry.index, term: entry.term };
}

export function appendLeaderEntries(s: RaftState, entries: Entry[]): void {
  s.log.append(entries);
  // Our own match advances in advance(), once these entries are durable.
  if (trackConfigEntries(s, entries)) commitAfterMembershipChange(s);
}

/** With fewer voters a quorum may already have the entries. */
function commitAfterMembershipChange(s: RaftState): void {
  if (s.role === "leader" && maybeCommit(s)) broadcastAppend(s);
}

/**
 * Hand leadership to `to` (leader only; elsewhere ignored). Proposals are refused while the
 * transfer runs; it is abandoned after an election timeout.
 */
export function transferLeadership(s: RaftState, to: NodeId): void {
  if (s.role !== "leader" || to === s.id) return;
  const pr = s.progress.get(to);
  if (pr === undefined || pr.isLearner) return;
  if (s.leadTransferee === to) return;
  s.leadTransferee = to;
  s.electionElapsed = 0;
  if (pr.match === s.log.lastIndex()) sendTimeoutNow(s, to);
  else sendAppend(s, to, false);
}

export function tickLeader(s: RaftState): void {
  s.heartbeatElapsed++;
  s.electionElapsed++;
  if (s.electionElapsed >= s.cfg.electionTicks) {
    s.electionElapsed = 0;
    if (s.cfg.checkQuorum) {
      if (!quorumActive(s)) {
        s.becomeFollower(s.term, RAFT_NO_NODE);
        return;
      }
      for (const [id, pr] of s.progress) pr.recentActive = id === s.id;
    }
    if (s.leadTransferee !== RAFT_NO_NODE) s.leadTransferee = RAFT_NO_NODE; // transfer timed out
  }
  if (s.heartbeatElapsed >= s.cfg.heartbeatTicks) {
    s.heartbeatElapsed = 0;
    broadcastHeartbeat(s);
  }
}

function quorumActive(s: RaftState): boolean {
  const voters = s.membership.voters;
  let active = 0;
  for (const id of voters) {
    if (id === s.id || s.progress.get(id)?.recentActive) active++;
  }
  return active >= quorumSize(voters);
}

export function stepLeader(s: RaftState, m: Message): void {
  switch (m.type) {
    case "append-response":
      handleAppendResponse(s, m);
      return;
    case "heartbeat-response":
      handleHeartbeatResponse(s, m);
      return;
    case "snapshot-response":
      handleSnapshotResponse(s, m);
      return;
    case "read-index":
      leaderRead(s, m.context, m.from);
      return;
    default:
      return; // stale responses, or messages a leader ignores at its own term
  }
}

function handleAppendResponse(s: RaftState, m: AppendResponseMessage): void {
  const pr = s.progress.get(m.from);
  if (!pr) return;
  pr.recentActive = true;
  if (m.reject) {
    if (m.index === 0) return; // a higher-term notice; nothing to back off
    let hint = m.hintIndex;
    if (m.hintTerm > 0) hint = s.log.findConflictByTerm(m.hintIndex, m.hintTerm).index;
    if (pr.maybeDecrTo(m.index, hint)) {
      if (pr.state === "replicate") pr.becomeProbe();
      sendAppend(s, m.from, false);
    }
    return;
  }
  const wasPaused = pr.isPaused();
  if (!pr.maybeUpdate(m.index)) {
    if (wasPaused && !pr.isPaused()) sendAppend(s, m.from, false);
    return;
  }
  if (pr.state === "probe") {
    pr.becomeReplicate();
  } else if (pr.state === "snapshot" && pr.match + 1 >= s.log.firstIndex()) {
    pr.becomeProbe();
    pr.becomeReplicate();
  } else if (pr.state === "replicate") {
    pr.freeInflightTo(m.index);
  }
  if (maybeCommit(s)) {
    broadcastAppend(s);
  } else if (wasPaused) {
    // It was waiting on this answer: tell it our commit even if there is nothing new.
    sendAppend(s, m.from, true);
  }
  while (sendAppend(s, m.from, false)) {
    // keep the pipe full up to the inflight limit
  }
  if (m.from === s.leadTransferee && pr.match === s.log.lastIndex()) sendTimeoutNow(s, m.from);
}

function handleHeartbeatResponse(s: RaftState, m: HeartbeatResponseMessage): void {
  const pr = s.progress.get(m.from);
  if (!pr) return;
  pr.recentActive = true;
  pr.probeSent = false;
  if (pr.state === "replicate" && pr.isPaused()) pr.freeFirstInflight();
  if (pr.state === "snapshot") {
    sendSnapshotChunk(s, m.from, pr); // resume a stalled transfer
  } else if (pr.match < s.log.lastIndex()) {
    // Even with nothing new to send (next > last after a lost append), an empty append makes
    // the follower reject and the leader fall back to probing: the pipe never stays stuck.
    sendAppend(s, m.from, true);
  }
  if (m.readSeq > 0 && !pr.isLearner) {
    for (const r of s.reads.ack(m.from, m.readSeq, s.membership.voters)) releaseRead(s, r);
  }
}

function handleSnapshotResponse(s: RaftState, m: SnapshotResponseMessage): void {
  const pr = s.progress.get(m.from);
  if (!pr) return;
  pr.recentActive = true;
  if (pr.state !== "snapshot" || m.index !== pr.pendingSnapshot) return;
  if (m.nextOffset === pr.snapshotOffset) return; // duplicate answer
  pr.snapshotOffset = m.nextOffset;
  sendSnapshotChunk(s, m.from, pr);
}

/** Count voters' matches; commit only an index whose entry is of the current term. */
export function maybeCommit(s: RaftState): boolean {
  const index = committedIndex(s.membership.voters, (id) => s.progress.get(id)?.match ?? 0);
  if (index <= s.log.committed) return false;
  if (s.log.term(index) !== s.term && !s.faults.commitPreviousTermByCounting) return false;
  s.log.commitTo(index);
  onCommitAdvanced(s);
  return true;
}

function onCommitAdvanced(s: RaftState): void {
  if (s.role !== "leader") return;
  if (s.log.term(s.log.committed) === s.term) {
    for (const r of s.reads.takeAwaitingCommit()) leaderRead(s, r.context, r.from);
  }
  // A leader removed from the membership steps down once its removal is committed.
  if (!s.membership.voters.includes(s.id) && s.log.committed >= lastConfigIndex(s)) {
    s.becomeFollower(s.term, RAFT_NO_NODE);
  }
}

export function broadcastAppend(s: RaftState): void {
  for (const id of s.progress.keys()) {
    if (id !== s.id) sendAppend(s, id, true);
  }
}

function broadcastHeartbeat(s: RaftState): void {
  const readSeq = s.reads.heartbeatSeq;
  for (const [id, pr] of s.progress) {
    if (id === s.id) continue;
    s.send({
      type: "heartbeat",
      from: s.id,
      to: id,
      term: s.term,
      // Never tell a follower to commit beyond what it is known to match.
      commit: Math.min(pr.match, s.log.committed),
      readSeq,
    });
  }
}

/** Send an append (or a snapshot) to `to`; false when nothing was sent. */
function sendAppend(s: RaftState, to: NodeId, sendIfEmpty: boolean): boolean {
  const pr = s.progress.get(to);
  if (!pr || pr.isPaused()) return false;
  const prevLogIndex = pr.next - 1;
  const prevLogTerm = s.log.term(prevLogIndex);
  const last = s.log.lastIndex();
  const entries =
    prevLogTerm === undefined ? undefined : s.log.entries(pr.next, last + 1, s.cfg.maxEntriesBytesPerMessage);
  if (prevLogTerm === undefined || entries === undefined) {
    return startSnapshot(s, to, pr);
  }
  if (entries.length === 0 && !sendIfEmpty) return false;
  const msg: AppendMessage = {
    type: "append",
    from: s.id,
    to,
    term: s.term,
    prevLogIndex,
    prevLogTerm,
    entries,
    commit: s.log.committed,
  };
  s.send(msg);
  const lastSent = entries[entries.length - 1];
  if (lastSent) pr.sentEntries(lastSent.index);
  else if (pr.state === "probe") pr.probeSent = true;
  return true;
}

function startSnapshot(s: RaftState, to: NodeId, pr: Progress): boolean {
  if (!pr.recentActive) return false; // do not stream a snapshot into the void
  const snap = s.cfg.log.snapshot();
  invariant(snap !== undefined, "log compacted without a snapshot");
  pr.becomeSnapshot(snap.metadata.index);
  sendSnapshotChunk(s, to, pr);
  return true;
}

function sendSnapshotChunk(s: RaftState, to: NodeId, pr: Progress): void {
  const snap = s.cfg.log.snapshot();
  invariant(snap !== undefined, "snapshot vanished");
  if (snap.metadata.index !== pr.pendingSnapshot) {
    // A newer snapshot replaced it: start over with that one.
    pr.becomeSnapshot(snap.metadata.index);
  }
  const offset = Math.min(pr.snapshotOffset, snap.data.length);
  const end = Math.min(offset + s.maxSnapshotChunkBytes, snap.data.length);
  const msg: SnapshotMessage = {
    type: "snapshot",
    from: s.id,
    to,
    term: s.term,
    metadata: snap.metadata,
    offset,
    data: snap.data.subarray(offset, end),
    done: end === snap.data.length,
  };
  s.send(msg);
}

function sendTimeoutNow(s: RaftState, to: NodeId): void {
  s.send({ type: "timeout-now", from: s.id, to, term: s.term });
}

/** A linearizable read asked of this leader by itself or by follower `from` (thesis §6.4). */
export function leaderRead(s: RaftState, context: Uint8Array, from: NodeId): void {
  if (s.log.term(s.log.committed) !== s.term) {
    // Our commit index may lag the true one until our noop commits (thesis §6.4).
    s.reads.awaitCommit({ context, from });
    return;
  }
  if (s.membership.voters.length === 1 && s.membership.voters[0] === s.id) {
    releaseRead(s, { seq: 0, index: s.log.committed, context, from, acks: new Set() });
    return;
  }
  if (!s.reads.add(s.log.committed, context, from, s.id)) return;
  broadcastHeartbeat(s);
}

function releaseRead(s: RaftState, r: PendingRead): void {
  if (r.from === s.id) {
    s.readStates.push({ index: r.index, context: r.context });
  } else {
    s.send({
      type: "read-index-response",
      from: s.id,
      to: r.from,
      term: s.term,
      index: r.index,
      context: r.context,
      reject: false,
    });
  }
}
