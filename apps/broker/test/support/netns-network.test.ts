import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@rill/protocol/testing";
import { describe, expect, it } from "vitest";
import { NetnsNetwork, namespaceOwnerPid, netnsAvailable } from "./netns-network.js";

const here = dirname(fileURLToPath(import.meta.url));
const namespaces = () => execFileSync("ip", ["netns", "list"], { encoding: "utf8" });

/** Starts a child that builds a two-host network and waits; resolves with it and its namespaces. */
async function startNetworkChild() {
  const script = [
    `import { NetnsNetwork } from ${JSON.stringify(join(here, "netns-network.ts"))};`,
    `const network = NetnsNetwork.create(["a", "b"]);`,
    "console.log(network.hosts.map((host) => host.namespace).join(' '));",
    "setInterval(() => {}, 1000);",
  ].join("\n");
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", script],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await waitFor(() => output.includes("\n"), {
      timeoutMs: 60_000,
      message: "the child to build its network",
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const made = output.trim().split(" ");
  expect(made).toHaveLength(2);
  for (const namespace of made) expect(namespaces()).toContain(namespace);
  return { child, made };
}

describe.skipIf(!netnsAvailable())("NetnsNetwork", () => {
  it("removes the namespaces of a process stopped by SIGTERM, and exits as the signal would", async () => {
    const { child, made } = await startNetworkChild();
    try {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(143);
      for (const namespace of made) expect(namespaces()).not.toContain(namespace);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("removes the namespaces of a process that died by kill -9 when the next network is made", async () => {
    const { child, made } = await startNetworkChild();
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
    for (const namespace of made) expect(namespaces()).toContain(namespace);
    const next = NetnsNetwork.create(["c"]);
    try {
      for (const namespace of made) expect(namespaces()).not.toContain(namespace);
    } finally {
      next.destroy();
    }
  });
});

describe("namespaceOwnerPid (which test process a namespace is left from)", () => {
  it("reads the pid of the names create() gives, hub and hosts alike", () => {
    // A network's id is the pid and a letter (several networks of one process stay apart).
    expect(namespaceOwnerPid("rillf9236a-1")).toBe(9236);
    expect(namespaceOwnerPid("rillf9236b-hub")).toBe(9236);
    expect(namespaceOwnerPid("rillf9236-1")).toBe(9236);
  });

  it("claims no other name", () => {
    expect(namespaceOwnerPid("rillfa-1")).toBeUndefined();
    expect(namespaceOwnerPid("other9236a-1")).toBeUndefined();
  });
});
