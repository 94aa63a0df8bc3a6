/**
 * The follower's side of Raft (etcd's stepFollower, handleAppendEntries, handleSnapshot): taking
 * the leader's appends (with a conflict hint for the leader's fast back-off), its heartbeats and
 * commit index, InstallSnapshot chunks, leadership transfer (TimeoutNow), and ReadIndex
 * requests relayed to the leader.
 *
 * Contract: runs only while `s.role === "follower"`. An append acknowledgement vouches for the
 * entries it names, and is dropped from the Ready if they were replaced before being persisted
 * (RaftState.sendAck/stillTrue); a commit index never runs past our last entry.
 */
import { startCampaign } from "./election.js";
import { onEntriesAppended, restoreMembership } from "./membership-tracking.js";
import type { AppendMessage, Message, SnapshotMessage } from "./messages.js";
import type { RaftState } from "./raft-state.js";
import { RAFT_NO_NODE, type Snapshot } from "./types.js";

export function stepFollower(s: RaftState, m: Message): void {
  switch (m.type) {
    case "append":
      s.electionElapsed = 0;
      s.lead = m.from;
      handleAppend(s, m);
      return;
    case "heartbeat":
      s.electionElapsed = 0;
      s.lead = m.from;
      s.log.commitTo(Math.min(m.commit, s.log.lastIndex()));
      s.send({
        type: "heartbeat-response",
        from: s.id,
        to: m.from,
        term: s.term,
        readSeq: m.readSeq,
      });
      return;
    case "snapshot":
      s.electionElapsed = 0;
      s.lead = m.from;
      handleSnapshotChunk(s, m);
      return;
    case "timeout-now":
      startCampaign(s, "transfer");
      return;
    case "read-index":
      if (s.lead !== RAFT_NO_NODE) s.send({ ...m, from: s.id, to: s.lead, term: s.term });
      return;
    case "read-index-response":
      if (!m.reject) s.readStates.push({ index: m.index, context: m.context });
      return;
    default:
      return;
  }
}

function handleAppend(s: RaftState, m: AppendMessage): void {
  const reply = (reject: boolean, index: number, hintIndex = 0, hintTerm = 0): void => {
    s.sendAck({
      type: "append-response",
      from: s.id,
      to: m.from,
      term: s.term,
      reject,
      index,
      hintIndex,
      hintTerm,
    });
  };
  if (m.prevLogIndex < s.log.committed) {
    reply(false, s.log.committed);
    return;
  }
  const result = s.log.maybeAppend(m.prevLogIndex, m.prevLogTerm, m.commit, m.entries);
  if (result !== undefined) {
    if (result.appendedFrom !== undefined) onEntriesAppended(s, m.entries, result.appendedFrom);
    reply(false, result.lastNew);
    return;
  }
  const hint = s.log.findConflictByTerm(Math.min(m.prevLogIndex, s.log.lastIndex()), m.prevLogTerm);
  reply(true, m.prevLogIndex, hint.index, hint.term);
}

function handleSnapshotChunk(s: RaftState, m: SnapshotMessage): void {
  const index = m.metadata.index;
  const respond = (nextOffset: number): void => {
    s.send({ type: "snapshot-response", from: s.id, to: m.from, term: s.term, index, nextOffset });
  };
  if (index <= s.log.committed) {
    // We have all of it already (e.g. our final answer to an earlier copy was lost): say so.
    s.snapshotReceiver.clear();
    s.sendAck({
      type: "append-response",
      from: s.id,
      to: m.from,
      term: s.term,
      reject: false,
      index: s.log.committed,
      hintIndex: 0,
      hintTerm: 0,
    });
    return;
  }
  const outcome = s.snapshotReceiver.receive(m);
  if (outcome.kind === "continue") {
    respond(outcome.nextOffset);
    return;
  }
  const installed = restore(s, outcome.snapshot);
  s.sendAck({
    type: "append-response",
    from: s.id,
    to: m.from,
    term: s.term,
    reject: false,
    index: installed ? index : s.log.committed,
    hintIndex: 0,
    hintTerm: 0,
  });
}

/** Install a leader's snapshot; false when our log already covers it. */
function restore(s: RaftState, snapshot: Snapshot): boolean {
  const { index, term } = snapshot.metadata;
  if (index <= s.log.committed) return false;
  if (s.log.matchTerm(index, term)) {
    // We hold that entry: it is committed, no need to drop the log.
    s.log.commitTo(index);
    return false;
  }
  s.log.restore(snapshot);
  restoreMembership(s, index, snapshot.metadata.config);
  s.rebuildProgress();
  return true;
}
