import { afterEach, describe, expect, it } from "vitest";
import { RillMetrics } from "./metrics.js";
import { type MetricsServer, startMetricsServer } from "./server.js";

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("RillMetrics", () => {
  it("prefixes names and refuses bad ones", () => {
    const metrics = new RillMetrics({ collectDefault: false });
    expect(() => metrics.counter({ name: "rill_x", help: "h" })).toThrow(/without the 'rill_' prefix/);
    expect(() => metrics.counter({ name: "Bad-Name", help: "h" })).toThrow(/snake_case/);
    const counter = metrics.counter({ name: "requests_total", help: "requests", labelNames: ["api"] });
    counter.inc({ api: "produce" }, 2);
    expect(metrics.registry.getSingleMetric("rill_requests_total")).toBe(counter);
  });
});

describe("startMetricsServer", () => {
  it("serves /metrics and /healthz over HTTP on an ephemeral port", async () => {
    const metrics = new RillMetrics({ defaultLabels: { node_id: "1" } });
    metrics
      .counter({ name: "produce_requests_total", help: "produce requests", labelNames: ["acks"] })
      .inc({ acks: "all" });
    metrics.gauge({ name: "raft_term", help: "current term" }).set(7);
    metrics
      .histogram({ name: "produce_latency_seconds", help: "latency", buckets: [0.001, 0.01] })
      .observe(0.005);
    let healthy = true;
    server = await startMetricsServer({
      metrics,
      listener: { host: "127.0.0.1", port: 0 },
      isHealthy: () => healthy,
    });
    expect(server.address.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}`);

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const body = await response.text();
    expect(body).toContain('rill_produce_requests_total{acks="all",node_id="1"} 1');
    expect(body).toContain('rill_raft_term{node_id="1"} 7');
    expect(body).toContain('rill_produce_latency_seconds_bucket{le="0.01",node_id="1"} 1');
    expect(body).toContain("process_cpu_user_seconds_total");
    expect(body).toContain("nodejs_heap_size_used_bytes");

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    healthy = false;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("fails to start on a port that is taken", async () => {
    const metrics = new RillMetrics({ collectDefault: false });
    server = await startMetricsServer({ metrics, listener: { host: "127.0.0.1", port: 0 } });
    await expect(startMetricsServer({ metrics, listener: server.address })).rejects.toThrow(/EADDRINUSE/);
  });
});
