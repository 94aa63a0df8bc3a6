import type { ProducerOptions } from "@rill/client";
import { UsageError } from "../errors.js";

/** Kafka producer property names accepted by --producer-props, and the SDK option each sets. */
const integerProps: Record<string, keyof ProducerOptions> = {
  "linger.ms": "lingerMs",
  "batch.size": "batchSize",
  "backlog.batch.size": "backlogBatchSize",
  "buffer.memory": "bufferMemory",
  "max.block.ms": "maxBlockMs",
  "max.in.flight.requests.per.connection": "maxInFlightRequestsPerConnection",
  "delivery.timeout.ms": "deliveryTimeoutMs",
  "request.timeout.ms": "requestTimeoutMs",
  "max.request.size": "maxRequestSize",
};

export const producerPropNames = [
  ...Object.keys(integerProps),
  "acks",
  "compression.type",
  "enable.idempotence",
];

/** `k=v` pairs with Kafka's names → ProducerOptions; an unknown name or bad value is a usage error. */
export function parseProducerProps(pairs: readonly string[]): ProducerOptions {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--producer-props: '${pair}' is not name=value`);
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const integerOption = integerProps[name];
    if (integerOption !== undefined) {
      if (!/^\d+$/.test(value))
        throw new UsageError(`--producer-props: ${name}=${value} is not a non-negative integer`);
      options[integerOption] = Number(value);
    } else if (name === "acks") {
      if (!["all", "-1", "1", "0"].includes(value))
        throw new UsageError(`--producer-props: acks=${value} is not all, -1, 1 or 0`);
      options.acks = value === "all" || value === "-1" ? "all" : Number(value);
    } else if (name === "compression.type") {
      options.compression = value;
    } else if (name === "enable.idempotence") {
      if (value !== "true" && value !== "false")
        throw new UsageError(`--producer-props: enable.idempotence=${value} is not true or false`);
      options.idempotence = value === "true";
    } else {
      throw new UsageError(
        `--producer-props: unknown property '${name}' (known: ${producerPropNames.join(", ")})`,
      );
    }
  }
  return options as ProducerOptions;
}
