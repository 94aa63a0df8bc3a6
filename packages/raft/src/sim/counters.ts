/**
 * What a simulation run counts. CI requires every counter to be non-zero over its seeds: each
 * names a rare path (a fault, a recovery, a protocol corner) that the seeds must have exercised.
 */
export const COUNTER_NAMES = [
  "steps",
  "messagesDelivered",
  "messagesDropped",
  "messagesDuplicated",
  "partitions",
  "asymmetricPartitions",
  "bridgePartitions",
  "crashes",
  "crashesLosingWrites",
  "tornWrites",
  "restarts",
  "leadersElected",
  "proposalsAcked",
  "preVotesRejected",
  "checkQuorumStepDowns",
  "appendRejectsWithHint",
  "snapshotsTaken",
  "snapshotsInstalled",
  "snapshotChunksSent",
  "leadershipTransfersRequested",
  "leadershipTransfersCompleted",
  "membershipChanges",
  "membershipChangesDuringFailures",
  "learnersAdded",
  "learnersPromoted",
  "nodesRemoved",
  "readsServed",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Counters;
}
