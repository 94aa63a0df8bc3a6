/**
 * Rill's error codes. Where Kafka has the error, Rill uses Kafka's name and number, so a Kafka
 * user recognises it and a Kafka-protocol listener can pass it through. Codes are forever; names
 * may change. Codes from 1000 up are Rill's own.
 *
 * `retriable` means the same request may succeed if sent again later (after a metadata refresh,
 * a backoff, or on another node); a non-retriable error will fail again until the request changes.
 */
export interface ErrorDefinition {
  readonly code: number;
  readonly retriable: boolean;
  readonly message: string;
}

const define = (code: number, retriable: boolean, message: string): ErrorDefinition => ({
  code,
  retriable,
  message,
});

export const ErrorCodes = {
  UNKNOWN_SERVER_ERROR: define(-1, false, "The server experienced an unexpected error"),
  NONE: define(0, false, "No error"),
  OFFSET_OUT_OF_RANGE: define(1, false, "The requested offset is not within the range of the log"),
  CORRUPT_MESSAGE: define(2, true, "The record batch is malformed or failed its CRC check"),
  UNKNOWN_TOPIC_OR_PARTITION: define(3, true, "This server does not host this topic-partition"),
  INVALID_FETCH_SIZE: define(4, false, "The requested fetch size is invalid"),
  LEADER_NOT_AVAILABLE: define(5, true, "There is no leader for this partition right now"),
  NOT_LEADER_OR_FOLLOWER: define(6, true, "This server is not the leader (or a follower) of the partition"),
  REQUEST_TIMED_OUT: define(7, true, "The request timed out; its outcome is unknown"),
  BROKER_NOT_AVAILABLE: define(8, false, "The broker is not available"),
  REPLICA_NOT_AVAILABLE: define(9, true, "The replica is not available for the requested partition"),
  MESSAGE_TOO_LARGE: define(10, false, "The request or record batch is larger than the server accepts"),
  STALE_CONTROLLER_EPOCH: define(11, false, "The controller epoch is stale"),
  OFFSET_METADATA_TOO_LARGE: define(12, false, "The metadata field of the offset request was too large"),
  NETWORK_EXCEPTION: define(13, true, "The connection was lost; the outcome of the request is unknown"),
  COORDINATOR_LOAD_IN_PROGRESS: define(14, true, "The coordinator is loading and cannot serve yet"),
  COORDINATOR_NOT_AVAILABLE: define(15, true, "The coordinator is not available"),
  NOT_COORDINATOR: define(16, true, "This is not the correct coordinator"),
  INVALID_TOPIC_EXCEPTION: define(17, false, "The topic name is invalid"),
  RECORD_LIST_TOO_LARGE: define(18, false, "The request has more records than the server accepts"),
  NOT_ENOUGH_REPLICAS: define(
    19,
    true,
    "Fewer in-sync replicas than min.insync.replicas; nothing was appended",
  ),
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: define(
    20,
    true,
    "The records were appended, but fewer in-sync replicas than min.insync.replicas remained",
  ),
  INVALID_REQUIRED_ACKS: define(21, false, "acks must be 0, 1 or all (-1)"),
  ILLEGAL_GENERATION: define(22, false, "The group generation is not current"),
  INCONSISTENT_GROUP_PROTOCOL: define(
    23,
    false,
    "The member's protocols are not compatible with the group's",
  ),
  INVALID_GROUP_ID: define(24, false, "The group id is invalid"),
  UNKNOWN_MEMBER_ID: define(25, false, "The member id is not known to the coordinator"),
  INVALID_SESSION_TIMEOUT: define(26, false, "The session timeout is outside the allowed range"),
  REBALANCE_IN_PROGRESS: define(27, false, "The group is rebalancing; rejoin"),
  INVALID_COMMIT_OFFSET_SIZE: define(28, false, "The committing offset data size is not valid"),
  TOPIC_AUTHORIZATION_FAILED: define(29, false, "Not authorized to access the topic"),
  GROUP_AUTHORIZATION_FAILED: define(30, false, "Not authorized to access the group"),
  CLUSTER_AUTHORIZATION_FAILED: define(31, false, "Not authorized for this cluster operation"),
  INVALID_TIMESTAMP: define(32, false, "The timestamp of the record is out of the acceptable range"),
  UNSUPPORTED_VERSION: define(35, false, "The version of the API or message format is not supported"),
  TOPIC_ALREADY_EXISTS: define(36, false, "The topic already exists"),
  INVALID_PARTITIONS: define(37, false, "The number of partitions is invalid"),
  INVALID_REPLICATION_FACTOR: define(38, false, "The replication factor is invalid"),
  INVALID_REPLICA_ASSIGNMENT: define(39, false, "The replica assignment is invalid"),
  INVALID_CONFIG: define(40, false, "The configuration is invalid"),
  NOT_CONTROLLER: define(41, true, "This is not the active controller"),
  INVALID_REQUEST: define(42, false, "The request is malformed or violates the protocol"),
  POLICY_VIOLATION: define(44, false, "The request violates a configured policy"),
  OUT_OF_ORDER_SEQUENCE_NUMBER: define(45, false, "The producer sent a sequence number out of order"),
  DUPLICATE_SEQUENCE_NUMBER: define(46, false, "The producer sent a duplicate sequence number"),
  INVALID_PRODUCER_EPOCH: define(47, false, "The producer epoch is older than the current one"),
  CONCURRENT_TRANSACTIONS: define(51, true, "Another transaction is in progress"),
  OPERATION_NOT_ATTEMPTED: define(55, false, "The operation was not attempted"),
  /** Kafka's KAFKA_STORAGE_ERROR: the log is offline after an I/O error. */
  STORAGE_ERROR: define(56, true, "The log is offline after a storage error on the server"),
  UNKNOWN_PRODUCER_ID: define(59, false, "The producer id is not known to the partition leader"),
  REASSIGNMENT_IN_PROGRESS: define(60, false, "A partition reassignment is in progress"),
  NON_EMPTY_GROUP: define(68, false, "The group is not empty"),
  GROUP_ID_NOT_FOUND: define(69, false, "The group id does not exist"),
  TOPIC_DELETION_DISABLED: define(73, false, "Topic deletion is disabled"),
  FENCED_LEADER_EPOCH: define(74, true, "The leader epoch in the request is older than the leader's"),
  UNKNOWN_LEADER_EPOCH: define(75, true, "The leader epoch in the request is newer than the leader's"),
  UNSUPPORTED_COMPRESSION_TYPE: define(76, false, "The compression type is not supported"),
  STALE_BROKER_EPOCH: define(77, false, "The broker epoch is stale"),
  OFFSET_NOT_AVAILABLE: define(78, true, "The leader's high watermark is not yet known"),
  MEMBER_ID_REQUIRED: define(79, false, "The group member needs a member id to join"),
  PREFERRED_LEADER_NOT_AVAILABLE: define(80, true, "The preferred leader is not available"),
  GROUP_MAX_SIZE_REACHED: define(81, false, "The group has reached its maximum size"),
  FENCED_INSTANCE_ID: define(82, false, "A newer member with this static instance id exists"),
  ELIGIBLE_LEADERS_NOT_AVAILABLE: define(83, true, "No eligible leader is available for the partition"),
  ELECTION_NOT_NEEDED: define(84, true, "The leader election is not needed"),
  NO_REASSIGNMENT_IN_PROGRESS: define(85, false, "No partition reassignment is in progress"),
  INVALID_RECORD: define(87, false, "A record failed the broker's validation"),
  UNSTABLE_OFFSET_COMMIT: define(
    88,
    true,
    "There are unstable (pending transactional) offsets for the partition",
  ),
  THROTTLING_QUOTA_EXCEEDED: define(89, true, "A quota was exceeded; retry after the backoff"),
  PRODUCER_FENCED: define(90, false, "A newer producer with the same id exists"),
  RESOURCE_NOT_FOUND: define(91, false, "The resource does not exist"),
  DUPLICATE_RESOURCE: define(92, false, "The resource already exists"),
  INCONSISTENT_VOTER_SET: define(94, false, "The voter set of the request does not match the quorum's"),
  INVALID_UPDATE_VERSION: define(95, false, "The partition epoch of the request is not current"),
  SNAPSHOT_NOT_FOUND: define(98, false, "The requested snapshot was not found"),
  POSITION_OUT_OF_RANGE: define(99, false, "The requested position is outside the snapshot"),
  DUPLICATE_BROKER_REGISTRATION: define(101, false, "Another live broker is registered with this node id"),
  BROKER_ID_NOT_REGISTERED: define(102, false, "The broker id is not registered"),
  INCONSISTENT_CLUSTER_ID: define(104, false, "The cluster id of the request does not match this cluster"),
  INELIGIBLE_REPLICA: define(
    107,
    false,
    "The new ISR has a replica that is fenced, shutting down or not a replica",
  ),
  NEW_LEADER_ELECTED: define(108, true, "A new leader was elected while the request was in progress"),
  FENCED_MEMBER_EPOCH: define(
    110,
    false,
    "The member epoch is fenced by the coordinator; rejoin with epoch 0",
  ),
  UNRELEASED_INSTANCE_ID: define(
    111,
    false,
    "The static instance id is still held by a member that has not left",
  ),
  UNSUPPORTED_ASSIGNOR: define(112, false, "The group's coordinator does not know this assignor"),
  STALE_MEMBER_EPOCH: define(
    113,
    false,
    "The member epoch is stale; the member may retry with its current epoch",
  ),

  // Rill's own, from 1000.
  /** The request may or may not have taken effect (deadline passed after sending, stream lost). */
  INDETERMINATE: define(1000, true, "The outcome of the request is unknown; it may have taken effect"),
  /** The server is starting or stopping and not serving this request. */
  SERVER_NOT_READY: define(1001, true, "The server is not ready to serve this request"),
  /** A data dir is not formatted, belongs to another cluster, or is held by another process. */
  INVALID_DATA_DIR: define(1002, false, "The data directory is unformatted, foreign, locked or corrupt"),
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorName = keyof typeof ErrorCodes;

const byCode = new Map<number, ErrorName>(
  (Object.entries(ErrorCodes) as [ErrorName, ErrorDefinition][]).map(([name, definition]) => [
    definition.code,
    name,
  ]),
);

/** The name for a numeric code; an unknown code maps to UNKNOWN_SERVER_ERROR. */
export function errorNameForCode(code: number): ErrorName {
  return byCode.get(code) ?? "UNKNOWN_SERVER_ERROR";
}
