import type { Server } from "@grpc/grpc-js";
import {
  bindRillServer,
  type ControllerV1,
  controllerServiceDefinition,
  createRillServer,
  isDefinitelyNotDone,
  isRillError,
  unaryHandler,
} from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { freePort } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { FORWARDED_AGE_HEADER, FORWARDED_BY_HEADER } from "../src/controller-service.js";
import { ActiveControllerForwarder } from "../src/forwarder.js";

const HOST = "127.0.0.1";
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A stand-in active controller that answers CreateTopics and records who forwarded it. */
async function activeController(
  port: number,
): Promise<{ server: Server; forwardedBy: string[]; agesMs: number[] }> {
  const forwardedBy: string[] = [];
  const agesMs: number[] = [];
  const server = createRillServer();
  server.addService(controllerServiceDefinition(), {
    CreateTopics: unaryHandler<ControllerV1.CreateTopicsRequest__Output, ControllerV1.CreateTopicsResponse>(
      async (request, call) => {
        forwardedBy.push(String(call.metadata.get(FORWARDED_BY_HEADER)[0]));
        agesMs.push(Number(call.metadata.get(FORWARDED_AGE_HEADER)[0]));
        return { topics: request.topics.map((topic) => ({ name: topic.name, errorCode: 0 })) };
      },
    ),
  });
  await bindRillServer(server, `${HOST}:${port}`);
  cleanups.push(() => server.forceShutdown());
  return { server, forwardedBy, agesMs };
}

function forwarderTo(port: number): ActiveControllerForwarder {
  const forwarder = new ActiveControllerForwarder(nodeId(2), () => [{ nodeId: nodeId(1), host: HOST, port }]);
  cleanups.push(() => forwarder.close());
  return forwarder;
}

const createTopics = { topics: [{ name: "t", numPartitions: 1, replicationFactor: 1 }] };

describe("ActiveControllerForwarder", () => {
  it("forwards once the active controller listens again, not failing while the channel backs off", async () => {
    const port = await freePort();
    const forwarder = forwarderTo(port);
    // Nothing listens yet: the channel fails to connect and enters gRPC's reconnect backoff.
    const refused = await forwarder.forward("createTopics", createTopics, 1, 300).catch((error) => error);
    expect(isRillError(refused)).toBe(true);
    expect(isDefinitelyNotDone(refused)).toBe(true);
    const { forwardedBy } = await activeController(port);
    // Made at once, inside the backoff: before, grpc-js failed it with "No connection established".
    const response = (await forwarder.forward("createTopics", createTopics, 1, 10_000)) as {
      topics: { errorCode: number }[];
    };
    expect(response.topics[0]?.errorCode).toBe(0);
    expect(forwardedBy).toEqual(["2"]);
  });

  it("fails as never sent, within its connect wait, when the active controller does not listen", async () => {
    const port = await freePort();
    const error = await forwarderTo(port)
      .forward("createTopics", createTopics, 1, 60_000)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    if (!isRillError(error)) throw new Error(`expected a RillError, got ${String(error)}`);
    expect(error.errorName).toBe("NETWORK_EXCEPTION");
    expect(isDefinitelyNotDone(error)).toBe(true);
    expect(error.message).toMatch(/No connection to the active controller 1 within \d+ ms/);
  });

  it("tells the active controller how long the request waited at this follower", async () => {
    const port = await freePort();
    const { agesMs } = await activeController(port);
    const receivedAtMs = Date.now() - 1_200;
    await forwarderTo(port).forward("createTopics", createTopics, 1, 10_000, receivedAtMs);
    expect(agesMs).toHaveLength(1);
    expect(agesMs[0]).toBeGreaterThanOrEqual(1_200);
  });
});
