/**
 * `pnpm bench grpc` (add `--json` for one JSON object per figure): what the gRPC layer costs
 * here, client and server in this one process over 127.0.0.1 (so both sides share its CPU):
 * unary Produce calls/s with 1 and 64 calls in flight (1 KiB of records each), and ProduceStream
 * MB/s one way with 256 KiB and 1 MiB messages, with Rill's HTTP/2 windows and with HTTP/2's
 * 64 KiB defaults (to show what the windows buy); and the unary rates again on a server with a
 * call observer (the interceptor every process's per-RPC metrics hang on; a no-op observer here,
 * so the figure is the interceptor's own cost). Every figure is the median over RUNS runs.
 */
import { benchmarkReporter, median } from "@rill/bench";
import type { ProduceRequest__Output } from "../src/generated/rill/broker/v1/ProduceRequest.js";
import type { ProduceResponse } from "../src/generated/rill/broker/v1/ProduceResponse.js";
import type { ProduceStreamRequest__Output } from "../src/generated/rill/broker/v1/ProduceStreamRequest.js";
import type { ProduceStreamResponse } from "../src/generated/rill/broker/v1/ProduceStreamResponse.js";
import {
  bidiStreamHandler,
  bindRillServer,
  brokerServiceDefinition,
  callObserverInterceptor,
  callUnary,
  createBrokerClient,
  createRillServer,
  shutdownRillServer,
  unaryHandler,
} from "../src/index.js";

const RUNS = 5;
const RUN_MS = 1_000;
const UNARY_RECORDS_BYTES = 1024;
const STREAM_IN_FLIGHT_MAX = 8;
const HTTP2_DEFAULT_WINDOW_BYTES = 65_535;

const reporter = benchmarkReporter();

async function startServer(windowBytes?: number, observed = false) {
  const server = createRillServer({
    ...(windowBytes === undefined
      ? {}
      : { streamWindowBytes: windowBytes, connectionWindowBytes: windowBytes }),
    ...(observed ? { extra: { interceptors: [callObserverInterceptor(() => {})] } } : {}),
  });
  server.addService(brokerServiceDefinition(), {
    Produce: unaryHandler<ProduceRequest__Output, ProduceResponse>(async () => ({ responses: [] })),
    // Acknowledges each message (without echoing its bytes), so the client can bound what it has in flight.
    ProduceStream: bidiStreamHandler<ProduceStreamRequest__Output, ProduceStreamResponse>(
      async (call, messages) => {
        for await (const message of messages) call.write({ correlationId: message.correlationId });
      },
    ),
  });
  const port = await bindRillServer(server, "127.0.0.1:0");
  return { server, address: `127.0.0.1:${port}` };
}

async function unaryCallsPerSecond(address: string, inFlight: number): Promise<number> {
  const client = createBrokerClient(address);
  const request = {
    acks: "ACKS_ALL" as const,
    topicData: [
      { name: "bench", partitionData: [{ index: 0, records: Buffer.alloc(UNARY_RECORDS_BYTES, 1) }] },
    ],
  };
  const rates: number[] = [];
  try {
    for (let run = -1; run < RUNS; run += 1) {
      let calls = 0;
      const start = performance.now();
      const until = start + RUN_MS;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < until) {
            await callUnary(client, "produce", request, { timeoutMs: 10_000 });
            calls += 1;
          }
        }),
      );
      if (run >= 0) rates.push(calls / ((performance.now() - start) / 1000));
    }
  } finally {
    client.close();
  }
  return median(rates);
}

async function streamMegabytesPerSecond(
  address: string,
  messageBytes: number,
  windowBytes?: number,
): Promise<number> {
  const client = createBrokerClient(
    address,
    windowBytes === undefined ? {} : { flowControlWindowBytes: windowBytes },
  );
  const records = Buffer.alloc(messageBytes, 7);
  const rates: number[] = [];
  try {
    for (let run = -1; run < RUNS; run += 1) {
      const stream = client.produceStream();
      let sent = 0;
      let acknowledged = 0;
      const start = performance.now();
      const until = start + RUN_MS;
      await new Promise<void>((resolve, reject) => {
        const pump = (): void => {
          while (sent - acknowledged < STREAM_IN_FLIGHT_MAX && performance.now() < until) {
            sent += 1;
            stream.write({
              correlationId: sent,
              request: { topicData: [{ name: "bench", partitionData: [{ index: 0, records }] }] },
            });
          }
          if (performance.now() >= until && acknowledged === sent) {
            stream.end();
            resolve();
          }
        };
        stream.on("data", () => {
          acknowledged += 1;
          pump();
        });
        stream.on("error", reject);
        pump();
      });
      const seconds = (performance.now() - start) / 1000;
      if (run >= 0) rates.push((acknowledged * messageBytes) / seconds / 1e6);
    }
  } finally {
    client.close();
  }
  return median(rates);
}

const rill = await startServer();
const defaults = await startServer(HTTP2_DEFAULT_WINDOW_BYTES);
const observed = await startServer(undefined, true);
try {
  reporter.note(`median of ${RUNS} runs of ${RUN_MS} ms; client and server share this process`);
  for (const inFlight of [1, 64]) {
    reporter.figure({
      name: `grpc.unary.produce.in_flight_${inFlight}.calls_per_s`,
      value: Math.round(await unaryCallsPerSecond(rill.address, inFlight)),
      unit: "calls/s",
      detail: { recordsBytes: UNARY_RECORDS_BYTES },
    });
    reporter.figure({
      name: `grpc.unary.produce.in_flight_${inFlight}.observed.calls_per_s`,
      value: Math.round(await unaryCallsPerSecond(observed.address, inFlight)),
      unit: "calls/s",
      detail: { recordsBytes: UNARY_RECORDS_BYTES, interceptor: "call observer" },
    });
  }
  for (const messageBytes of [256 * 1024, 1024 * 1024]) {
    const kib = messageBytes / 1024;
    reporter.figure({
      name: `grpc.stream.produce.${kib}kib.rill_windows.mb_per_s`,
      value: await streamMegabytesPerSecond(rill.address, messageBytes),
      unit: "MB/s",
    });
    reporter.figure({
      name: `grpc.stream.produce.${kib}kib.default_windows.mb_per_s`,
      value: await streamMegabytesPerSecond(defaults.address, messageBytes, HTTP2_DEFAULT_WINDOW_BYTES),
      unit: "MB/s",
    });
  }
} finally {
  await shutdownRillServer(rill.server, 1_000);
  await shutdownRillServer(defaults.server, 1_000);
  await shutdownRillServer(observed.server, 1_000);
}
