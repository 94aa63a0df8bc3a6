import { type BrokerV1, callUnary, fromGrpcError, RillError } from "@rill/protocol";
import { formatAddress } from "../connection/address.js";
import type { ConnectionPool } from "../connection/connection-pool.js";
import type { Clock } from "../retry/clock.js";
import type { Deadline } from "../retry/deadline.js";
import {
  type BrokerNode,
  type ClusterMetadata,
  clusterMetadataFromResponse,
  type PartitionInfo,
  type TopicInfo,
} from "./cluster-metadata.js";

export interface MetadataCacheOptions {
  /** Where to ask when no broker is known yet (brokers or, later, anything serving BrokerService). */
  readonly bootstrap: readonly string[];
  readonly pool: ConnectionPool;
  readonly clock: Clock;
  /** Refresh a topic's metadata at least this often even without errors (Kafka metadata.max.age.ms). */
  readonly maxAgeMs?: number;
  /** The longest one Metadata call may take. */
  readonly requestTimeoutMs?: number;
  /**
   * How long a Metadata call may go unanswered before the next node is asked as well (a hedge):
   * a paused or cut-off broker then costs a refresh this much, not a whole request timeout.
   */
  readonly hedgeAfterMs?: number;
}

export const metadataCacheDefaults = {
  maxAgeMs: 300_000,
  requestTimeoutMs: 5_000,
  /** Well above a healthy Metadata round trip (a few ms), well below any request timeout. */
  hedgeAfterMs: 200,
  /** The most addresses remembered as slow (a cluster has a handful; bogus hints must not grow it). */
  slowAddressesMax: 256,
  /** The most topics whose metadata the cache keeps refreshed. */
  topicsTrackedMax: 10_000,
} as const;

/** Where a partition's leader is, as the cache knows it. */
export interface LeaderRoute {
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly address: string;
}

/** A leader hint as error details carry it (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH). */
export interface LeaderHint {
  readonly leaderId?: unknown;
  readonly leaderEpoch?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
}

/**
 * The client's metadata cache: topics, partitions, leaders, leader epochs and broker endpoints
 * from BrokerService.Metadata. A topic is refreshed when first used, when marked stale
 * (`invalidate`, after NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION or a lost connection)
 * and when older than maxAgeMs. Refreshes ask the known brokers first, then the bootstrap
 * addresses, those that last failed or timed out at the end; a node that does not answer within
 * hedgeAfterMs (or fails) gets the next node asked as well, so one hung node never holds a refresh
 * for a request timeout. The first answer at least as new as the cache's picture wins; a picture
 * from an older metadata offset is taken only when no node had a newer one. One refresh runs at
 * a time; concurrent callers share it.
 */
export class MetadataCache {
  readonly #bootstrap: readonly string[];
  readonly #pool: ConnectionPool;
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  readonly #requestTimeoutMs: number;
  readonly #hedgeAfterMs: number;
  /** Addresses whose last Metadata call failed or outlasted the hedge delay: asked last until they answer again. */
  readonly #slowAddresses = new Set<string>();
  #current: ClusterMetadata = {
    clusterId: "",
    controllerId: -1,
    metadataOffset: -1,
    brokers: new Map(),
    topics: new Map(),
  };
  /** When each topic was last refreshed (ms); absent = never or stale. */
  readonly #refreshedAtMs = new Map<string, number>();
  #inFlight: Promise<void> | undefined;

  constructor(options: MetadataCacheOptions) {
    if (options.bootstrap.length === 0) throw new RangeError("MetadataCache: no bootstrap address");
    this.#bootstrap = options.bootstrap;
    this.#pool = options.pool;
    this.#clock = options.clock;
    this.#maxAgeMs = options.maxAgeMs ?? metadataCacheDefaults.maxAgeMs;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? metadataCacheDefaults.requestTimeoutMs;
    this.#hedgeAfterMs = options.hedgeAfterMs ?? metadataCacheDefaults.hedgeAfterMs;
  }

  /** The latest picture (possibly empty, possibly stale). */
  current(): ClusterMetadata {
    return this.#current;
  }

  /** Marks a topic (or every topic) stale: the next use refreshes it. */
  invalidate(topic?: string): void {
    if (topic === undefined) this.#refreshedAtMs.clear();
    else this.#refreshedAtMs.delete(topic);
  }

  /**
   * The topic's metadata, refreshed first when unknown or stale. A topic the cluster does not
   * know comes back with `error` set (UNKNOWN_TOPIC_OR_PARTITION); a failed refresh throws.
   */
  async topic(name: string, deadline: Deadline): Promise<TopicInfo> {
    if (!this.#isFresh(name)) await this.refresh([name], deadline);
    const topic = this.#current.topics.get(name);
    if (topic === undefined) {
      throw new RillError(
        "UNKNOWN_TOPIC_OR_PARTITION",
        `the metadata answer did not mention topic '${name}'`,
      );
    }
    return topic;
  }

  /**
   * Where the partition's leader is. Throws a retriable RillError (UNKNOWN_TOPIC_OR_PARTITION,
   * LEADER_NOT_AVAILABLE) when the cache cannot say; nothing was sent to a broker then.
   */
  async leader(topicName: string, partition: number, deadline: Deadline): Promise<LeaderRoute> {
    const topic = await this.topic(topicName, deadline);
    if (topic.error !== null) throw topic.error;
    const info = topic.partitions[partition];
    if (info === undefined) {
      throw new RillError(
        "UNKNOWN_TOPIC_OR_PARTITION",
        `topic '${topicName}' has ${topic.partitions.length} partition(s); there is no partition ${partition}`,
        { details: { topic: topicName, partition } },
      );
    }
    if (info.leaderId < 0) {
      throw new RillError("LEADER_NOT_AVAILABLE", `${topicName}-${partition} has no leader right now`, {
        details: { topic: topicName, partition },
      });
    }
    const broker = this.#current.brokers.get(info.leaderId);
    if (broker === undefined) {
      throw new RillError(
        "LEADER_NOT_AVAILABLE",
        `the leader of ${topicName}-${partition}, node ${info.leaderId}, is not among the live brokers`,
        { details: { topic: topicName, partition, leaderId: info.leaderId } },
      );
    }
    return { leaderId: info.leaderId, leaderEpoch: info.leaderEpoch, address: broker.address };
  }

  /**
   * Takes a leader hint from an error (newer leader epoch, with an address) into the cache, so
   * the retry can go straight to the new leader. Returns false when the hint says nothing newer:
   * the caller should then refresh.
   */
  applyLeaderHint(topicName: string, partition: number, hint: LeaderHint): boolean {
    const { leaderId, leaderEpoch, host, port } = hint;
    if (typeof leaderId !== "number" || leaderId < 0 || typeof leaderEpoch !== "number") return false;
    const topic = this.#current.topics.get(topicName);
    const info = topic?.partitions[partition];
    if (topic === undefined || info === undefined || leaderEpoch <= info.leaderEpoch) return false;
    const brokers = new Map(this.#current.brokers);
    if (typeof host === "string" && host !== "" && typeof port === "number" && port >= 1 && port <= 65_535) {
      const known = brokers.get(leaderId);
      brokers.set(leaderId, {
        nodeId: leaderId,
        host,
        port,
        rack: known?.rack ?? "",
        address: formatAddress(host, port),
      });
    } else if (!brokers.has(leaderId)) {
      return false;
    }
    const partitions = [...topic.partitions];
    partitions[partition] = { ...info, leaderId, leaderEpoch, error: null } satisfies PartitionInfo;
    const topics = new Map(this.#current.topics);
    topics.set(topicName, { ...topic, partitions });
    this.#current = { ...this.#current, brokers, topics };
    return true;
  }

  /**
   * Fetches metadata for `topics` (plus every topic already tracked) from the first node that
   * answers. `askLast` names a node whose own word is in doubt (a leader that does not answer,
   * perhaps cut off from the controllers and unaware it was deposed): asked only after the others.
   */
  async refresh(
    topics: readonly string[],
    deadline: Deadline,
    options: { readonly askLast?: string } = {},
  ): Promise<void> {
    // Join a refresh in flight; afterwards refresh again only if it did not cover these topics, or
    // if this one doubts a node (that refresh may have taken the doubted node's word).
    while (this.#inFlight !== undefined) {
      await this.#inFlight.catch(() => undefined);
      if (options.askLast === undefined && topics.every((topic) => this.#isFresh(topic))) return;
    }
    const wanted = [...new Set([...this.#refreshedAtMs.keys(), ...this.#current.topics.keys(), ...topics])];
    if (wanted.length > metadataCacheDefaults.topicsTrackedMax) {
      // Keep the asked-for topics and drop the rest of the tracked set rather than grow without bound.
      wanted.splice(0, wanted.length, ...new Set(topics));
    }
    const refresh = this.#fetch(wanted, deadline, options.askLast);
    this.#inFlight = refresh;
    try {
      await refresh;
    } finally {
      this.#inFlight = undefined;
    }
  }

  async #fetch(topics: readonly string[], deadline: Deadline, askLast: string | undefined): Promise<void> {
    const known = [
      ...new Set([
        ...[...this.#current.brokers.values()].map((broker) => broker.address),
        ...this.#bootstrap,
      ]),
    ];
    // Nodes that answered lately first, then the slow ones, and the node in doubt last of all: a
    // slow mark outlives the slowness (it is cleared only by an answer), so a deposed leader asked
    // among the slow ones would answer first, again and again, with its own stale picture.
    const slow = (address: string) => this.#slowAddresses.has(address) && address !== askLast;
    const candidates = [
      ...known.filter((address) => !slow(address) && address !== askLast),
      ...known.filter(slow),
      ...known.filter((address) => address === askLast),
    ];
    const outcome = await this.#askHedged(candidates, topics, deadline, askLast);
    if (outcome.picture !== undefined) {
      this.#install(outcome.picture, topics);
      return;
    }
    const cause =
      outcome.lastError ?? new RillError("REQUEST_TIMED_OUT", "the deadline passed before asking");
    // Nothing was sent but a Metadata call: for the operation that needed it, nothing was done.
    throw new RillError(
      cause.errorName,
      `no broker answered the metadata request (tried ${candidates.join(", ")}): ${cause.message}`,
      { cause, details: { ...cause.details, indeterminate: false } },
    );
  }

  /**
   * Asks `candidates` in order, the next one as soon as the previous failed or stayed silent for
   * hedgeAfterMs, until an answer at least as new as the cache's picture comes (the newest older
   * one when every node answered older or failed). Calls still running then end on their own
   * deadline; their answers are ignored. The `doubted` node's answer is taken only once every
   * other call has ended without one: asked last, it is also the quickest to answer when it is a
   * deposed leader that still believes it leads and the others are busy electing its successor.
   */
  #askHedged(
    candidates: readonly string[],
    topics: readonly string[],
    deadline: Deadline,
    doubted?: string,
  ): Promise<{ picture?: ClusterMetadata; lastError?: RillError }> {
    return new Promise((resolve) => {
      let next = 0;
      let running = 0;
      let settled = false;
      let hedge: NodeJS.Timeout | undefined;
      let lastError: RillError | undefined;
      let older: ClusterMetadata | undefined;
      let fromDoubted: ClusterMetadata | undefined;
      const settle = (picture: ClusterMetadata | undefined): void => {
        settled = true;
        clearTimeout(hedge);
        resolve({
          ...(picture === undefined ? {} : { picture }),
          ...(lastError === undefined ? {} : { lastError }),
        });
      };
      const askNext = (): void => {
        if (settled) return;
        clearTimeout(hedge);
        const remainingMs = deadline.remainingMs();
        const address = candidates[next];
        if (address === undefined || remainingMs <= 0) {
          if (running === 0) settle(fromDoubted ?? older);
          return;
        }
        next += 1;
        let client: ReturnType<ConnectionPool["broker"]>;
        try {
          client = this.#pool.broker(address);
        } catch (error) {
          // The pool is closed (the client is closing): no node can be asked any more.
          lastError = new RillError(
            "OPERATION_NOT_ATTEMPTED",
            "The client was closed during a metadata refresh",
            {
              cause: error,
            },
          );
          next = candidates.length;
          if (running === 0) settle(fromDoubted ?? older);
          return;
        }
        running += 1;
        hedge = setTimeout(() => {
          // Silent for the hedge delay: asked last next time too, until it answers again.
          this.#rememberSlow(address);
          askNext();
        }, this.#hedgeAfterMs);
        callUnary(
          client,
          "metadata",
          { topics: [...topics], allTopics: false },
          { timeoutMs: Math.min(remainingMs, this.#requestTimeoutMs) },
        ).then(
          (response: BrokerV1.MetadataResponse__Output) => {
            running -= 1;
            this.#forgetSlow(address);
            if (settled) return;
            const picture = clusterMetadataFromResponse(response);
            if (picture.metadataOffset >= this.#current.metadataOffset) {
              if (address !== doubted) {
                settle(picture);
                return;
              }
              // Kept until every other node was asked and none answered as new.
              fromDoubted = picture;
              askNext();
              return;
            }
            // An older picture than ours (that broker lags the metadata log): try another node.
            if (older === undefined || picture.metadataOffset > older.metadataOffset) older = picture;
            askNext();
          },
          (error: unknown) => {
            running -= 1;
            this.#rememberSlow(address);
            if (settled) return;
            lastError = fromGrpcError(error);
            askNext();
          },
        );
      };
      askNext();
    });
  }

  #rememberSlow(address: string): void {
    if (this.#slowAddresses.size >= metadataCacheDefaults.slowAddressesMax) this.#slowAddresses.clear();
    this.#slowAddresses.add(address);
  }

  #forgetSlow(address: string): void {
    this.#slowAddresses.delete(address);
  }

  #install(picture: ClusterMetadata, asked: readonly string[]): void {
    const topics = new Map(this.#current.topics);
    for (const [name, topic] of picture.topics) topics.set(name, topic);
    const brokers: Map<number, BrokerNode> =
      picture.brokers.size > 0 ? new Map(picture.brokers) : new Map(this.#current.brokers);
    this.#current = {
      clusterId: picture.clusterId,
      controllerId: picture.controllerId,
      metadataOffset: Math.max(picture.metadataOffset, this.#current.metadataOffset),
      brokers,
      topics,
    };
    const now = this.#clock.now();
    for (const name of asked) if (picture.topics.has(name)) this.#refreshedAtMs.set(name, now);
  }

  #isFresh(topic: string): boolean {
    const refreshedAtMs = this.#refreshedAtMs.get(topic);
    return (
      refreshedAtMs !== undefined &&
      this.#clock.now() - refreshedAtMs < this.#maxAgeMs &&
      this.#current.topics.has(topic)
    );
  }
}
