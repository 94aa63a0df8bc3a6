import { type CompressionCodec, RillError } from "@rill/protocol";
import type { Acks } from "../data/data-types.js";
import type { Partitioner } from "./partitioners.js";

/**
 * The producer's settings. Names are Kafka's in camelCase; the Kafka property is written next to
 * each so a Kafka user finds the one they know.
 */
export interface ProducerOptions {
  /** Kafka `acks`; default "all". Idempotence needs "all". */
  readonly acks?: Acks;
  /** Kafka `compression.type`: none, gzip, snappy, lz4, zstd; default none. */
  readonly compression?: CompressionCodec;
  /** Kafka `linger.ms`: how long a batch waits for more records after its first; default 5. */
  readonly lingerMs?: number;
  /** Kafka `batch.size`: a batch is sent once it holds this many record bytes; default 16 KiB. */
  readonly batchSize?: number;
  /**
   * What a batch may hold while its partition is behind (a batch in flight and a full one waiting
   * ahead of it, so it could not go out sooner anyway); default 256 KiB, at least batchSize, at
   * most maxRequestSize. Fewer, larger batches at saturation; set it to batchSize for Kafka's
   * fixed-size batches. A grown batch the topic refuses as too large (its max.message.bytes) is
   * split back into batch.size batches and sent again, as Kafka splits oversized batches.
   */
  readonly backlogBatchSize?: number;
  /** Kafka `buffer.memory`: record bytes held by the producer before send() waits; default 32 MiB. */
  readonly bufferMemory?: number;
  /** Kafka `max.block.ms`: how long send() waits for buffer space or metadata; default 60 s. */
  readonly maxBlockMs?: number;
  /** Kafka `max.in.flight.requests.per.connection`: default 5 (at most 5 with idempotence). */
  readonly maxInFlightRequestsPerConnection?: number;
  /** Kafka `enable.idempotence`: producer id + sequences, retries add no duplicates; default true. */
  readonly idempotence?: boolean;
  /** Kafka `delivery.timeout.ms`: the time a record may take from send() to its outcome; default 120 s. */
  readonly deliveryTimeoutMs?: number;
  /** Kafka `request.timeout.ms`: one produce request's deadline; default the Rill's requestTimeoutMs. */
  readonly requestTimeoutMs?: number;
  /** Kafka `max.request.size`: the largest request (and so the largest record); default 1 MiB. */
  readonly maxRequestSize?: number;
  /** Kafka `partitioner.class`: "default" (murmur2 keys, sticky keyless), "round-robin", or a function. */
  readonly partitioner?: "default" | "round-robin" | Partitioner;
}

export const producerDefaults = {
  acks: "all" as Acks,
  compression: "none" as CompressionCodec,
  lingerMs: 5,
  batchSize: 16 * 1024,
  backlogBatchSize: 256 * 1024,
  bufferMemory: 32 * 1024 * 1024,
  maxBlockMs: 60_000,
  maxInFlightRequestsPerConnection: 5,
  idempotence: true,
  deliveryTimeoutMs: 120_000,
  maxRequestSize: 1024 * 1024,
} as const;

/**
 * The most batches of one partition in flight under idempotence: the broker remembers the last 5
 * batches per producer to drop a retried duplicate (ProducerStateManager), so a 6th could be
 * appended twice.
 */
export const idempotentInFlightMax = 5;

export const compressionCodecs: readonly CompressionCodec[] = ["none", "gzip", "snappy", "lz4", "zstd"];

/** Settings with every default filled in and checked. */
export interface ProducerSettings {
  readonly acks: Acks;
  readonly compression: CompressionCodec;
  readonly lingerMs: number;
  readonly batchSize: number;
  readonly backlogBatchSize: number;
  readonly bufferMemory: number;
  readonly maxBlockMs: number;
  readonly maxInFlightRequestsPerConnection: number;
  readonly idempotence: boolean;
  readonly deliveryTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxRequestSize: number;
  readonly partitioner: "default" | "round-robin" | Partitioner;
}

function integerSetting(value: number, name: string, min: number, max: number): number {
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new RillError("INVALID_CONFIG", `${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** Kafka `acks` accepted by send() and the options. */
export function checkAcks(acks: unknown): Acks {
  if (acks === "all" || acks === -1 || acks === 1 || acks === 0) return acks;
  throw new RillError("INVALID_CONFIG", `acks must be "all", -1, 1 or 0, got ${String(acks)}`);
}

/** A compression codec name, or UNSUPPORTED_COMPRESSION_TYPE naming the ones there are. */
export function checkCompression(compression: unknown): CompressionCodec {
  if (compressionCodecs.includes(compression as CompressionCodec)) return compression as CompressionCodec;
  throw new RillError(
    "UNSUPPORTED_COMPRESSION_TYPE",
    `compression '${String(compression)}' is not one of ${compressionCodecs.join(", ")}`,
  );
}

/** Fills in defaults and refuses bad values with INVALID_CONFIG (nothing is started before). */
export function producerSettings(options: ProducerOptions, requestTimeoutMs: number): ProducerSettings {
  const idempotence = options.idempotence ?? producerDefaults.idempotence;
  const acks = checkAcks(options.acks ?? producerDefaults.acks);
  if (idempotence && acks !== "all" && acks !== -1) {
    throw new RillError(
      "INVALID_CONFIG",
      `idempotence needs acks "all", got ${String(acks)}; set idempotence: false to use acks ${String(acks)}`,
    );
  }
  const inFlightMax = idempotence ? idempotentInFlightMax : 1_000;
  const partitioner = options.partitioner ?? "default";
  if (!(partitioner === "default" || partitioner === "round-robin" || typeof partitioner === "function")) {
    throw new RillError("INVALID_CONFIG", `partitioner must be "default", "round-robin" or a function`);
  }
  const maxRequestSize = integerSetting(
    options.maxRequestSize ?? producerDefaults.maxRequestSize,
    "maxRequestSize",
    1024,
    64 * 1024 * 1024,
  );
  const batchSize = integerSetting(
    options.batchSize ?? Math.min(producerDefaults.batchSize, maxRequestSize),
    "batchSize",
    1,
    maxRequestSize,
  );
  return {
    acks,
    compression: checkCompression(options.compression ?? producerDefaults.compression),
    lingerMs: integerSetting(options.lingerMs ?? producerDefaults.lingerMs, "lingerMs", 0, 3_600_000),
    batchSize,
    backlogBatchSize: integerSetting(
      options.backlogBatchSize ??
        Math.max(batchSize, Math.min(producerDefaults.backlogBatchSize, maxRequestSize)),
      "backlogBatchSize",
      batchSize,
      maxRequestSize,
    ),
    bufferMemory: integerSetting(
      options.bufferMemory ?? producerDefaults.bufferMemory,
      "bufferMemory",
      1024,
      Number.MAX_SAFE_INTEGER,
    ),
    maxBlockMs: integerSetting(options.maxBlockMs ?? producerDefaults.maxBlockMs, "maxBlockMs", 0, 3_600_000),
    maxInFlightRequestsPerConnection: integerSetting(
      options.maxInFlightRequestsPerConnection ?? producerDefaults.maxInFlightRequestsPerConnection,
      "maxInFlightRequestsPerConnection",
      1,
      inFlightMax,
    ),
    idempotence,
    deliveryTimeoutMs: integerSetting(
      options.deliveryTimeoutMs ?? producerDefaults.deliveryTimeoutMs,
      "deliveryTimeoutMs",
      1,
      86_400_000,
    ),
    requestTimeoutMs: integerSetting(
      options.requestTimeoutMs ?? requestTimeoutMs,
      "requestTimeoutMs",
      1,
      3_600_000,
    ),
    maxRequestSize,
    partitioner,
  };
}
