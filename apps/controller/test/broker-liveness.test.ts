import { bindRillServer, createRillServer } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { HealthService } from "@rill/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { BrokerLivenessWatcher, type ProbeResult, probeListener } from "../src/broker-liveness.js";

const quietLogger = { info: () => {}, debug: () => {} };

async function healthServer() {
  const server = createRillServer();
  new HealthService({ "": "SERVING" }).addToServer(server);
  const port = await bindRillServer(server, "127.0.0.1:0");
  return { server, port };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("broker crash detection", () => {
  it("fences a broker's incarnation once its listener is gone", async () => {
    const { server, port } = await healthServer();
    const fenced: [number, number][] = [];
    const watcher = new BrokerLivenessWatcher({
      brokersToWatch: () => [{ brokerId: nodeId(101), brokerEpoch: 7, host: "127.0.0.1", port }],
      fence: async (brokerId, brokerEpoch) => {
        fenced.push([brokerId, brokerEpoch]);
        return true;
      },
      logger: quietLogger,
    });
    cleanups.push(() => watcher.close());
    watcher.sync();
    expect(watcher.watchedCount).toBe(1);
    expect(await probeListener("127.0.0.1", port, 1_000)).toBe("listening");
    server.forceShutdown();
    await waitFor(() => fenced.length > 0, { timeoutMs: 10_000, message: "the fence" });
    expect(fenced[0]).toEqual([101, 7]);
    expect(await probeListener("127.0.0.1", port, 1_000)).toBe("refused");
  });

  it("does not fence when the probe proves nothing, and watches again", async () => {
    const { server, port } = await healthServer();
    const probes: ProbeResult[] = [];
    let fences = 0;
    const watcher = new BrokerLivenessWatcher({
      brokersToWatch: () => [{ brokerId: nodeId(102), brokerEpoch: 1, host: "127.0.0.1", port }],
      fence: async () => {
        fences += 1;
        return true;
      },
      logger: quietLogger,
      probe: async () => {
        probes.push("unknown");
        return "unknown";
      },
    });
    cleanups.push(() => watcher.close());
    watcher.sync();
    server.forceShutdown();
    await waitFor(() => probes.length >= 2, {
      timeoutMs: 10_000,
      message: "two probes (a re-watch after the first)",
    });
    expect(fences).toBe(0);
  });

  it("stops watching brokers no longer to be watched (fenced, new epoch, not active)", async () => {
    const { server, port } = await healthServer();
    cleanups.push(() => server.forceShutdown());
    let brokers = [{ brokerId: nodeId(103), brokerEpoch: 1, host: "127.0.0.1", port }];
    const watcher = new BrokerLivenessWatcher({
      brokersToWatch: () => brokers,
      fence: async () => true,
      logger: quietLogger,
    });
    cleanups.push(() => watcher.close());
    watcher.sync();
    expect(watcher.watchedCount).toBe(1);
    brokers = [{ brokerId: nodeId(103), brokerEpoch: 2, host: "127.0.0.1", port }];
    watcher.sync();
    expect(watcher.watchedCount).toBe(1);
    brokers = [];
    watcher.sync();
    expect(watcher.watchedCount).toBe(0);
  });
});
