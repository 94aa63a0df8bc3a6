import type { ConnectionPool } from "../connection/connection-pool.js";
import type { Instrumentation } from "../instrumentation/channels.js";
import type { MetadataCache } from "../metadata/metadata-cache.js";
import type { Backoff } from "../retry/backoff.js";
import type { Clock } from "../retry/clock.js";
import type { Accumulator } from "./accumulator.js";
import type { ProducerSettings } from "./producer-options.js";

/** The producer id and epoch under idempotence. */
export interface ProducerIdentity {
  readonly producerId: number;
  readonly producerEpoch: number;
}

export interface SenderDeps {
  readonly metadata: MetadataCache;
  readonly pool: ConnectionPool;
  readonly clock: Clock;
  readonly backoff: Backoff;
  readonly instrumentation: Instrumentation;
  readonly accumulator: Accumulator;
  readonly settings: ProducerSettings;
  /** Set under idempotence once InitProducerId answered. */
  readonly identity: () => ProducerIdentity | undefined;
  /** Gives back the buffer.memory a settled batch held. */
  readonly release: (bytes: number) => void;
  /** Gets the next producer epoch (InitProducerId with the current id and epoch). */
  readonly bumpEpoch: () => Promise<void>;
}
