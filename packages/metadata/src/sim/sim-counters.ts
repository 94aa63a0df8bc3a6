/** What the metadata simulation counts: each rare path must be reached by some seed in CI. */
export const COUNTER_NAMES = [
  "steps",
  "messagesDropped",
  "partitions",
  "controllerCrashes",
  "tornWrites",
  "controllerRestarts",
  "leadershipTransfersRequested",
  "controllerActivations",
  "controllerFailovers",
  "snapshotsTaken",
  "snapshotsLoadedAtRestart",
  "snapshotsInstalledFromLeader",
  "imagesCompared",
  "requestsRedirected",
  "requestsTimedOut",
  "brokerDeaths",
  "brokerStalls",
  "brokerRegistrations",
  "duplicateRegistrationsRefused",
  "brokerReRegistrationsCommitted",
  "sessionFencesCommitted",
  "brokersUnfencedCommitted",
  "controlledShutdownsRequested",
  "controlledShutdownsCompleted",
  "controlledShutdownFencesCommitted",
  "leaderElectionsCommitted",
  "partitionsWentOffline",
  "uncleanElectionSkipped",
  "uncleanElectionsCommitted",
  "isrShrinksAcked",
  "isrExpandsAcked",
  "isrShrinksCommitted",
  "isrExpandsCommitted",
  "staleAlterPartitionRejected",
  "staleViewAlterPartitionRejected",
  "ineligibleReplicaRejected",
  "topicsCreatedAcked",
  "topicsDeletedAcked",
  "adminCallsIndeterminate",
  "preferredElectionsAcked",
  "preferredLeaderMovesCommitted",
  "uncleanConfigChangesAcked",
  "livenessSteps",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;
}
