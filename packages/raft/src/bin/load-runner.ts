/**
 * The benchmark's load, run inside the leader's process: `count` proposals of one record each,
 * at most `inFlightMax` outstanding, timing each from propose() to commit on the process clock.
 */
import { performance } from "node:perf_hooks";
import type { RaftClient } from "../client/raft-client.js";

export interface LoadResult {
  readonly committed: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
}

/** Largest load accepted in one call (bounds the latency sample held in memory). */
export const LOAD_COUNT_MAX = 1_000_000;
export const LOAD_IN_FLIGHT_MAX = 65_536;
export const LOAD_RECORD_BYTES_MAX = 1024 * 1024;

export async function runLoad(
  client: RaftClient,
  request: { count: number; recordBytes: number; inFlightMax: number },
): Promise<LoadResult> {
  const { count, recordBytes, inFlightMax } = request;
  if (!(count > 0 && count <= LOAD_COUNT_MAX && inFlightMax > 0 && inFlightMax <= LOAD_IN_FLIGHT_MAX)) {
    throw new RangeError("load: count or in-flight limit out of range");
  }
  if (!(recordBytes >= 0 && recordBytes <= LOAD_RECORD_BYTES_MAX))
    throw new RangeError("load: record size out of range");
  const record = new Uint8Array(recordBytes).fill(0x61);
  const latencies = new Float64Array(count);
  let started = 0;
  let committed = 0;
  let failed = 0;
  const startMs = performance.now();
  await new Promise<void>((resolve) => {
    const launch = (): void => {
      while (started < count && started - committed - failed < inFlightMax) {
        const proposedAt = performance.now();
        started += 1;
        client.propose([record]).then(
          () => {
            latencies[committed] = performance.now() - proposedAt;
            committed += 1;
            settle();
          },
          () => {
            failed += 1;
            settle();
          },
        );
      }
    };
    const settle = (): void => {
      if (committed + failed === count) resolve();
      else launch();
    };
    launch();
  });
  const elapsedMs = performance.now() - startMs;
  const sample = latencies.subarray(0, committed).sort();
  const at = (fraction: number): number =>
    sample.length === 0
      ? 0
      : (sample[Math.min(sample.length - 1, Math.ceil(fraction * sample.length) - 1)] as number);
  return {
    committed,
    failed,
    elapsedMs,
    latencyP50Ms: at(0.5),
    latencyP99Ms: at(0.99),
    latencyMaxMs: at(1),
  };
}
