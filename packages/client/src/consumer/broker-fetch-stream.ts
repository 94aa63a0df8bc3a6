import type { ClientDuplexStream } from "@grpc/grpc-js";
import { type BrokerV1, fromGrpcError, type RillError } from "@rill/protocol";
import type { ConnectionPool } from "../connection/connection-pool.js";
import type { IsolationLevel } from "../data/data-types.js";
import type { PartitionState } from "./partition-state.js";

type FetchStreamCall = ClientDuplexStream<BrokerV1.FetchStreamRequest, BrokerV1.FetchStreamResponse__Output>;

const ISOLATION_WIRE: Record<IsolationLevel, BrokerV1.IsolationLevel> = {
  read_uncommitted: "ISOLATION_LEVEL_READ_UNCOMMITTED",
  read_committed: "ISOLATION_LEVEL_READ_COMMITTED",
};

/** What a stream reports to its owner. */
export interface BrokerFetchStreamEvents {
  /** A push arrived (records, high watermarks or per-partition errors). */
  onPush(stream: BrokerFetchStream, push: BrokerV1.FetchStreamResponse__Output): void;
  /** The stream ended (an error, or the broker closed it); it is unusable from now on. */
  onEnd(stream: BrokerFetchStream, error: RillError | undefined): void;
}

/**
 * One FetchStream to one broker, carrying every assigned partition that broker leads. The broker
 * pushes batches as its high watermark passes them, while it holds byte credit; this side
 * tracks which partitions it asked for and how much credit is still outstanding (granted minus
 * record bytes received), so the fetcher can keep the prefetch bound.
 */
export class BrokerFetchStream {
  readonly brokerId: number;
  readonly address: string;
  /** The partitions assigned on this stream, by partition key. */
  readonly partitions = new Map<string, PartitionState>();
  /** Every partition key ever assigned here (bounded by the consumer's assignedPartitionsMax). */
  readonly #everAssigned = new Set<string>();
  #outstandingCreditBytes = 0;
  #ended = false;
  readonly #call: FetchStreamCall;
  readonly #isolationLevel: BrokerV1.IsolationLevel;
  readonly #partitionMaxBytes: number;
  #sentIsolation = false;

  constructor(options: {
    readonly brokerId: number;
    readonly address: string;
    readonly pool: ConnectionPool;
    readonly isolationLevel: IsolationLevel;
    readonly partitionMaxBytes: number;
    readonly events: BrokerFetchStreamEvents;
  }) {
    this.brokerId = options.brokerId;
    this.address = options.address;
    this.#isolationLevel = ISOLATION_WIRE[options.isolationLevel];
    this.#partitionMaxBytes = options.partitionMaxBytes;
    const events = options.events;
    this.#call = options.pool.broker(options.address).fetchStream();
    this.#call.on("data", (push: BrokerV1.FetchStreamResponse__Output) => {
      if (this.#ended) return;
      events.onPush(this, push);
    });
    const end = (error: RillError | undefined): void => {
      if (this.#ended) return;
      this.#ended = true;
      events.onEnd(this, error);
    };
    this.#call.on("error", (error: Error) => end(fromGrpcError(error)));
    this.#call.on("end", () => end(undefined));
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Credit granted and not yet used by record bytes received. */
  get outstandingCreditBytes(): number {
    return this.#outstandingCreditBytes;
  }

  /** Starts (or restarts, for a seek) reading `state` at its fetch position. */
  assign(state: PartitionState, leaderEpoch: number): void {
    // A partition that was here before may still have pushes in flight from its old position
    // (sent before the broker saw a removal): until the first push from the new position, take
    // nothing that starts past it.
    if (this.#everAssigned.has(state.key)) {
      state.staleFromOffset = Math.min(state.staleFromOffset, state.fetchPosition);
    }
    this.#everAssigned.add(state.key);
    this.partitions.set(state.key, state);
    state.resyncing = true;
    this.#write({
      assignment: {
        isolationLevel: this.#isolationLevel,
        topics: [
          {
            topic: state.topic,
            partitions: [
              {
                partition: state.partition,
                currentLeaderEpoch: leaderEpoch,
                fetchOffset: state.fetchPosition,
                partitionMaxBytes: this.#partitionMaxBytes,
              },
            ],
          },
        ],
        removedPartitions: [],
      },
    });
    this.#sentIsolation = true;
  }

  /** Stops reading `state` (pushes already in flight for it are ignored by the owner). */
  remove(state: PartitionState): void {
    if (!this.partitions.delete(state.key)) return;
    this.#write({
      assignment: {
        isolationLevel: this.#sentIsolation ? "ISOLATION_LEVEL_UNSPECIFIED" : this.#isolationLevel,
        topics: [],
        removedPartitions: [{ topic: state.topic, partition: state.partition }],
      },
    });
  }

  /** Forgets a partition the broker dropped on its own (it answered with an error). */
  forget(state: PartitionState): void {
    this.partitions.delete(state.key);
  }

  /** Grants `bytes` more credit. */
  grant(bytes: number): void {
    if (bytes <= 0) return;
    this.#outstandingCreditBytes += bytes;
    this.#write({ credit: { bytes } });
  }

  /** Counts record bytes received against the outstanding credit. */
  received(bytes: number): void {
    this.#outstandingCreditBytes = Math.max(0, this.#outstandingCreditBytes - bytes);
  }

  /** Ends the stream from this side; no event follows. */
  close(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#call.cancel();
  }

  #write(message: BrokerV1.FetchStreamRequest): void {
    if (this.#ended) return;
    // Messages here are a few hundred bytes; grpc-js buffers them, and the count is bounded by
    // the partitions assigned plus credit grants, which wait for record bytes to be consumed.
    this.#call.write(message);
  }
}
