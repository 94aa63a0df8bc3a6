import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const fixture = join(import.meta.dirname, "fixtures", "lifecycle-child.ts");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

interface Run {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(mode: string): Run {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", fixture, mode], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) if (part.trim().length > 0) lines.push(JSON.parse(part));
    for (const waiter of waiters) waiter();
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (predicate: (line: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.some(predicate)) resolve();
      };
      waiters.push(check);
      check();
      void exited.then(() => {
        // Let the last stdout chunk land before giving up.
        setImmediate(() => {
          check();
          reject(
            new Error(
              `child exited before the expected line; stdout=${JSON.stringify(lines)} stderr=${stderr}`,
            ),
          );
        });
      });
    });
  return { child, lines, waitFor, exited };
}

const messages = (run: Run) => run.lines.map((line) => line.msg);

describe("Lifecycle in a real process", () => {
  it("runs shutdown hooks in reverse order on SIGTERM and exits 0", async () => {
    const run = start("ok");
    await run.waitFor((line) => line.msg === "ready");
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(messages(run).filter((msg) => String(msg).startsWith("hook "))).toEqual([
      "hook c",
      "hook b",
      "hook a",
    ]);
    expect(messages(run)).toContain("shutting down");
    expect(run.lines.at(-1)).toMatchObject({
      msg: "shutdown complete",
      reason: "SIGTERM",
      hooks: [
        { name: "timer", outcome: "done" },
        { name: "c", outcome: "done" },
        { name: "b", outcome: "done" },
        { name: "a", outcome: "done" },
      ],
    });
  });

  it("bounds a hung hook by its timeout, goes on, and exits 1", async () => {
    const run = start("timeout");
    await run.waitFor((line) => line.msg === "ready");
    run.child.kill("SIGINT");
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(messages(run)).toContain("shutdown hook b timed out after 100 ms");
    expect(messages(run).indexOf("hook a")).toBeGreaterThan(messages(run).indexOf("hook b"));
  });

  it("logs a failed hook and exits 1", async () => {
    const run = start("fail");
    await run.waitFor((line) => line.msg === "ready");
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.lines.find((line) => line.msg === "shutdown hook b failed")).toMatchObject({
      level: "error",
      err: { message: "b broke" },
    });
    expect(messages(run)).toContain("hook a");
  });

  it("exits at once on a second signal", async () => {
    const run = start("second-signal");
    await run.waitFor((line) => line.msg === "ready");
    run.child.kill("SIGTERM");
    await run.waitFor((line) => line.msg === "hook b");
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 143, signal: null });
    expect(messages(run)).toContain("second signal during shutdown: exiting now");
    expect(messages(run)).not.toContain("hook a");
  });

  it.each([
    ["uncaught", "unhandled rejection: nobody caught me"],
    ["throw", "uncaught exception: thrown in a callback"],
  ])("logs an uncaught error (%s) as fatal and exits 1", async (mode, message) => {
    const run = start(mode);
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.lines.find((line) => line.level === "fatal")).toMatchObject({ msg: message });
    expect(messages(run)).not.toContain("hook a");
  });

  it("crashes on a failed assertion: logs fatal with details and exits 1", async () => {
    const run = start("assert");
    expect((await run.exited).code).toBe(1);
    expect(run.lines.find((line) => line.level === "fatal")).toMatchObject({
      msg: "assertion failed: arithmetic holds",
      assertion: true,
      left: 2,
    });
  });
});
