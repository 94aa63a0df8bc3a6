import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, freePorts, waitFor } from "../src/testing/index.js";

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
