import { type BrokerV1, encodeRecordBatch, fromGrpcError, RillError } from "@rill/protocol";
import { ACKS_WIRE, brokerWaitMs } from "../data/data-client.js";
import type { LeaderRoute } from "../metadata/metadata-cache.js";
import { Deadline } from "../retry/deadline.js";
import { BatchSettler } from "./batch-settler.js";
import { ProduceStream } from "./produce-stream.js";
import type { ProducerBatch } from "./producer-batch.js";

import type { SenderDeps } from "./sender-deps.js";

export type { ProducerIdentity, SenderDeps } from "./sender-deps.js";

/**
 * A produce request unanswered this long makes the sender refresh the metadata of its partitions
 * (and again every as long while it stays unanswered): when a partition's leadership moved on to
 * another broker in a newer leader epoch, the old leader (paused, cut off, fenced) cannot commit
 * the request any more, so the stream to it is given up at once (its requests INDETERMINATE,
 * retried at the new leader) instead of waiting out request.timeout.ms. Far above a healthy
 * acks=all round trip, far below a request timeout.
 */
export const LEADER_CHECK_AFTER_MS = 500;

/**
 * Kafka's Sender: takes ready batches from the accumulator, groups them by leader into produce
 * requests (many partitions per request, up to max.request.size), keeps up to
 * max.in.flight.requests.per.connection requests in flight per broker, and settles each batch's
 * records from the per-partition answer: delivered, retried after a backoff with jitter (or at
 * once to a hinted new leader), or ended as failed / INDETERMINATE (never failed when an attempt
 * may have appended it). Retries of a batch that may have been appended happen only under
 * idempotence, where the leader drops the repeat by its sequence number.
 *
 * Runs as a loop woken by `wake()` (a batch got full, an answer came back, a flush) and by a
 * timer at the next linger or backoff end. Requests go out on one ProduceStream per broker
 * (several in flight on it, answered by correlation id), not one unary call each.
 */
export class Sender {
  readonly #deps: SenderDeps;
  readonly #requestsInFlight = new Map<string, number>();
  /** One ProduceStream per broker address, opened on first use. */
  readonly #streams = new Map<string, ProduceStream>();
  #running = false;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAtMs = Number.POSITIVE_INFINITY;
  #flushing = 0;
  #nextRequestId = 1;
  /** The batches the running pass judged ready: what a pass that throws concerns (#passFailed). */
  #passing: readonly ProducerBatch[] = [];
  /**
   * The partitions' sequence numbers are in doubt (a batch ended INDETERMINATE, or the broker
   * refused a sequence no earlier batch explains): nothing more is sent until every request is
   * back, then the producer takes the next epoch and every partition starts again at sequence 0,
   * as Kafka's idempotent producer does.
   */
  #epochBumpNeeded = false;
  #epochBumping = false;
  /**
   * The time the last pass judged the batches by (expired them, asked which are ready). The
   * timer is armed from this time, not from a later look at the clock: a batch that became ready
   * after the pass looked (its linger or backoff ended meanwhile, e.g. while the process was
   * descheduled) was not sent, so it must get a timer too, or nothing ever wakes the sender for it.
   */
  #judgedAtMs = Number.NEGATIVE_INFINITY;

  readonly #settle: BatchSettler;

  constructor(deps: SenderDeps) {
    this.#deps = deps;
    this.#settle = new BatchSettler(deps, () => {
      this.#epochBumpNeeded = true;
    });
  }

  /** While > 0, open batches go out without waiting for linger.ms (flush). */
  beginFlush(): void {
    this.#flushing += 1;
    this.wake();
  }

  endFlush(): void {
    this.#flushing -= 1;
  }

  /** Asks for a pass of the send loop soon (coalesced). */
  wake(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    setImmediate(() => void this.#loop());
  }

  /** Stops the timer and ends the streams (the producer is closed and nothing is left). */
  stop(): void {
    for (const stream of this.#streams.values()) stream.close();
    this.#streams.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
  }

  /**
   * Never rejects: a pass that throws (an internal bug, a throwing partitioner callback) ends the
   * batches it was handling with a typed error (#passFailed) and the loop goes on, so later sends
   * are still sent and every batch still gets a timer; a stopped loop would leave every later
   * record without an outcome.
   */
  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        this.#passing = [];
        try {
          await this.#pass();
        } catch (caught) {
          this.#passFailed(caught);
        }
      } while (this.#again);
    } finally {
      this.#passing = [];
      this.#running = false;
    }
    this.#armTimer();
  }

  /**
   * Ends with OPERATION_NOT_ATTEMPTED (INDETERMINATE when an earlier attempt may have appended
   * it, see BatchSettler.end) every batch the failed pass was handling that it did not send: their state is
   * not to be trusted any more, and none of their records left the client in this pass.
   */
  #passFailed(caught: unknown): void {
    for (const batch of this.#passing) {
      const queue = this.#deps.accumulator.queue(batch.topic, batch.partition);
      if (queue.pending.includes(batch)) this.#notSent(batch, caught);
    }
    this.#passing = [];
  }

  /** Ends a batch that could not be prepared for sending (see #loop). */
  #notSent(batch: ProducerBatch, caught: unknown): void {
    const reason = caught instanceof Error ? caught.message : String(caught);
    this.#settle.end(
      batch,
      new RillError(
        "OPERATION_NOT_ATTEMPTED",
        `${batch.topic}-${batch.partition}: the producer failed preparing the batch and did not send it (${reason})`,
        { cause: caught, details: { topic: batch.topic, partition: batch.partition, indeterminate: false } },
      ),
    );
  }

  /**
   * Arms the timer for the next thing that will need a pass without anything else waking the
   * sender: a head batch's linger or backoff end, or a waiting batch's delivery timeout (so its
   * outcome comes on time even while it cannot be sent, e.g. during an epoch bump). Both are
   * taken after the time the last pass judged by; what was due by then that pass handled, or an
   * answer or the epoch bump wakes it.
   */
  #armTimer(): void {
    const { accumulator, settings } = this.#deps;
    let atMs = accumulator.nextReadyMs(this.#judgedAtMs, settings.maxInFlightRequestsPerConnection);
    for (const queue of accumulator.queues()) {
      // The head is the oldest waiting batch of its partition: BatchSettler.expire ends them in this order.
      const head = queue.pending[0];
      if (head === undefined) continue;
      const expiresMs = head.createdMs + settings.deliveryTimeoutMs;
      if (expiresMs > this.#judgedAtMs) atMs = Math.min(atMs, expiresMs);
    }
    if (!Number.isFinite(atMs) || atMs >= this.#timerAtMs) return;
    clearTimeout(this.#timer);
    this.#timerAtMs = atMs;
    this.#timer = setTimeout(
      () => {
        this.#timerAtMs = Number.POSITIVE_INFINITY;
        this.#timer = undefined;
        this.wake();
      },
      Math.max(0, atMs - this.#deps.clock.now()),
    );
  }

  async #pass(): Promise<void> {
    const { accumulator, settings, clock } = this.#deps;
    const nowMs = clock.now();
    this.#judgedAtMs = nowMs;
    this.#settle.expire(nowMs);
    if (this.#epochBumpNeeded) {
      this.#bumpEpochWhenQuiet();
      return;
    }
    const candidates = accumulator.ready(
      nowMs,
      this.#flushing > 0,
      settings.maxInFlightRequestsPerConnection,
    );
    this.#passing = candidates;
    if (candidates.length === 0) return;
    const routes = await this.#routes(candidates);
    // Answers may have come back while the routes were looked up (a retry put back in front, a
    // batch settled): take what is ready now, so order per partition holds.
    if (this.#epochBumpNeeded) {
      this.#again = true;
      return;
    }
    const ready = accumulator.ready(
      clock.now(),
      this.#flushing > 0,
      settings.maxInFlightRequestsPerConnection,
    );
    this.#passing = ready;
    /** broker address + acks → the batches of one request being built. */
    const requests = new Map<string, { address: string; batches: ProducerBatch[]; bytes: number }[]>();
    const blocked = new Set<string>();
    for (const batch of ready) {
      const partitionId = `${batch.topic}\u0000${batch.partition}`;
      // A partition whose earlier batch could not go out now waits: its order must hold.
      if (blocked.has(partitionId)) continue;
      const route = routes.get(partitionId);
      if (route === undefined) {
        // Not looked up in this pass (it became ready meanwhile): the next pass does.
        if (!candidates.some((other) => other.topic === batch.topic && other.partition === batch.partition)) {
          this.#again = true;
        }
        blocked.add(partitionId);
        continue;
      }
      const key = `${route.address}\u0000${String(batch.acks)}`;
      const built = requests.get(key) ?? [];
      requests.set(key, built);
      let encoded: Uint8Array;
      try {
        // Sealed before it is encoded: a batch that does not fit this pass stays pending with its
        // bytes kept, and must take no more records (they would be acknowledged unsent).
        accumulator.seal(batch);
        encoded = this.#encode(batch);
      } catch (caught) {
        // This batch alone cannot go: it ends, and the others of this pass still do.
        this.#notSent(batch, caught);
        blocked.add(partitionId);
        this.#again = true; // the partition's next batches go in the next pass, in order
        continue;
      }
      let request = built.at(-1);
      const fits =
        request !== undefined &&
        request.bytes + encoded.length <= settings.maxRequestSize &&
        !request.batches.some((other) => other.topic === batch.topic && other.partition === batch.partition);
      if (!fits) {
        const inFlight = (this.#requestsInFlight.get(route.address) ?? 0) + built.length;
        if (inFlight >= settings.maxInFlightRequestsPerConnection) {
          blocked.add(partitionId);
          continue;
        }
        request = { address: route.address, batches: [], bytes: 0 };
        built.push(request);
      }
      (request as { batches: ProducerBatch[]; bytes: number }).batches.push(batch);
      (request as { bytes: number }).bytes += encoded.length;
      accumulator.take(batch);
    }
    for (const built of requests.values()) {
      for (const request of built) void this.#send(request.address, request.batches, routes);
    }
  }

  #bumpEpochWhenQuiet(): void {
    if (this.#epochBumping) return;
    for (const count of this.#requestsInFlight.values()) if (count > 0) return;
    this.#epochBumping = true;
    let attempt = 0;
    const bump = (): void => {
      this.#deps.bumpEpoch().then(
        () => {
          for (const queue of this.#deps.accumulator.queues()) {
            queue.inFlight.nextSequence = 0;
            for (const batch of queue.pending) {
              batch.baseSequence = -1;
              batch.encoded = null;
            }
          }
          this.#epochBumpNeeded = false;
          this.#epochBumping = false;
          this.wake();
        },
        () => {
          // The cluster cannot hand out an epoch now: try again after a backoff; the batches'
          // delivery timeouts still bound how long their records wait.
          attempt += 1;
          setTimeout(bump, this.#deps.backoff.delayMs(attempt));
          this.wake();
        },
      );
    };
    bump();
  }

  /** The leader of each ready batch's partition; a partition without one backs off. */
  async #routes(ready: readonly ProducerBatch[]): Promise<Map<string, LeaderRoute>> {
    const { metadata, clock, settings } = this.#deps;
    const routes = new Map<string, LeaderRoute>();
    const lookups = new Map<string, ProducerBatch>();
    for (const batch of ready) lookups.set(`${batch.topic}\u0000${batch.partition}`, batch);
    await Promise.all(
      [...lookups].map(async ([partitionId, batch]) => {
        const startedMs = clock.now();
        try {
          const deadline = new Deadline(
            clock,
            Math.max(1, Math.min(settings.requestTimeoutMs, settings.maxBlockMs)),
          );
          routes.set(partitionId, await metadata.leader(batch.topic, batch.partition, deadline));
        } catch (caught) {
          const error = fromGrpcError(caught);
          this.#deps.instrumentation.metadata({
            topics: [batch.topic],
            durationMs: clock.now() - startedMs,
            errorName: error.errorName,
          });
          metadata.invalidate(batch.topic);
          this.#settle.backOff(batch, error);
        }
      }),
    );
    return routes;
  }

  /** The batch's bytes for its current sequence (encoded once per sequence, not per attempt). */
  #encode(batch: ProducerBatch): Uint8Array {
    const identity = this.#deps.identity();
    const queue = this.#deps.accumulator.queue(batch.topic, batch.partition);
    if (identity !== undefined) queue.inFlight.assignSequence(batch);
    if (batch.encoded === null) {
      batch.encoded = encodeRecordBatch({
        records: batch.records.map((pending) => pending.record),
        compression: batch.compression,
        ...(identity === undefined ? {} : { ...identity, baseSequence: batch.baseSequence }),
      });
    }
    return batch.encoded;
  }

  async #send(
    address: string,
    batches: readonly ProducerBatch[],
    routes: ReadonlyMap<string, LeaderRoute>,
  ): Promise<void> {
    const { pool, settings, clock, instrumentation } = this.#deps;
    const first = batches[0] as ProducerBatch;
    const requestId = this.#nextRequestId++;
    this.#requestsInFlight.set(address, (this.#requestsInFlight.get(address) ?? 0) + 1);
    const topicData = new Map<string, BrokerV1.ProducePartitionData[]>();
    let bytes = 0;
    for (const batch of batches) {
      batch.attempts += 1;
      const records = batch.encoded as Uint8Array;
      bytes += records.length;
      const partitions = topicData.get(batch.topic) ?? [];
      partitions.push({ index: batch.partition, records });
      topicData.set(batch.topic, partitions);
    }
    instrumentation.request({
      requestId,
      api: "produce",
      broker: address,
      partitions: batches.length,
      bytes,
    });
    const startedMs = clock.now();
    let leaderCheck: NodeJS.Timeout | undefined;
    try {
      let stream = this.#streams.get(address);
      if (stream === undefined) {
        stream = new ProduceStream(() => pool.broker(address).produceStream());
        this.#streams.set(address, stream);
      }
      const sentOn = stream;
      const epochs = batches.map((batch) => ({
        batch,
        leaderEpoch: routes.get(`${batch.topic}\u0000${batch.partition}`)?.leaderEpoch ?? -1,
      }));
      const checkLeaders = (): void => {
        leaderCheck = setTimeout(() => {
          void this.#leadershipMoved(address, epochs).then((moved) => {
            if (leaderCheck === undefined) return; // answered meanwhile
            if (moved === undefined) {
              checkLeaders();
              return;
            }
            if (this.#streams.get(address) === sentOn) this.#streams.delete(address);
            sentOn.close(`${moved} while a produce request to ${address} was in flight`);
          });
        }, LEADER_CHECK_AFTER_MS);
      };
      if (settings.requestTimeoutMs > LEADER_CHECK_AFTER_MS) checkLeaders();
      const response = await stream
        .send(
          {
            acks: ACKS_WIRE[String(first.acks)] as BrokerV1.Acks,
            timeoutMs: brokerWaitMs(settings.requestTimeoutMs),
            topicData: [...topicData].map(([name, partitionData]) => ({ name, partitionData })),
          },
          settings.requestTimeoutMs,
        )
        .catch((error: unknown) => {
          // A request without an answer in time: the stream may be stuck behind a dead or
          // paused broker; the next request opens a fresh one (the others in flight end
          // INDETERMINATE and are retried like this one).
          if (error instanceof RillError && error.errorName === "REQUEST_TIMED_OUT") {
            stream?.close();
            this.#streams.delete(address);
          }
          throw error;
        });
      instrumentation.response({
        requestId,
        api: "produce",
        broker: address,
        durationMs: clock.now() - startedMs,
        errorName: null,
      });
      for (const batch of batches) {
        const answer = response.responses
          .find((candidate) => candidate.name === batch.topic)
          ?.partitionResponses.find((candidate) => candidate.index === batch.partition);
        this.#settle.answered(batch, answer);
      }
    } catch (caught) {
      const error = fromGrpcError(caught);
      instrumentation.response({
        requestId,
        api: "produce",
        broker: address,
        durationMs: clock.now() - startedMs,
        errorName: error.errorName,
      });
      for (const batch of batches) this.#settle.failed(batch, error);
    } finally {
      clearTimeout(leaderCheck);
      leaderCheck = undefined;
      this.#requestsInFlight.set(address, (this.#requestsInFlight.get(address) ?? 1) - 1);
      this.wake();
    }
  }

  /**
   * Refreshes the metadata of the batches' topics; says which partition's leadership moved away
   * from `address` to another broker in a newer leader epoch than the request was sent in
   * (undefined when none did, or the refresh failed: the request keeps waiting).
   */
  async #leadershipMoved(
    address: string,
    sent: readonly { batch: ProducerBatch; leaderEpoch: number }[],
  ): Promise<string | undefined> {
    const { metadata, clock } = this.#deps;
    const topics = [...new Set(sent.map(({ batch }) => batch.topic))];
    for (const topic of topics) metadata.invalidate(topic);
    try {
      // Not asked first: a leader cut off from the controllers still believes it leads.
      await metadata.refresh(topics, new Deadline(clock, LEADER_CHECK_AFTER_MS), { askLast: address });
    } catch {
      return undefined;
    }
    const picture = metadata.current();
    for (const { batch, leaderEpoch } of sent) {
      const info = picture.topics.get(batch.topic)?.partitions[batch.partition];
      const leader = info === undefined ? undefined : picture.brokers.get(info.leaderId);
      if (
        info !== undefined &&
        leader !== undefined &&
        info.leaderEpoch > leaderEpoch &&
        leader.address !== address
      ) {
        return `the leadership of ${batch.topic}-${batch.partition} moved to node ${info.leaderId} (leader epoch ${info.leaderEpoch})`;
      }
    }
    return undefined;
  }
}
