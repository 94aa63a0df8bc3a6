import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { decodeRecordBatch, iterateRecordBatches } from "@rill/protocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PartitionLog } from "../src/index.js";
import { random } from "./crash-trial.js";
import { makeTempDir, type TempDir } from "./helpers.js";

const CHILD = join(import.meta.dirname, "fixtures", "crash-child.ts");
const PACKAGE_DIR = join(import.meta.dirname, "..");
const TRIALS = Number(process.env.RILL_STORAGE_KILL_TRIALS ?? 20);
const CHILD_DEADLINE_MS = 20_000;
/**
 * The whole test: TRIALS child processes, each a tsx start-up (1–2 s on an idle 2-core machine,
 * several seconds when the suite's other files run beside it; 60 s was hit in a loaded run).
 */
const TEST_TIMEOUT_MS = 180_000;

let child: ChildProcess | undefined;
const dirs: TempDir[] = [];

afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});
afterAll(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** Starts the child, collects its `durable <tag>` lines, kills it -9 after `killAfter` of them. */
function runChild(directory: string, killAfter: number, durable: Set<number>): Promise<void> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ["--conditions=source", "--import", "tsx", CHILD, directory], {
      cwd: PACKAGE_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = process_;
    let seen = 0;
    let pending = "";
    let stderr = "";
    const deadline = setTimeout(() => {
      process_.kill("SIGKILL");
      reject(new Error(`child did not report ${killAfter} durable batches in time: ${stderr}`));
    }, CHILD_DEADLINE_MS);
    process_.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    process_.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const match = /^durable (\d+)$/.exec(line);
        if (match === null) continue;
        durable.add(Number(match[1]));
        seen += 1;
        // kill -9 in the middle of the stream: more appends and fsyncs are in flight.
        if (seen === killAfter) process_.kill("SIGKILL");
      }
    });
    process_.on("exit", (code, signal) => {
      clearTimeout(deadline);
      child = undefined;
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe("kill -9 crash test (real child process, real files)", () => {
  it(
    `every batch reported durable survives ${TRIALS} kill -9s, and nothing invalid is served`,
    async () => {
      const dir = makeTempDir();
      dirs.push(dir);
      const directory = join(dir.path, "crash-0");
      const next = random(0xc0ffee);
      const durable = new Set<number>();
      for (let trial = 0; trial < TRIALS; trial += 1) {
        await runChild(directory, 1 + Math.floor(next() * 120), durable);
        const log = await PartitionLog.open({ directory, config: { segmentBytes: 64 * 1024 } });
        try {
          expect(log.recovery?.cleanShutdown).toBe(false);
          // Every durable batch present and intact.
          for (const tag of durable) {
            expect(2 * tag + 1, `trial ${trial}: durable batch ${tag} lost`).toBeLessThan(log.logEndOffset);
          }
          let offset = 0;
          const seen = new Set<number>();
          while (offset < log.logEndOffset) {
            const read = await log.read(offset, 1 << 20);
            expect(read.bytes.length).toBeGreaterThan(0);
            for (const header of iterateRecordBatches(read.bytes)) {
              expect(header.baseOffset).toBe(offset);
              offset = header.lastOffset + 1;
            }
            let position = 0;
            while (position < read.bytes.length) {
              const batch = decodeRecordBatch(read.bytes, { position });
              const tag = Buffer.from(batch.records[0]?.value as Uint8Array).readUInt32BE(0);
              expect(batch.baseOffset).toBe(2 * tag);
              seen.add(tag);
              position += batch.sizeInBytes;
            }
          }
          for (const tag of durable) expect(seen.has(tag)).toBe(true);
        } finally {
          // Close uncleanly is not possible in-process; a clean close is fine: the next child
          // continues the log, and the next kill makes the next open unclean again.
          await log.close();
        }
      }
      expect(durable.size).toBeGreaterThan(TRIALS);
    },
    TEST_TIMEOUT_MS,
  );
});
