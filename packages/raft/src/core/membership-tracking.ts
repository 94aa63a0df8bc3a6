/**
 * The membership in force follows the log (thesis §4.1): a config entry takes effect when it is
 * appended, not when it commits, and is undone when a new leader's append replaces it. These
 * functions keep RaftState's `membership`, its `configHistory` (one config per config entry
 * still in the log, plus the base at the log's start) and the leader's `progress` map in step.
 *
 * Contract: `configHistory` is ordered by index and never empty; `membership` is its last
 * config. A function that changes the membership returns true, and the caller, when it leads,
 * then checks whether fewer voters already commit more (see leader.ts).
 */
import { invariant } from "./assert.js";
import { applyConfigChange, decodeConfigChange } from "./membership.js";
import { Progress } from "./progress.js";
import type { RaftState } from "./raft-state.js";
import { type Entry, type MembershipConfig, RAFT_NO_NODE } from "./types.js";

/** Apply config entries just appended to the log (leader or follower); true when membership changed. */
export function trackConfigEntries(s: RaftState, entries: readonly Entry[]): boolean {
  let changed = false;
  for (const e of entries) {
    if (e.type !== "config") continue;
    const last = s.configHistory[s.configHistory.length - 1];
    invariant(last !== undefined && last.index < e.index, "config history out of order");
    const next = applyConfigChange(last.config, decodeConfigChange(e.data));
    s.configHistory.push({ index: e.index, config: next });
    changed = true;
  }
  return changed && membershipFromHistory(s);
}

/**
 * A follower append replaced the log from `from` on: undo the config of replaced entries and
 * apply the config entries appended (membership follows the log, thesis §4.1).
 */
export function onEntriesAppended(s: RaftState, entries: readonly Entry[], from: number): void {
  const kept = s.configHistory.filter((h) => h.index < from);
  if (kept.length !== s.configHistory.length) {
    s.configHistory = kept;
    membershipFromHistory(s);
  }
  trackConfigEntries(
    s,
    entries.filter((e) => e.index >= from),
  );
}

/** Membership := the history's last config; true when that changed it. */
function membershipFromHistory(s: RaftState): boolean {
  const last = s.configHistory[s.configHistory.length - 1];
  invariant(last !== undefined, "empty config history");
  if (last.config === s.membership) return false;
  s.membership = last.config;
  // Add and drop progress for members that came or went; keep the rest as is.
  const next = s.log.lastIndex() + 1;
  const members = new Set([...s.membership.voters, ...s.membership.learners]);
  for (const id of [...s.progress.keys()]) if (!members.has(id)) s.progress.delete(id);
  for (const id of members) {
    const isLearner = s.membership.learners.includes(id);
    const pr = s.progress.get(id);
    if (pr) pr.isLearner = isLearner;
    else {
      const p = new Progress(next, isLearner, s.cfg.maxInflightMessages);
      p.recentActive = true; // give a new member an election timeout before check-quorum counts it
      s.progress.set(id, p);
    }
  }
  if (
    s.role === "leader" &&
    s.leadTransferee !== RAFT_NO_NODE &&
    !s.membership.voters.includes(s.leadTransferee)
  ) {
    s.leadTransferee = RAFT_NO_NODE;
  }
  return true;
}

/** Forget configs older than the one in force at the log's start (the host compacted). */
export function pruneConfigHistory(s: RaftState): void {
  const base = s.log.firstIndex() - 1;
  let keepFrom = 0;
  for (let i = 0; i < s.configHistory.length; i++) {
    if ((s.configHistory[i] as { index: number }).index <= base) keepFrom = i;
  }
  if (keepFrom > 0) s.configHistory = s.configHistory.slice(keepFrom);
}

export function lastConfigIndex(s: RaftState): number {
  return (s.configHistory[s.configHistory.length - 1] as { index: number }).index;
}

/** The membership in force at `index` (for a snapshot's metadata). */
export function configAt(s: RaftState, index: number): MembershipConfig {
  let config: MembershipConfig | undefined;
  for (const h of s.configHistory) {
    if (h.index <= index) config = h.config;
    else break;
  }
  invariant(config !== undefined, () => `membership at ${index} unknown (compacted)`);
  return config;
}

/** Install a leader's snapshot's membership: the history starts over at its index. */
export function restoreMembership(s: RaftState, index: number, config: MembershipConfig): void {
  s.membership = config;
  s.configHistory = [{ index, config }];
}
