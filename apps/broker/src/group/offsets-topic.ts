import type { MetadataImage } from "@rill/metadata";
import type { ControllerV1 } from "@rill/protocol";
import { ErrorCodes, isRillError } from "@rill/protocol";
import type { Logger } from "@rill/runtime";

/** The internal, compacted topic holding committed offsets and group state (Kafka's name). */
export const OFFSETS_TOPIC = "__consumer_offsets";

/**
 * max.message.bytes of the offsets topic: a group's state is one record (every member with its
 * subscription and assignment), which for a group at `group.consumer.max.size` can outgrow the
 * 1 MiB default; under the 16 MiB gRPC message limit that replication must carry it in.
 */
export const OFFSETS_TOPIC_MESSAGE_BYTES_MAX = 8 * 1024 * 1024;

export interface OffsetsTopicSettings {
  /** offsets.topic.num.partitions (50). */
  readonly partitions: number;
  /** offsets.topic.replication.factor; -1: min(3, live brokers). */
  readonly replicationFactor: number;
}

/** Sends CreateTopics as this broker (internal_topic_creator set), to the active controller. */
export type CreateInternalTopics = (
  request: Omit<ControllerV1.CreateTopicsRequest, "internalTopicCreator">,
) => Promise<ControllerV1.CreateTopicsResponse__Output>;

/**
 * Creates `__consumer_offsets` on first use, as Kafka's broker does when FindCoordinator finds
 * no such topic: compacted, `min.insync.replicas` = min(2, RF), `max.message.bytes` 8 MiB. One
 * request at a time; callers are answered COORDINATOR_NOT_AVAILABLE meanwhile and retry, and the
 * topic shows up in the metadata image once the controller has committed it.
 */
export class OffsetsTopicCreator {
  readonly #settings: OffsetsTopicSettings;
  readonly #create: CreateInternalTopics;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  #inFlight: Promise<void> | undefined;

  constructor(options: {
    settings: OffsetsTopicSettings;
    create: CreateInternalTopics;
    logger: Logger;
    timeoutMs: number;
  }) {
    this.#settings = options.settings;
    this.#create = options.create;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs;
  }

  /** Starts creating the topic unless the image has it or a request is already out. */
  ensure(image: MetadataImage): void {
    if (image.topicByName(OFFSETS_TOPIC) !== undefined || this.#inFlight !== undefined) return;
    const liveBrokers = [...image.brokers.values()].filter((broker) =>
      image.isBrokerActive(broker.brokerId),
    ).length;
    if (liveBrokers === 0) return;
    const replicationFactor =
      this.#settings.replicationFactor > 0 ? this.#settings.replicationFactor : Math.min(3, liveBrokers);
    const minInsyncReplicas = Math.min(2, replicationFactor);
    this.#inFlight = this.#create({
      topics: [
        {
          name: OFFSETS_TOPIC,
          numPartitions: this.#settings.partitions,
          replicationFactor,
          configs: [
            { name: "cleanup.policy", value: "compact" },
            { name: "min.insync.replicas", value: String(minInsyncReplicas) },
            { name: "max.message.bytes", value: String(OFFSETS_TOPIC_MESSAGE_BYTES_MAX) },
          ],
        },
      ],
      timeoutMs: this.#timeoutMs,
    })
      .then((response) => {
        const result = response.topics[0];
        if (result === undefined || result.errorCode === 0) {
          this.#logger.info({ topic: OFFSETS_TOPIC, replicationFactor }, "created the offsets topic");
        } else if (result.errorCode !== ErrorCodes.TOPIC_ALREADY_EXISTS.code) {
          // TOPIC_ALREADY_EXISTS: another broker created it first, which is as good.
          this.#logger.warn(
            { topic: OFFSETS_TOPIC, errorCode: result.errorCode, error: result.errorMessage },
            "creating the offsets topic failed",
          );
        }
      })
      .catch((error: unknown) => {
        this.#logger.warn(
          { topic: OFFSETS_TOPIC, err: isRillError(error) ? error.message : String(error) },
          "creating the offsets topic failed",
        );
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
  }
}
