import { randomUUID } from "node:crypto";
import { DataClient } from "@rill/client";
import { DEFAULT_GROUP_COORDINATOR_CONFIG } from "@rill/group";
import type { GroupV1, HandlerOptions } from "@rill/protocol";
import type { Logger, RillMetrics } from "@rill/runtime";
import type { BrokerConfig } from "../server/config.js";
import { type CoordinatorReplicas, GroupCoordinator } from "./group-coordinator.js";
import { GroupLagReader } from "./group-lag.js";
import { registerGroupLagMetrics } from "./group-lag-metrics.js";
import { groupServiceHandlers } from "./group-service.js";
import { type CreateInternalTopics, OffsetsTopicCreator } from "./offsets-topic.js";

export interface GroupCoordinatorHost {
  /** The GroupService handlers for the listener named `listenerName`. */
  handlersFor(listenerName: string): GroupV1.GroupServiceHandlers;
  readonly coordinator: GroupCoordinator;
  /** Starts following leadership of __consumer_offsets partitions (once the broker serves). */
  start(selfAddress: string): void;
  close(): Promise<void>;
}

/**
 * The broker's group coordinator, its GroupService handlers, the offsets-topic creator and the
 * lag metrics, from the broker's config (offsets.*, group.consumer.*).
 */
export function createGroupCoordinator(options: {
  readonly config: BrokerConfig;
  readonly replicas: CoordinatorReplicas;
  readonly createInternalTopics: CreateInternalTopics;
  readonly logger: Logger;
  readonly metrics: RillMetrics;
  readonly handlerOptions: HandlerOptions;
  /** False once the controllers may have fenced this broker (see GroupCoordinatorOptions). */
  readonly sessionAlive: () => boolean;
}): GroupCoordinatorHost {
  const { config, replicas, logger } = options;
  const coordinator = new GroupCoordinator({
    replicas,
    logger,
    config: {
      ...DEFAULT_GROUP_COORDINATOR_CONFIG,
      sessionTimeoutMsDefault: config["group.consumer.session.timeout.ms"],
      heartbeatIntervalMs: config["group.consumer.heartbeat.interval.ms"],
      membersMax: config["group.consumer.max.size"],
      offsetsRetentionMs: config["offsets.retention.minutes"] * 60_000,
      newMemberId: () => randomUUID(),
    },
    writeTimeoutMs: config["offsets.commit.timeout.ms"],
    retentionCheckIntervalMs: config["offsets.retention.check.interval.ms"],
    sessionAlive: options.sessionAlive,
  });
  const offsetsTopic = new OffsetsTopicCreator({
    settings: {
      partitions: config["offsets.topic.num.partitions"],
      replicationFactor: config["offsets.topic.replication.factor"],
    },
    create: options.createInternalTopics,
    logger,
    timeoutMs: config["request.timeout.ms"],
  });
  // The lag reader asks partition leaders through the SDK's data client, bootstrapped from this
  // broker itself (created once the server is bound).
  let data: DataClient | undefined;
  let selfAddress: string | undefined;
  const lag = new GroupLagReader({
    coordinator,
    data: () => {
      if (selfAddress === undefined) throw new Error("unreachable: lag asked before the broker serves");
      data ??= new DataClient({
        bootstrap: [selfAddress],
        requestTimeoutMs: 5_000,
        operationTimeoutMs: 5_000,
      });
      return data;
    },
  });
  const unregisterMetrics = registerGroupLagMetrics(options.metrics, coordinator, lag);
  return {
    handlersFor: (listenerName) =>
      groupServiceHandlers(
        { coordinator, offsetsTopic, lag, image: () => replicas.image(), listenerName },
        options.handlerOptions,
      ),
    coordinator,
    start(address) {
      selfAddress = address;
      coordinator.start();
    },
    async close() {
      unregisterMetrics();
      await coordinator.close();
      data?.close();
    },
  };
}
