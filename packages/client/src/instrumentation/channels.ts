import diagnosticsChannel from "node:diagnostics_channel";

/**
 * Instrumentation of the SDK on `node:diagnostics_channel`, KafkaJS-style events that cost
 * nothing when nobody subscribes (publish checks `hasSubscribers` first). Subscribe with
 * `diagnostics_channel.subscribe("rill:client:request", (message) => ...)`.
 *
 * | channel                 | message                                                          |
 * | ----------------------- | ---------------------------------------------------------------- |
 * | `rill:client:request`   | {@link RequestEvent}: a produce request sent to a broker          |
 * | `rill:client:response`  | {@link ResponseEvent}: its answer (or the failure of the call)    |
 * | `rill:producer:batch`   | {@link BatchEvent}: a batch settled (delivered, failed, unknown)  |
 * | `rill:client:retry`     | {@link RetryEvent}: a batch put back for another attempt          |
 * | `rill:client:metadata`  | {@link MetadataEvent}: a metadata refresh for some topics         |
 */
export const channelNames = {
  request: "rill:client:request",
  response: "rill:client:response",
  batch: "rill:producer:batch",
  retry: "rill:client:retry",
  metadata: "rill:client:metadata",
} as const;

/** A request sent; `requestId` pairs it with its ResponseEvent. */
export interface RequestEvent {
  readonly clientId: string;
  readonly requestId: number;
  readonly api: "produce";
  readonly broker: string;
  readonly partitions: number;
  readonly bytes: number;
}

export interface ResponseEvent {
  readonly clientId: string;
  readonly requestId: number;
  readonly api: "produce";
  readonly broker: string;
  readonly durationMs: number;
  /** Null on success; the error name when the whole call failed. */
  readonly errorName: string | null;
}

export interface BatchEvent {
  readonly clientId: string;
  readonly topic: string;
  readonly partition: number;
  readonly records: number;
  readonly bytes: number;
  readonly attempts: number;
  readonly outcome: "delivered" | "failed" | "indeterminate";
  readonly errorName: string | null;
}

export interface RetryEvent {
  readonly clientId: string;
  readonly topic: string;
  readonly partition: number;
  readonly attempt: number;
  readonly errorName: string;
  readonly delayMs: number;
}

export interface MetadataEvent {
  readonly clientId: string;
  readonly topics: readonly string[];
  readonly durationMs: number;
  readonly errorName: string | null;
}

/**
 * The publishing side, one per Rill instance (it stamps the clientId). Passed to the producer
 * and, by the integrator, to the consumer, so both publish on the same channels.
 */
export class Instrumentation {
  /** Stamped on every event, so subscribers can tell clients apart. */
  readonly clientId: string;
  readonly #request = diagnosticsChannel.channel(channelNames.request);
  readonly #response = diagnosticsChannel.channel(channelNames.response);
  readonly #batch = diagnosticsChannel.channel(channelNames.batch);
  readonly #retry = diagnosticsChannel.channel(channelNames.retry);
  readonly #metadata = diagnosticsChannel.channel(channelNames.metadata);

  /** @param clientId the Rill's client id (Kafka client.id). */
  constructor(clientId: string) {
    this.clientId = clientId;
  }

  /** Publishes on `rill:client:request`. */
  request(event: Omit<RequestEvent, "clientId">): void {
    if (this.#request.hasSubscribers) this.#request.publish({ clientId: this.clientId, ...event });
  }

  /** Publishes on `rill:client:response`. */
  response(event: Omit<ResponseEvent, "clientId">): void {
    if (this.#response.hasSubscribers) this.#response.publish({ clientId: this.clientId, ...event });
  }

  /** Publishes on `rill:producer:batch`. */
  batch(event: Omit<BatchEvent, "clientId">): void {
    if (this.#batch.hasSubscribers) this.#batch.publish({ clientId: this.clientId, ...event });
  }

  /** Publishes on `rill:client:retry`. */
  retry(event: Omit<RetryEvent, "clientId">): void {
    if (this.#retry.hasSubscribers) this.#retry.publish({ clientId: this.clientId, ...event });
  }

  /** Publishes on `rill:client:metadata`. */
  metadata(event: Omit<MetadataEvent, "clientId">): void {
    if (this.#metadata.hasSubscribers) this.#metadata.publish({ clientId: this.clientId, ...event });
  }
}
