import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HostPort } from "../config/keys.js";
import { formatHostPort } from "../config/keys.js";
import type { RillMetrics } from "./metrics.js";

export interface MetricsServer {
  /** The bound address (the real port when 0 was asked for). */
  readonly address: HostPort;
  readonly url: string;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  readonly metrics: RillMetrics;
  readonly listener: HostPort;
  /** `/healthz` answers 200 when this returns true, else 503. Default: always healthy. */
  readonly isHealthy?: () => boolean;
}

/** Connections idle longer than this are closed so a stuck scraper cannot hold a socket forever. */
const requestTimeoutMs = 10_000;

/**
 * Serves `GET /metrics` (Prometheus text) and `GET /healthz` on the given host:port; port 0 binds
 * any free port, reported in `address`. Anything else is 404 (405 for other methods).
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/metrics" && path !== "/healthz") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response
        .writeHead(405, { "content-type": "text/plain", allow: "GET, HEAD" })
        .end("method not allowed\n");
      return;
    }
    if (path === "/healthz") {
      const healthy = options.isHealthy?.() ?? true;
      response
        .writeHead(healthy ? 200 : 503, { "content-type": "text/plain" })
        .end(healthy ? "ok\n" : "not serving\n");
      return;
    }
    try {
      const { contentType, body } = await options.metrics.render();
      response
        .writeHead(200, { "content-type": contentType })
        .end(request.method === "HEAD" ? undefined : body);
    } catch (error) {
      response
        .writeHead(500, { "content-type": "text/plain" })
        .end(`metrics failed: ${(error as Error).message}\n`);
    }
  };
  const server = createServer((request, response) => {
    void handle(request, response);
  });
  server.requestTimeout = requestTimeoutMs;
  server.keepAliveTimeout = requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.listener.port, options.listener.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = { host: options.listener.host, port: bound.port };
  return {
    address,
    url: `http://${formatHostPort(address)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
