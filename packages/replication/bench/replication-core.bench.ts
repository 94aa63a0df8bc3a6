// Cost of the pure replication cores per operation, so the broker's budget is known: the acks=all
// bookkeeping of one produce (validate, append, flush, two follower fetches, completion), and the
// idempotent-producer check + apply of one batch. Medians over several runs (a noisy 2-core box).

import { benchmarkReporter, summarize } from "@rill/bench";
import {
  type LeaderEpoch,
  leaderEpoch,
  nodeId,
  type Offset,
  offset,
  offsetPlus,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
} from "@rill/protocol/ids";
import {
  decodeProducerSnapshot,
  type EpochEndOffset,
  encodeProducerSnapshot,
  PartitionLeader,
  ProducerStateManager,
  type ReplicaLog,
} from "../src/index.js";

const RUNS = 7;
const reporter = benchmarkReporter();

/** A ReplicaLog that only counts: the bench measures the core, not a log. */
class CountingLog implements ReplicaLog {
  end: Offset = offset(0);
  flushed: Offset = offset(0);
  epoch: LeaderEpoch | undefined;
  logStartOffset(): Offset {
    return offset(0);
  }
  logEndOffset(): Offset {
    return this.end;
  }
  flushedOffset(): Offset {
    return this.flushed;
  }
  latestEpoch(): LeaderEpoch | undefined {
    return this.epoch;
  }
  endOffsetForEpoch(epoch: LeaderEpoch): EpochEndOffset {
    return epoch === this.epoch
      ? { epoch, endOffset: this.end }
      : { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
  }
  assignEpochStartOffset(epoch: LeaderEpoch) {
    this.epoch = epoch;
  }
  truncateTo(to: Offset) {
    this.end = to < this.end ? to : this.end;
  }
  truncateFullyAndStartAt(to: Offset) {
    this.end = to;
  }
}

function timeRuns(operations: number, body: () => void): number[] {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    body();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(operations / seconds);
  }
  return rates;
}

function benchAcksAll(): void {
  const produces = 200_000;
  const rates = timeRuns(produces, () => {
    const log = new CountingLog();
    const leader = new PartitionLeader({
      localReplicaId: nodeId(1),
      state: {
        replicas: [nodeId(1), nodeId(2), nodeId(3)],
        isr: [nodeId(1), nodeId(2), nodeId(3)],
        leader: nodeId(1),
        leaderEpoch: leaderEpoch(1),
        partitionEpoch: 1,
      },
      config: { minInsyncReplicas: 2, replicaLagTimeMaxMs: 30_000, maxPendingProduces: 1_000 },
      log,
      highWatermark: offset(0),
      nowMs: 0,
    });
    let completed = 0;
    for (let produceId = 0; produceId < produces; produceId++) {
      if (leader.validateProduce({ acks: "all" }) !== undefined) throw new Error("refused");
      log.end = offsetPlus(log.end, 100);
      leader.onAppended({
        produceId,
        acks: "all",
        lastOffset: offsetPlus(log.end, -1),
        nowMs: produceId,
        timeoutMs: 30_000,
      });
      log.flushed = log.end;
      leader.onLogFlushed();
      for (const replicaId of [nodeId(2), nodeId(3)]) {
        const { output } = leader.onFollowerFetch(
          {
            replicaId,
            currentLeaderEpoch: leaderEpoch(1),
            fetchOffset: log.end,
            lastFetchedEpoch: leaderEpoch(1),
            durableOffset: log.end,
            maxBytes: 1 << 20,
          },
          produceId,
        );
        completed += output.completions.length;
      }
    }
    if (completed !== produces) throw new Error(`completed ${completed} of ${produces}`);
  });
  const summary = summarize(rates);
  reporter.figure({
    name: "replication.leader.acks_all_cycle.ops_per_s",
    value: Math.round(summary.p50),
    unit: "produces/s",
    detail: { runs: RUNS, min: Math.round(summary.min), max: Math.round(summary.max), followers: 2 },
  });
}

function benchProducerState(): void {
  const batches = 500_000;
  const producers = 100;
  const rates = timeRuns(batches, () => {
    const state = new ProducerStateManager();
    const nextSequence = new Array<number>(producers).fill(0);
    for (let index = 0; index < batches; index++) {
      const producerId = index % producers;
      const batch = {
        producerId,
        producerEpoch: 0,
        baseSequence: nextSequence[producerId]!,
        lastOffsetDelta: 9,
      };
      if (state.checkBatch(batch).kind !== "append") throw new Error("refused");
      state.applyBatch({ ...batch, baseOffset: state.endOffset, maxTimestampMs: index });
      nextSequence[producerId]! += 10;
    }
  });
  const summary = summarize(rates);
  reporter.figure({
    name: "replication.producer_state.check_apply.batches_per_s",
    value: Math.round(summary.p50),
    unit: "batches/s",
    detail: { runs: RUNS, min: Math.round(summary.min), max: Math.round(summary.max), producers },
  });
}

function benchSnapshot(): void {
  const producers = 100_000;
  const state = new ProducerStateManager();
  for (let producerId = 0; producerId < producers; producerId++) {
    for (let sequence = 0; sequence < 5; sequence++) {
      state.applyBatch({
        producerId,
        producerEpoch: 0,
        baseSequence: sequence,
        lastOffsetDelta: 0,
        baseOffset: state.endOffset,
        maxTimestampMs: 0,
      });
    }
  }
  let bytes: Uint8Array = new Uint8Array(0);
  const encodeMs = timeRuns(1, () => {
    bytes = encodeProducerSnapshot(state);
  }).map((rate) => 1_000 / rate);
  const decodeMs = timeRuns(1, () => {
    decodeProducerSnapshot(bytes);
  }).map((rate) => 1_000 / rate);
  const detail = { producers, batches_each: 5, bytes: bytes.length, runs: RUNS };
  reporter.figure({
    name: "replication.producer_snapshot.encode.ms",
    value: summarize(encodeMs).p50,
    unit: "ms",
    detail,
  });
  reporter.figure({
    name: "replication.producer_snapshot.decode.ms",
    value: summarize(decodeMs).p50,
    unit: "ms",
    detail,
  });
}

benchAcksAll();
benchProducerState();
benchSnapshot();
