/**
 * The simulated members' replicated state machine: a hash chain over every applied entry, so
 * two members at the same index with different histories disagree on the hash. Its snapshots
 * carry padding derived from the hash, so a snapshot damaged in transfer is noticed.
 */
import type { Entry } from "../core/types.js";
import { SafetyViolation } from "./checker.js";

/** Bytes of padding per snapshot: large enough that snapshots travel in several chunks. */
const SNAPSHOT_PAD_BYTES = 700;

export interface AppState {
  readonly index: number;
  readonly hash: number;
}

export function applyEntry(state: AppState, entry: Entry): AppState {
  let x = (state.hash ^ entry.index) >>> 0;
  x = Math.imul(x ^ entry.term, 0x01000193) >>> 0;
  for (const byte of entry.data) x = Math.imul(x ^ byte, 0x01000193) >>> 0;
  return { index: entry.index, hash: Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0 };
}

export function encodeAppState(state: AppState): Uint8Array {
  const out = new Uint8Array(8 + SNAPSHOT_PAD_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, state.index);
  view.setUint32(4, state.hash);
  for (let i = 8; i < out.length; i++) out[i] = (state.hash + i) & 0xff;
  return out;
}

export function decodeAppState(data: Uint8Array): AppState {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 8; i < data.length; i++) {
    if (data[i] !== ((view.getUint32(4) + i) & 0xff))
      throw new SafetyViolation("snapshot data corrupted in transfer");
  }
  return { index: view.getUint32(0), hash: view.getUint32(4) };
}
