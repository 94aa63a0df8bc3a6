import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { checkHealth, HealthService, healthClient } from "./health.js";

let server: grpc.Server | undefined;
afterEach(() => {
  server?.forceShutdown();
  server = undefined;
});

async function serve(health: HealthService): Promise<string> {
  server = new grpc.Server();
  health.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server?.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return `127.0.0.1:${port}`;
}

describe("HealthService over real gRPC", () => {
  it("answers Check with the status the process set", async () => {
    const health = new HealthService();
    const address = await serve(health);
    expect(await checkHealth(address, "", 5000)).toBe("NOT_SERVING");
    health.setServing("", true);
    health.setStatus("rill.broker.v1.BrokerService", "SERVING");
    expect(await checkHealth(address, "", 5000)).toBe("SERVING");
    expect(await checkHealth(address, "rill.broker.v1.BrokerService", 5000)).toBe("SERVING");
    health.setAllNotServing();
    expect(await checkHealth(address, "rill.broker.v1.BrokerService", 5000)).toBe("NOT_SERVING");
    expect(health.status("")).toBe("NOT_SERVING");
    await expect(checkHealth(address, "no.such.Service", 5000)).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });

  it("streams status changes to Watch", async () => {
    const health = new HealthService({ "": "NOT_SERVING" });
    const address = await serve(health);
    const client = healthClient(address);
    const call = client.watch({ service: "" });
    const seen: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`watch saw only ${seen.join(",")}`)), 10_000);
      call.on("data", (message: { status: string }) => {
        seen.push(message.status);
        if (seen.length === 1) health.setServing("", true);
        if (seen.length === 2) {
          clearTimeout(deadline);
          resolve();
        }
      });
      call.on("error", (error) => {
        if ((error as grpc.ServiceError).code !== grpc.status.CANCELLED) reject(error);
      });
    });
    await done;
    call.cancel();
    client.close();
    expect(seen).toEqual(["NOT_SERVING", "SERVING"]);
  });
});
