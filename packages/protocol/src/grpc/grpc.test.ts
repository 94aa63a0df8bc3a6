import { type ClientHttp2Session, connect } from "node:http2";
import type * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRillError, RillError } from "../errors/rill-error.js";
import { fromGrpcError, isDefinitelyNotDone } from "../errors/status.js";
import type { BrokerServiceClient } from "../generated/rill/broker/v1/BrokerService.js";
import type { FetchStreamRequest__Output } from "../generated/rill/broker/v1/FetchStreamRequest.js";
import type {
  FetchStreamResponse,
  FetchStreamResponse__Output,
} from "../generated/rill/broker/v1/FetchStreamResponse.js";
import type { ProduceRequest__Output } from "../generated/rill/broker/v1/ProduceRequest.js";
import type { ProduceResponse } from "../generated/rill/broker/v1/ProduceResponse.js";
import type { ProduceStreamRequest__Output } from "../generated/rill/broker/v1/ProduceStreamRequest.js";
import type {
  ProduceStreamResponse,
  ProduceStreamResponse__Output,
} from "../generated/rill/broker/v1/ProduceStreamResponse.js";
import { bidiStreamHandler, type HandlerLogger, unaryHandler, writeMessage } from "./handlers.js";
import { GRPC_CONNECTION_WINDOW_BYTES, GRPC_STREAM_WINDOW_BYTES } from "./limits.js";
import { loadRillProtos } from "./load.js";
import { bindRillServer, createRillServer, shutdownRillServer } from "./server.js";
import {
  brokerServiceDefinition,
  controllerServiceDefinition,
  createBrokerClient,
  createClientByName,
  groupServiceDefinition,
  replicationServiceDefinition,
  serviceDefinitionByName,
} from "./services.js";
import { callUnary } from "./unary.js";

const SERVER_MAX_MESSAGE_BYTES = 512 * 1024;
const BURST_MESSAGES = 48;
const BURST_MESSAGE_BYTES = 256 * 1024;
let burstDrainWaits = 0;
const TEST_TIMEOUT_MS = 5_000;

/** Every service declared under proto/, by full name, found in the parsed tree. */
function allServiceNames(): string[] {
  const names: string[] = [];
  const visit = (namespace: { nestedArray: ReadonlyArray<unknown> }, prefix: string): void => {
    for (const nested of namespace.nestedArray as Array<{
      name: string;
      nestedArray?: unknown[];
      methods?: unknown;
    }>) {
      const fullName = prefix === "" ? nested.name : `${prefix}.${nested.name}`;
      if (nested.methods !== undefined) names.push(fullName);
      else if (nested.nestedArray !== undefined) visit(nested as { nestedArray: unknown[] }, fullName);
    }
  };
  visit(loadRillProtos().root, "");
  return names.sort();
}

/** A test double of the broker: behaviour chosen per request by the topic name. */
function produceHandler(logged: unknown[]) {
  const logger: HandlerLogger = { error: (fields) => logged.push(fields) };
  return unaryHandler<ProduceRequest__Output, ProduceResponse>(
    async (request, call) => {
      const topic = request.topicData[0]?.name ?? "";
      if (topic === "moved") {
        throw new RillError("NOT_LEADER_OR_FOLLOWER", "partition moved-0 is led by node 2", {
          details: {
            leaderId: 2,
            leaderEpoch: 9,
            host: "127.0.0.2",
            port: 7001,
            topic: "moved",
            partition: 0,
          },
        });
      }
      if (topic === "bug")
        throw new TypeError("cannot read properties of undefined (secret internal detail)");
      if (topic === "slow") {
        // Never answers: waits until the client's deadline cancels the call.
        await new Promise<void>((resolve) => call.once("cancelled", () => resolve()));
        return { responses: [] };
      }
      return {
        responses: request.topicData.map((data) => ({
          name: data.name,
          partitionResponses: data.partitionData.map((partition) => ({
            index: partition.index,
            baseOffset: partition.records.length,
            logStartOffset: 0,
            logAppendTimeMs: -1,
            durability: { replicasHolding: 1, fsynced: true },
          })),
        })),
      };
    },
    { logger },
  );
}

describe("gRPC layer on a real server", () => {
  let server: grpc.Server;
  let port: number;
  let client: BrokerServiceClient;
  const logged: unknown[] = [];

  beforeAll(async () => {
    server = createRillServer({ maxMessageBytes: SERVER_MAX_MESSAGE_BYTES });
    server.addService(brokerServiceDefinition(), {
      Produce: produceHandler(logged),
      ProduceStream: bidiStreamHandler<ProduceStreamRequest__Output, ProduceStreamResponse>(
        async (call, messages) => {
          for await (const message of messages) {
            if (message.request?.topicData[0]?.name === "fail-stream") {
              throw new RillError("INVALID_REQUEST", "stream rejected");
            }
            call.write({
              correlationId: message.correlationId,
              response: { responses: [], throttleTimeMs: message.request?.timeoutMs ?? 0 },
            });
          }
        },
      ),
      FetchStream: bidiStreamHandler<FetchStreamRequest__Output, FetchStreamResponse>(
        async (call, messages) => {
          for await (const message of messages) {
            if (message.credit?.bytes === 1) {
              // A burst larger than the client's window plus grpc-js's buffer: writeMessage must wait.
              for (let index = 0; index < BURST_MESSAGES; index += 1) {
                const written = writeMessage(call, {
                  responses: [
                    { topic: "burst", partitions: [{ records: Buffer.alloc(BURST_MESSAGE_BYTES) }] },
                  ],
                  remainingCreditBytes: index,
                });
                // grpc-js's buffer is full: writeMessage now waits for 'drain'.
                if (call.writableNeedDrain) burstDrainWaits += 1;
                await written;
              }
              continue;
            }
            if (message.credit?.bytes === 0) {
              // What a `for await` over the call itself does on leaving the loop: destroys it.
              call.destroy();
              return;
            }
            await writeMessage(call, { responses: [], remainingCreditBytes: message.credit?.bytes ?? -1 });
          }
        },
      ),
    });
    port = await bindRillServer(server, "127.0.0.1:0");
    client = createBrokerClient(`127.0.0.1:${port}`);
  });

  afterAll(async () => {
    client?.close();
    if (server !== undefined) await shutdownRillServer(server, 1_000);
  });

  it("loads every service definition", () => {
    expect(Object.keys(brokerServiceDefinition())).toContain("Produce");
    expect(Object.keys(controllerServiceDefinition())).toContain("FetchMetadata");
    expect(Object.keys(replicationServiceDefinition())).toContain("FollowerFetch");
    expect(Object.keys(groupServiceDefinition())).toContain("JoinGroup");
    const names = allServiceNames();
    expect(names).toEqual(
      expect.arrayContaining([
        "rill.broker.v1.BrokerService",
        "rill.controller.v1.ControllerService",
        "rill.group.v1.GroupService",
        "rill.replication.v1.ReplicationService",
      ]),
    );
    for (const name of names) {
      const definition = serviceDefinitionByName(name);
      expect(Object.keys(definition).length).toBeGreaterThan(0);
      for (const method of Object.values(definition)) {
        expect(typeof method.requestSerialize).toBe("function");
        expect(typeof method.responseDeserialize).toBe("function");
      }
      createClientByName(name, "127.0.0.1:1").close();
    }
    expect(() => serviceDefinitionByName("rill.nope.v1.NopeService")).toThrow(/no gRPC service/);
  });

  it("loads the protos once", () => {
    expect(loadRillProtos()).toBe(loadRillProtos());
  });

  it("round-trips a unary call with bytes and 64-bit fields", async () => {
    const records = Buffer.alloc(1000, 7);
    const response = await callUnary(
      client,
      "produce",
      {
        acks: "ACKS_ALL",
        timeoutMs: 1000,
        topicData: [{ name: "orders", partitionData: [{ index: 3, records }] }],
      },
      { timeoutMs: TEST_TIMEOUT_MS },
    );
    expect(response.throttleTimeMs).toBe(0);
    const partition = response.responses[0]?.partitionResponses[0];
    expect(partition?.index).toBe(3);
    expect(partition?.baseOffset).toBe(1000);
    expect(partition?.logAppendTimeMs).toBe(-1);
    expect(partition?.errorCode).toBe(0);
    expect(partition?.currentLeader).toBeNull();
    expect(partition?.durability).toEqual({ replicasHolding: 1, fsynced: true, replicasFsynced: 0 });
  });

  it("delivers a RillError with its LeaderHint as the same RillError", async () => {
    const error = await callUnary(
      client,
      "produce",
      { acks: "ACKS_ALL", topicData: [{ name: "moved", partitionData: [{ index: 0 }] }] },
      { timeoutMs: TEST_TIMEOUT_MS },
    ).catch((caught: unknown) => caught);
    expect(isRillError(error, "NOT_LEADER_OR_FOLLOWER")).toBe(true);
    const rill = error as RillError;
    expect(rill.code).toBe(6);
    expect(rill.retriable).toBe(true);
    expect(rill.message).toBe("partition moved-0 is led by node 2");
    expect(rill.details).toEqual({
      leaderId: 2,
      leaderEpoch: 9,
      host: "127.0.0.2",
      port: 7001,
      topic: "moved",
      partition: 0,
    });
    expect(isDefinitelyNotDone(rill)).toBe(true);
  });

  it("turns an unexpected exception into a logged UNKNOWN_SERVER_ERROR without its stack", async () => {
    const error = await callUnary(
      client,
      "produce",
      { topicData: [{ name: "bug" }] },
      { timeoutMs: TEST_TIMEOUT_MS },
    ).catch((caught: unknown) => caught);
    expect(isRillError(error, "UNKNOWN_SERVER_ERROR")).toBe(true);
    expect((error as RillError).message).not.toMatch(/secret internal detail|TypeError|at /);
    expect(isDefinitelyNotDone(error)).toBe(false);
    expect(JSON.stringify(logged)).toContain("secret internal detail");
  });

  it("reports a passed deadline as REQUEST_TIMED_OUT, indeterminate", async () => {
    const error = await callUnary(
      client,
      "produce",
      { topicData: [{ name: "slow" }] },
      { timeoutMs: 200 },
    ).catch((caught: unknown) => caught);
    expect(isRillError(error, "REQUEST_TIMED_OUT")).toBe(true);
    expect((error as RillError).details.indeterminate).toBe(true);
    expect(isDefinitelyNotDone(error)).toBe(false);
  });

  it("refuses an oversize request as MESSAGE_TOO_LARGE, not done, and keeps serving", async () => {
    const tooLarge = Buffer.alloc(SERVER_MAX_MESSAGE_BYTES + 1024);
    const error = await callUnary(
      client,
      "produce",
      { topicData: [{ name: "orders", partitionData: [{ index: 0, records: tooLarge }] }] },
      { timeoutMs: TEST_TIMEOUT_MS },
    ).catch((caught: unknown) => caught);
    expect(isRillError(error, "MESSAGE_TOO_LARGE")).toBe(true);
    expect(isDefinitelyNotDone(error)).toBe(true);
    // The server is still up and the connection still usable.
    const response = await callUnary(
      client,
      "produce",
      { topicData: [{ name: "orders" }] },
      { timeoutMs: TEST_TIMEOUT_MS },
    );
    expect(response.responses[0]?.name).toBe("orders");
  });

  it("refuses to send a message over the client's own limit, as not done", async () => {
    const small = createBrokerClient(`127.0.0.1:${port}`, { maxMessageBytes: 1024 });
    try {
      const error = await callUnary(
        small,
        "produce",
        { topicData: [{ name: "orders", partitionData: [{ index: 0, records: Buffer.alloc(4096) }] }] },
        { timeoutMs: TEST_TIMEOUT_MS },
      ).catch((caught: unknown) => caught);
      expect(isRillError(error, "MESSAGE_TOO_LARGE")).toBe(true);
      expect(isDefinitelyNotDone(error)).toBe(true);
    } finally {
      small.close();
    }
  });

  it("reports a method the server does not implement as UNSUPPORTED_VERSION, not done", async () => {
    const error = await callUnary(
      client,
      "metadata",
      { allTopics: true },
      { timeoutMs: TEST_TIMEOUT_MS },
    ).catch((caught: unknown) => caught);
    expect(isRillError(error, "UNSUPPORTED_VERSION")).toBe(true);
    expect(isDefinitelyNotDone(error)).toBe(true);
  });

  it("reports a refused connection as NETWORK_EXCEPTION", async () => {
    // Port 1 on loopback: nothing listens there.
    const nowhere = createBrokerClient("127.0.0.1:1");
    try {
      const error = await callUnary(
        nowhere,
        "produce",
        { topicData: [] },
        { timeoutMs: TEST_TIMEOUT_MS },
      ).catch((caught: unknown) => caught);
      expect(isRillError(error, "NETWORK_EXCEPTION")).toBe(true);
      expect((error as RillError).retriable).toBe(true);
      // grpc-js failed the call before sending it ("No connection established").
      expect(isDefinitelyNotDone(error)).toBe(true);
    } finally {
      nowhere.close();
    }
  });

  it("runs a bidi stream, correlating answers, and ends it with a RillError", async () => {
    const stream = client.produceStream({ deadline: Date.now() + TEST_TIMEOUT_MS });
    const answers: ProduceStreamResponse__Output[] = [];
    const ended = new Promise<unknown>((resolve) => {
      stream.on("data", (answer: ProduceStreamResponse__Output) => answers.push(answer));
      stream.on("error", resolve);
      stream.on("end", () => resolve(undefined));
    });
    for (let id = 1; id <= 3; id += 1) {
      stream.write({ correlationId: id, request: { timeoutMs: id * 10, topicData: [{ name: "orders" }] } });
    }
    stream.write({ correlationId: 4, request: { topicData: [{ name: "fail-stream" }] } });
    const error = fromGrpcError(await ended);
    expect(answers.map((answer) => [answer.correlationId, answer.response?.throttleTimeMs])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(error.errorName).toBe("INVALID_REQUEST");
    expect(error.message).toBe("stream rejected");
  });

  it("ends a stream OK when the handler destroyed the call (grpc-js would never send the status)", async () => {
    const stream = client.fetchStream({ deadline: Date.now() + TEST_TIMEOUT_MS });
    const ended = new Promise<unknown>((resolve) => {
      stream.on("data", () => {});
      stream.on("error", resolve);
      stream.on("end", () => resolve("end"));
    });
    stream.write({ credit: { bytes: 0 } });
    expect(await ended).toBe("end");
  });

  it("ends a stream OK when the client half-closes", async () => {
    const stream = client.fetchStream({ deadline: Date.now() + TEST_TIMEOUT_MS });
    const pushed: number[] = [];
    const ended = new Promise<unknown>((resolve) => {
      stream.on("data", (message: FetchStreamResponse__Output) => pushed.push(message.remainingCreditBytes));
      stream.on("error", resolve);
      stream.on("end", () => resolve("end"));
    });
    stream.write({ credit: { bytes: 65_536 } });
    stream.write({ credit: { bytes: 1_048_576 } });
    stream.end();
    expect(await ended).toBe("end");
    expect(pushed).toEqual([65_536, 1_048_576]);
  });

  it("holds back a pushing handler while the client does not read", async () => {
    const stream = client.fetchStream({ deadline: Date.now() + TEST_TIMEOUT_MS });
    const received: number[] = [];
    const ended = new Promise<unknown>((resolve) => {
      stream.on("error", resolve);
      stream.on("end", () => resolve("end"));
    });
    stream.write({ credit: { bytes: 1 } });
    const deadline = Date.now() + TEST_TIMEOUT_MS;
    while (burstDrainWaits === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(burstDrainWaits).toBeGreaterThan(0);
    stream.on("data", (message: FetchStreamResponse__Output) => received.push(message.remainingCreditBytes));
    stream.end();
    expect(await ended).toBe("end");
    expect(received).toEqual(Array.from({ length: BURST_MESSAGES }, (_, index) => index));
  });

  it("advertises the HTTP/2 stream and connection windows", async () => {
    const session: ClientHttp2Session = connect(`http://127.0.0.1:${port}`);
    try {
      const settings = await new Promise<{ initialWindowSize?: number }>((resolve, reject) => {
        session.once("remoteSettings", resolve);
        session.once("error", reject);
      });
      expect(settings.initialWindowSize).toBe(GRPC_STREAM_WINDOW_BYTES);
      // The connection window arrives as a WINDOW_UPDATE right after the settings.
      const deadline = Date.now() + TEST_TIMEOUT_MS;
      while ((session.state.remoteWindowSize ?? 0) < GRPC_CONNECTION_WINDOW_BYTES && Date.now() < deadline) {
        await new Promise<void>((resolve) => session.ping(() => resolve()));
      }
      expect(session.state.remoteWindowSize).toBe(GRPC_CONNECTION_WINDOW_BYTES);
    } finally {
      session.destroy();
    }
  });
});
