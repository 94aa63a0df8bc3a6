/**
 * The simulated admin client: creates topics (replication factor 3, sometimes with unclean
 * leader election allowed), deletes them, turns unclean election on or off, and runs preferred
 * leader elections. Names come from a small pool so that creations collide, deletions hit, and a
 * deleted name is created again (with a new topic id).
 */

import type { SeededRandom } from "@rill/protocol/random";
import type { ElectionResult } from "../controller/partition-control.js";
import type { CreateTopicResponse } from "../controller/topic-control.js";
import type { ControllerClient } from "./controller-client.js";

/** Admin calls in flight at most. */
export const ADMIN_CALLS_IN_FLIGHT_MAX = 3;
/** Topic names the admin uses: topic-0 .. topic-(N-1). */
export const TOPIC_NAMES_MAX = 8;
export const PARTITIONS_PER_TOPIC_MAX = 3;

export interface AdminHooks {
  count(name: AdminCounterName, by?: number): void;
  onTopicCreationAcked(name: string, topicId: string): void;
  onTopicDeletionAcked(name: string, topicId: string): void;
  trace(line: string): void;
}

export type AdminCounterName =
  | "topicsCreatedAcked"
  | "topicsDeletedAcked"
  | "adminCallsIndeterminate"
  | "preferredElectionsAcked"
  | "uncleanConfigChangesAcked";

export class SimulatedAdmin {
  #inFlight = 0;

  readonly #client: ControllerClient;
  readonly #random: SeededRandom;
  readonly #hooks: AdminHooks;
  constructor(client: ControllerClient, random: SeededRandom, hooks: AdminHooks) {
    this.#client = client;
    this.#random = random;
    this.#hooks = hooks;
  }

  /** With chance `rate`, starts one admin operation. */
  maybeAct(rate: number): void {
    if (this.#inFlight >= ADMIN_CALLS_IN_FLIGHT_MAX || !this.#client.canCall()) return;
    if (!this.#random.chance(rate)) return;
    const name = `topic-${this.#random.int(0, TOPIC_NAMES_MAX - 1)}`;
    const choice = this.#random.next();
    if (choice < 0.5) this.#createTopic(name);
    else if (choice < 0.7) this.#deleteTopic(name);
    else if (choice < 0.85) this.#electPreferred(name);
    else this.#setUncleanElection(name, this.#random.chance(0.5));
  }

  #begin(): void {
    this.#inFlight++;
  }

  #end(kind: string, outcome: { kind: string }): void {
    this.#inFlight--;
    if (outcome.kind === "timeout") {
      this.#hooks.count("adminCallsIndeterminate");
      this.#hooks.trace(`admin ${kind}: timed out (indeterminate)`);
    }
  }

  #createTopic(name: string): void {
    const unclean = this.#random.chance(0.2);
    const numPartitions = this.#random.int(1, PARTITIONS_PER_TOPIC_MAX);
    this.#begin();
    this.#client.call(
      {
        type: "createTopic",
        request: {
          name,
          numPartitions,
          replicationFactor: 3,
          ...(unclean ? { configs: { "unclean.leader.election.enable": "true" } } : {}),
        },
      },
      (outcome) => {
        this.#end(`create ${name}`, outcome);
        if (outcome.kind !== "ok") return;
        const response = outcome.response as CreateTopicResponse;
        this.#hooks.count("topicsCreatedAcked");
        this.#hooks.trace(`admin: created ${name} (${response.topicId}), ${numPartitions} partitions`);
        this.#hooks.onTopicCreationAcked(name, response.topicId);
      },
    );
  }

  #deleteTopic(name: string): void {
    this.#begin();
    this.#client.call({ type: "deleteTopic", name }, (outcome) => {
      this.#end(`delete ${name}`, outcome);
      if (outcome.kind !== "ok") return;
      const { topicId } = outcome.response as { topicId: string };
      this.#hooks.count("topicsDeletedAcked");
      this.#hooks.trace(`admin: deleted ${name} (${topicId})`);
      this.#hooks.onTopicDeletionAcked(name, topicId);
    });
  }

  #electPreferred(name: string): void {
    const partitions = this.#random.chance(0.3)
      ? undefined
      : Array.from({ length: PARTITIONS_PER_TOPIC_MAX }, (_, partition) => ({ topic: name, partition }));
    this.#begin();
    this.#client.call({ type: "electLeaders", partitions }, (outcome) => {
      this.#end("elect preferred leaders", outcome);
      if (outcome.kind !== "ok") return;
      const elected = (outcome.response as ElectionResult[]).filter((result) => result.error === null);
      if (elected.length > 0) this.#hooks.count("preferredElectionsAcked", elected.length);
    });
  }

  #setUncleanElection(name: string, enable: boolean): void {
    this.#begin();
    this.#client.call(
      {
        type: "alterConfigs",
        resource: { type: "topic", name },
        changes: [{ key: "unclean.leader.election.enable", value: enable ? "true" : null }],
      },
      (outcome) => {
        this.#end(`unclean election ${enable} on ${name}`, outcome);
        if (outcome.kind === "ok") this.#hooks.count("uncleanConfigChangesAcked");
      },
    );
  }
}
