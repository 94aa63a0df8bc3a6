import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { UsageError } from "../errors.js";

/** The parts of a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes) that are read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of the sampled time it spent itself (not in what it called). */
export interface ProfileFrame {
  readonly functionName: string;
  /** "<last two path segments>:<line>", or "" for V8's own rows ((idle), (garbage collector), ...). */
  readonly location: string;
  readonly selfMs: number;
  readonly selfPercent: number;
}

/** How many frames the summary prints. */
export const topFramesDefault = 25;
/** V8 samples this often (µs), as `node --cpu-prof` does by default. */
const samplingIntervalMicros = 1_000;

/**
 * Samples this process's CPU with V8's profiler (the same profile `node --cpu-prof` writes) from
 * `start` until `stop`, which writes it to a file that Chrome DevTools or speedscope open.
 */
export class CpuProfiler {
  readonly #session: Session;

  private constructor(session: Session) {
    this.#session = session;
  }

  static async start(): Promise<CpuProfiler> {
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalMicros });
    await session.post("Profiler.start");
    return new CpuProfiler(session);
  }

  async stop(path: string): Promise<CpuProfile> {
    const { profile } = (await this.#session.post("Profiler.stop")) as { profile: CpuProfile };
    this.#session.disconnect();
    await writeFile(path, JSON.stringify(profile));
    return profile;
  }
}

/** Reads a .cpuprofile file (a usage error when it is not one). */
export async function readCpuProfile(path: string): Promise<CpuProfile> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  let profile: Partial<CpuProfile>;
  try {
    profile = JSON.parse(text) as Partial<CpuProfile>;
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
  if (
    !Array.isArray(profile.nodes) ||
    !Array.isArray(profile.samples) ||
    !Array.isArray(profile.timeDeltas)
  ) {
    throw new UsageError(`${path} is not a V8 CPU profile (nodes, samples, timeDeltas)`);
  }
  return profile as CpuProfile;
}

/** The functions with the most self time, most first (V8's (idle), (program), GC rows included). */
export function topFrames(profile: CpuProfile, count = topFramesDefault): ProfileFrame[] {
  const frames = new Map<number, CpuProfile["nodes"][number]["callFrame"]>();
  for (const node of profile.nodes) frames.set(node.id, node.callFrame);
  const selfMicros = new Map<string, { functionName: string; location: string; micros: number }>();
  let totalMicros = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const frame = frames.get(profile.samples[index] as number);
    const micros = profile.timeDeltas[index] ?? 0;
    totalMicros += micros;
    if (frame === undefined) continue;
    const functionName = frame.functionName === "" ? "(anonymous)" : frame.functionName;
    const location =
      frame.url === "" ? "" : `${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    const key = `${functionName} ${location}`;
    const entry = selfMicros.get(key) ?? { functionName, location, micros: 0 };
    entry.micros += micros;
    selfMicros.set(key, entry);
  }
  return [...selfMicros.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, count)
    .map((entry) => ({
      functionName: entry.functionName,
      location: entry.location,
      selfMs: Math.round(entry.micros / 100) / 10,
      selfPercent: totalMicros === 0 ? 0 : Math.round((entry.micros / totalMicros) * 1000) / 10,
    }));
}

/** The frames as a table, one line each: self %, self ms, function, location. */
export function formatTopFrames(frames: readonly ProfileFrame[]): string {
  return [
    "  self%    self ms  function (location)",
    ...frames.map(
      (frame) =>
        `${frame.selfPercent.toFixed(1).padStart(7)} ${frame.selfMs.toFixed(1).padStart(10)}  ${frame.functionName}${frame.location === "" ? "" : ` (${frame.location})`}`,
    ),
  ].join("\n");
}
