/** Free TCP ports for tests and process harnesses that start servers on 127.0.0.1. */
import { createServer, type Server } from "node:net";

/**
 * `count` distinct ports the OS says are free now: all are bound at once on port 0 of 127.0.0.1
 * (so no two are the same), then released. Another process may take one before the caller binds
 * it; callers start their servers promptly.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** One free port (see freePorts). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}
