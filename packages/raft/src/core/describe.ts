/**
 * Stable, compact text renderings of the core's data, for logs and the data-driven tests
 * (testdata/*.txt). Changing a format changes expected test output: rewrite it on purpose.
 */
import { decodeConfigChange } from "./membership.js";
import type { Message } from "./messages.js";
import type { Ready } from "./ready.js";
import type { Entry, HardState, MembershipConfig, SnapshotMetadata } from "./types.js";

const MAX_DATA_CHARS = 24;

function text(data: Uint8Array): string {
  let s = "";
  for (const b of data.subarray(0, MAX_DATA_CHARS)) s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
  return data.length > MAX_DATA_CHARS ? `${s}...` : s;
}

export function describeEntry(e: Entry): string {
  switch (e.type) {
    case "noop":
      return `${e.index}/${e.term} noop`;
    case "config": {
      const c = decodeConfigChange(e.data);
      return `${e.index}/${e.term} config ${c.type} ${c.nodeId}`;
    }
    case "normal":
      return `${e.index}/${e.term} "${text(e.data)}"`;
  }
}

export function describeEntries(entries: readonly Entry[]): string {
  return `[${entries.map(describeEntry).join(", ")}]`;
}

export function describeMembership(c: MembershipConfig): string {
  return `voters=(${c.voters.join(" ")}) learners=(${c.learners.join(" ")})`;
}

export function describeSnapshotMetadata(m: SnapshotMetadata): string {
  return `index=${m.index} term=${m.term} ${describeMembership(m.config)}`;
}

export function describeHardState(hs: HardState): string {
  return `term=${hs.term} vote=${hs.vote} commit=${hs.commit}`;
}

export function describeMessage(m: Message): string {
  const head = `${m.from}->${m.to} ${m.type} t${m.term}`;
  switch (m.type) {
    case "pre-vote":
    case "vote":
      return `${head} last=${m.lastLogIndex}/${m.lastLogTerm}${m.type === "vote" && m.transfer ? " transfer" : ""}`;
    case "pre-vote-response":
    case "vote-response":
      return `${head} ${m.reject ? "rejected" : "granted"}`;
    case "append":
      return `${head} prev=${m.prevLogIndex}/${m.prevLogTerm} commit=${m.commit} entries=${describeEntries(m.entries)}`;
    case "append-response":
      return m.reject
        ? `${head} reject index=${m.index} hint=${m.hintIndex}/${m.hintTerm}`
        : `${head} index=${m.index}`;
    case "heartbeat":
      return `${head} commit=${m.commit}${m.readSeq > 0 ? ` read=${m.readSeq}` : ""}`;
    case "heartbeat-response":
      return `${head}${m.readSeq > 0 ? ` read=${m.readSeq}` : ""}`;
    case "snapshot":
      return `${head} snapshot=${m.metadata.index}/${m.metadata.term} offset=${m.offset} bytes=${m.data.length}${m.done ? " done" : ""}`;
    case "snapshot-response":
      return `${head} snapshot=${m.index} next-offset=${m.nextOffset}`;
    case "timeout-now":
      return head;
    case "read-index":
      return `${head} ctx=${text(m.context)}`;
    case "read-index-response":
      return `${head} index=${m.index} ctx=${text(m.context)}${m.reject ? " rejected" : ""}`;
  }
}

/** One line per field present, indented by `indent`. */
export function describeReady(rd: Ready, indent = "  "): string {
  const lines: string[] = [];
  if (rd.softState) lines.push(`soft-state: role=${rd.softState.role} leader=${rd.softState.leaderId}`);
  if (rd.hardState) lines.push(`hard-state: ${describeHardState(rd.hardState)}`);
  if (rd.snapshot) lines.push(`snapshot: ${describeSnapshotMetadata(rd.snapshot.metadata)}`);
  if (rd.entries.length > 0) lines.push(`entries: ${describeEntries(rd.entries)}`);
  if (rd.committedEntries.length > 0) lines.push(`committed: ${describeEntries(rd.committedEntries)}`);
  for (const rs of rd.readStates) lines.push(`read-state: index=${rs.index} ctx=${text(rs.context)}`);
  for (const m of rd.messages) lines.push(`send: ${describeMessage(m)}`);
  return lines.map((l) => indent + l).join("\n");
}
