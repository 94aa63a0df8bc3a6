/**
 * Merges the append messages of one Ready that continue each other into one message per run.
 *
 * The core emits an append per proposal (it is fed proposals one by one), so a Ready of 500
 * proposals holds ~500 appends per follower; encoding and stepping each one costs far more than
 * the entries themselves. Two appends to the same follower in the same term, where the second
 * starts right after the first's last entry, mean exactly what one append with both runs of
 * entries means: the follower appends the same entries, answers with the same last index (the
 * leader frees in-flight slots by index), and takes the later commit index.
 *
 * Order is kept per follower: a run is only extended by the next message to the same follower.
 */
import type { AppendMessage, Message } from "../core/messages.js";
import type { NodeId } from "../core/types.js";

export function coalesceAppends(messages: readonly Message[], entriesBytesMax: number): Message[] {
  const result: Message[] = [];
  /** Per follower: the position in `result` of its latest message, if that is an append. */
  const openRun = new Map<NodeId, { position: number; bytes: number }>();
  for (const message of messages) {
    const run = openRun.get(message.to);
    if (message.type !== "append") {
      openRun.delete(message.to);
      result.push(message);
      continue;
    }
    const bytes = entryBytes(message);
    if (run !== undefined) {
      const previous = result[run.position] as AppendMessage;
      if (continues(previous, message) && run.bytes + bytes <= entriesBytesMax) {
        result[run.position] = {
          ...previous,
          entries: [...previous.entries, ...message.entries],
          commit: Math.max(previous.commit, message.commit),
        };
        run.bytes += bytes;
        continue;
      }
    }
    openRun.set(message.to, { position: result.length, bytes });
    result.push(message);
  }
  return result;
}

function continues(previous: AppendMessage, next: AppendMessage): boolean {
  if (previous.term !== next.term || previous.from !== next.from) return false;
  const last = previous.entries.at(-1);
  if (last === undefined) return false;
  return next.prevLogIndex === last.index && next.prevLogTerm === last.term;
}

function entryBytes(message: AppendMessage): number {
  let bytes = 0;
  for (const entry of message.entries) bytes += entry.data.length;
  return bytes;
}
