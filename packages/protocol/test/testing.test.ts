import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { dieWithParent, freePort, freePorts, waitFor } from "../src/testing/index.js";

describe("waitFor", () => {
  it("resolves with the first value that is neither undefined nor false", async () => {
    let polls = 0;
    const value = await waitFor(
      () => {
        polls += 1;
        if (polls === 1) return undefined;
        if (polls === 2) return false;
        return `poll ${polls}`;
      },
      { timeoutMs: 10_000, intervalMs: 0, message: "the third poll" },
    );
    expect(value).toBe("poll 3");
  });

  it("treats a throw as not yet and quotes the last one when the deadline passes", async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error("connection refused");
        },
        { timeoutMs: 20, intervalMs: 1, message: "the server" },
      ),
    ).rejects.toThrow("timed out after 20 ms waiting for the server (last error: Error: connection refused)");
  });

  it("fails with the message once the deadline passes", async () => {
    await expect(waitFor(() => false, { timeoutMs: 0, message: "nothing" })).rejects.toThrow(
      "timed out after 0 ms waiting for nothing",
    );
  });
});

describe("freePorts", () => {
  it("gives distinct ports that can be bound on 127.0.0.1", async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    expect((server.address() as { port: number }).port).toBe(port);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("dieWithParent", () => {
  /** Whether `pid` still runs (a zombie, dead and not yet reaped, does not). */
  const running = (pid: number): boolean => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
      return false;
    }
  };

  it("kills the command when the process that spawned it is killed with kill -9", async () => {
    const [program, args] = dieWithParent([process.execPath, "-e", "setInterval(() => {}, 1000)"]);
    if (process.platform !== "linux" || program === process.execPath) {
      // No way to tie a child to its parent here: the command is passed through unchanged.
      expect(args).toEqual(["-e", "setInterval(() => {}, 1000)"]);
      return;
    }
    const command = [program, ...args];
    // A parent that starts the command, prints its pid and waits; then kill -9 of the parent.
    const parentScript = `const c = require("node:child_process").spawn(process.argv[1], process.argv.slice(2), { stdio: "ignore" }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["-e", parentScript, ...command], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let childPid = 0;
    try {
      let output = "";
      parent.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      childPid = await waitFor(() => Number(output.trim()) > 0 && Number(output.trim()), {
        timeoutMs: 10_000,
        message: "the child's pid",
      });
      expect(running(childPid)).toBe(true);
      parent.kill("SIGKILL");
      await waitFor(() => !running(childPid), {
        timeoutMs: 10_000,
        message: "the child killed with its parent",
      });
    } finally {
      parent.kill("SIGKILL");
      if (childPid > 0 && running(childPid)) process.kill(childPid, "SIGKILL");
    }
  });
});
