import { status as GrpcStatus, Metadata, type StatusObject } from "@grpc/grpc-js";
import { loadRillProtos } from "../grpc/load.js";
import { ErrorCodes, type ErrorName, errorNameForCode } from "./codes.js";
import { isRillError, RillError } from "./rill-error.js";

/**
 * RillError ⇄ gRPC status, both ways.
 *
 * Server side, a RillError becomes a status whose code says what kind of failure it is (the
 * table below) and whose `grpc-status-details-bin` trailer holds a serialized google.rpc.Status
 * with typed details, as google.protobuf.Any: rill.common.v1.ErrorInfo always (code, name,
 * retriable, message, and the rest of `details` as JSON), rill.common.v1.LeaderHint when
 * `details.leaderId` is a number, rill.common.v1.ControllerHint when `details.controllerId` is.
 *
 * Client side, `fromGrpcError` gives back the same RillError (name, code, retriable, details).
 * A status without Rill details did not come from a Rill handler: it is a transport failure,
 * mapped honestly (see `fromGrpcError`), and most of those leave the outcome unknown.
 *
 * "Definitely not done" (`isDefinitelyNotDone`): an error a Rill handler answered with, other
 * than the indeterminate ones (REQUEST_TIMED_OUT, NETWORK_EXCEPTION, INDETERMINATE,
 * UNKNOWN_SERVER_ERROR, NOT_ENOUGH_REPLICAS_AFTER_APPEND — the last was done, just not durably
 * enough), and the transport failures that provably happened before the request left the client
 * (no connection established, deadline passed before a connection was picked, message over the
 * client's send limit) or that the server refused before any handler ran (message over the
 * server's receive limit). Everything else may have taken effect.
 */

/** The trailer holding the serialized google.rpc.Status. */
export const GRPC_STATUS_DETAILS_KEY = "grpc-status-details-bin";

const TYPE_URL_PREFIX = "type.googleapis.com/";
const ERROR_INFO_TYPE = "rill.common.v1.ErrorInfo";
const LEADER_HINT_TYPE = "rill.common.v1.LeaderHint";
const CONTROLLER_HINT_TYPE = "rill.common.v1.ControllerHint";
const STATUS_TYPE = "google.rpc.Status";

/**
 * gRPC codes for Rill errors. The rule: FAILED_PRECONDITION when the caller must change
 * something before retrying — in particular NOT_LEADER_OR_FOLLOWER / NOT_CONTROLLER /
 * NOT_COORDINATOR, which mean "go to another node", not "retry here" (generic gRPC retry
 * policies retry UNAVAILABLE on the same server, which would be wrong); UNAVAILABLE for transient
 * states where retrying the same node after a backoff is right; the obvious codes for invalid
 * input, missing and duplicate resources, size limits and permissions. Errors not listed map by
 * their retriable flag: retriable → UNAVAILABLE, otherwise FAILED_PRECONDITION.
 */
const GRPC_CODE_BY_ERROR: Partial<Record<ErrorName, GrpcStatus>> = {
  NONE: GrpcStatus.OK,
  UNKNOWN_SERVER_ERROR: GrpcStatus.INTERNAL,
  INDETERMINATE: GrpcStatus.UNKNOWN,
  REQUEST_TIMED_OUT: GrpcStatus.DEADLINE_EXCEEDED,
  OFFSET_OUT_OF_RANGE: GrpcStatus.OUT_OF_RANGE,
  POSITION_OUT_OF_RANGE: GrpcStatus.OUT_OF_RANGE,
  CORRUPT_MESSAGE: GrpcStatus.INVALID_ARGUMENT,
  INVALID_FETCH_SIZE: GrpcStatus.INVALID_ARGUMENT,
  INVALID_TOPIC_EXCEPTION: GrpcStatus.INVALID_ARGUMENT,
  INVALID_REQUIRED_ACKS: GrpcStatus.INVALID_ARGUMENT,
  INVALID_GROUP_ID: GrpcStatus.INVALID_ARGUMENT,
  INVALID_SESSION_TIMEOUT: GrpcStatus.INVALID_ARGUMENT,
  INVALID_COMMIT_OFFSET_SIZE: GrpcStatus.INVALID_ARGUMENT,
  INVALID_TIMESTAMP: GrpcStatus.INVALID_ARGUMENT,
  INVALID_PARTITIONS: GrpcStatus.INVALID_ARGUMENT,
  INVALID_REPLICATION_FACTOR: GrpcStatus.INVALID_ARGUMENT,
  INVALID_REPLICA_ASSIGNMENT: GrpcStatus.INVALID_ARGUMENT,
  INVALID_CONFIG: GrpcStatus.INVALID_ARGUMENT,
  INVALID_REQUEST: GrpcStatus.INVALID_ARGUMENT,
  INVALID_RECORD: GrpcStatus.INVALID_ARGUMENT,
  INCONSISTENT_GROUP_PROTOCOL: GrpcStatus.INVALID_ARGUMENT,
  UNSUPPORTED_COMPRESSION_TYPE: GrpcStatus.INVALID_ARGUMENT,
  UNKNOWN_TOPIC_OR_PARTITION: GrpcStatus.NOT_FOUND,
  GROUP_ID_NOT_FOUND: GrpcStatus.NOT_FOUND,
  RESOURCE_NOT_FOUND: GrpcStatus.NOT_FOUND,
  SNAPSHOT_NOT_FOUND: GrpcStatus.NOT_FOUND,
  BROKER_ID_NOT_REGISTERED: GrpcStatus.NOT_FOUND,
  UNKNOWN_MEMBER_ID: GrpcStatus.NOT_FOUND,
  UNKNOWN_PRODUCER_ID: GrpcStatus.NOT_FOUND,
  TOPIC_ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  DUPLICATE_RESOURCE: GrpcStatus.ALREADY_EXISTS,
  DUPLICATE_BROKER_REGISTRATION: GrpcStatus.ALREADY_EXISTS,
  DUPLICATE_SEQUENCE_NUMBER: GrpcStatus.ALREADY_EXISTS,
  TOPIC_AUTHORIZATION_FAILED: GrpcStatus.PERMISSION_DENIED,
  GROUP_AUTHORIZATION_FAILED: GrpcStatus.PERMISSION_DENIED,
  CLUSTER_AUTHORIZATION_FAILED: GrpcStatus.PERMISSION_DENIED,
  MESSAGE_TOO_LARGE: GrpcStatus.RESOURCE_EXHAUSTED,
  RECORD_LIST_TOO_LARGE: GrpcStatus.RESOURCE_EXHAUSTED,
  OFFSET_METADATA_TOO_LARGE: GrpcStatus.RESOURCE_EXHAUSTED,
  GROUP_MAX_SIZE_REACHED: GrpcStatus.RESOURCE_EXHAUSTED,
  THROTTLING_QUOTA_EXCEEDED: GrpcStatus.RESOURCE_EXHAUSTED,
  NOT_LEADER_OR_FOLLOWER: GrpcStatus.FAILED_PRECONDITION,
  NOT_CONTROLLER: GrpcStatus.FAILED_PRECONDITION,
  NOT_COORDINATOR: GrpcStatus.FAILED_PRECONDITION,
  FENCED_LEADER_EPOCH: GrpcStatus.FAILED_PRECONDITION,
  UNKNOWN_LEADER_EPOCH: GrpcStatus.FAILED_PRECONDITION,
  NEW_LEADER_ELECTED: GrpcStatus.FAILED_PRECONDITION,
  ELECTION_NOT_NEEDED: GrpcStatus.FAILED_PRECONDITION,
  UNSTABLE_OFFSET_COMMIT: GrpcStatus.FAILED_PRECONDITION,
  CONCURRENT_TRANSACTIONS: GrpcStatus.ABORTED,
  OPERATION_NOT_ATTEMPTED: GrpcStatus.ABORTED,
  UNSUPPORTED_VERSION: GrpcStatus.UNIMPLEMENTED,
  NETWORK_EXCEPTION: GrpcStatus.UNAVAILABLE,
};

/** The errors that leave the outcome of a request unknown even when a server answered with them. */
const INDETERMINATE_ERRORS: ReadonlySet<ErrorName> = new Set<ErrorName>([
  "REQUEST_TIMED_OUT",
  "NETWORK_EXCEPTION",
  "INDETERMINATE",
  "UNKNOWN_SERVER_ERROR",
  "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
]);

/** The gRPC status code a Rill error is sent with (see the table above). */
export function grpcCodeForError(name: ErrorName): GrpcStatus {
  const mapped = GRPC_CODE_BY_ERROR[name];
  if (mapped !== undefined) return mapped;
  return ErrorCodes[name].retriable ? GrpcStatus.UNAVAILABLE : GrpcStatus.FAILED_PRECONDITION;
}

/** The `details` keys a LeaderHint carries (with NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...). */
export interface LeaderHintDetails {
  readonly leaderId: number;
  readonly leaderEpoch?: number;
  readonly host?: string;
  readonly port?: number;
  readonly topic?: string;
  readonly partition?: number;
}

/** The `details` keys a ControllerHint carries (with NOT_CONTROLLER). */
export interface ControllerHintDetails {
  readonly controllerId: number;
  readonly controllerEpoch?: number;
  readonly host?: string;
  readonly port?: number;
}

type Details = Record<string, unknown>;

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value);
const isString = (value: unknown): value is string => typeof value === "string";

/**
 * Takes the hint fields out of `rest` into a typed detail message. A field is taken only when it
 * has the right type and is not the message's "unknown" sentinel (which would not survive the
 * trip); anything else stays in `rest` and travels as JSON in ErrorInfo.metadata.
 */
function takeHint(
  rest: Details,
  fields: ReadonlyArray<readonly [key: string, check: (value: unknown) => boolean, unknown: unknown]>,
): Details {
  const hint: Details = {};
  for (const [key, check, sentinel] of fields) {
    const value = rest[key];
    if (check(value) && value !== sentinel) {
      hint[key] = value;
      delete rest[key];
    } else {
      hint[key] = sentinel;
    }
  }
  return hint;
}

const LEADER_HINT_FIELDS = [
  ["leaderId", isInt, -1],
  ["leaderEpoch", isInt, -1],
  ["host", isString, ""],
  ["port", isInt, 0],
  ["topic", isString, ""],
  ["partition", isInt, -1],
] as const;

const CONTROLLER_HINT_FIELDS = [
  ["controllerId", isInt, -1],
  ["controllerEpoch", isInt, -1],
  ["host", isString, ""],
  ["port", isInt, 0],
] as const;

/**
 * The name of google.protobuf.Any's type URL field in the loaded tree: protobufjs serves Any from
 * its bundled, pre-parsed copy, which keeps `type_url` whatever keepCase says.
 */
function anyTypeUrlField(): string {
  const fields = loadRillProtos().root.lookupType("google.protobuf.Any").fields;
  return "typeUrl" in fields ? "typeUrl" : "type_url";
}

function encodeAny(typeName: string, value: Details): Details {
  const type = loadRillProtos().root.lookupType(typeName);
  return {
    [anyTypeUrlField()]: `${TYPE_URL_PREFIX}${typeName}`,
    value: type.encode(type.fromObject(value)).finish(),
  };
}

/** Server side: the status (code, message, trailers with the details) that carries a RillError. */
export function toGrpcStatus(error: RillError): StatusObject {
  const rest: Details = { ...error.details };
  const anys = [];
  const hints = [];
  if (isInt(rest.leaderId) && rest.leaderId !== -1) {
    hints.push(encodeAny(LEADER_HINT_TYPE, takeHint(rest, LEADER_HINT_FIELDS)));
  }
  if (isInt(rest.controllerId) && rest.controllerId !== -1) {
    hints.push(encodeAny(CONTROLLER_HINT_TYPE, takeHint(rest, CONTROLLER_HINT_FIELDS)));
  }
  const metadataMap: Record<string, string> = {};
  for (const [key, value] of Object.entries(rest)) {
    const json = safeJson(value);
    if (json !== undefined) metadataMap[key] = json;
  }
  anys.push(
    encodeAny(ERROR_INFO_TYPE, {
      errorCode: error.code,
      errorName: error.errorName,
      retriable: error.retriable,
      message: error.message,
      metadata: metadataMap,
    }),
    ...hints,
  );
  const code = grpcCodeForError(error.errorName);
  const statusType = loadRillProtos().root.lookupType(STATUS_TYPE);
  const encoded = statusType
    .encode(statusType.fromObject({ code, message: error.message, details: anys }))
    .finish();
  const metadata = new Metadata();
  metadata.set(GRPC_STATUS_DETAILS_KEY, Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength));
  return { code, details: error.message, metadata };
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // A bigint or a cycle: not representable, dropped rather than failing the error path.
    return undefined;
  }
}

interface GrpcErrorLike {
  code: number;
  details?: unknown;
  message?: unknown;
  metadata?: { get(key: string): unknown[] };
}

function isGrpcErrorLike(error: unknown): error is GrpcErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "number" &&
    ((error as { metadata?: unknown }).metadata === undefined ||
      typeof (error as { metadata: { get?: unknown } }).metadata?.get === "function")
  );
}

/** The Rill error carried in a status's details; undefined when the status has none. */
function decodeRillDetails(metadata: GrpcErrorLike["metadata"], cause: unknown): RillError | undefined {
  const raw = metadata?.get(GRPC_STATUS_DETAILS_KEY)[0];
  if (!Buffer.isBuffer(raw)) return undefined;
  const { root } = loadRillProtos();
  let status: { details?: Array<Record<string, unknown>> };
  try {
    status = root.lookupType(STATUS_TYPE).toObject(root.lookupType(STATUS_TYPE).decode(raw), {
      defaults: true,
    }) as typeof status;
  } catch {
    return undefined;
  }
  const typeUrlField = anyTypeUrlField();
  const decode = (typeName: string): Details | undefined => {
    const any = status.details?.find((detail) => detail[typeUrlField] === `${TYPE_URL_PREFIX}${typeName}`);
    if (!(any?.value instanceof Uint8Array)) return undefined;
    const type = root.lookupType(typeName);
    try {
      return type.toObject(type.decode(any.value), { longs: Number, enums: String, defaults: true });
    } catch {
      return undefined;
    }
  };
  const info = decode(ERROR_INFO_TYPE);
  if (info === undefined || !isInt(info.errorCode)) return undefined;
  const details: Details = {};
  for (const [key, json] of Object.entries((info.metadata as Record<string, string> | undefined) ?? {})) {
    try {
      details[key] = JSON.parse(json);
    } catch {
      details[key] = json;
    }
  }
  const name = errorNameForCode(info.errorCode);
  if (name === "UNKNOWN_SERVER_ERROR" && info.errorCode !== ErrorCodes.UNKNOWN_SERVER_ERROR.code) {
    // A code this client does not know (a newer server): keep what the server said.
    details.remoteErrorCode = info.errorCode;
    details.remoteErrorName = info.errorName;
  }
  for (const [typeName, fields] of [
    [LEADER_HINT_TYPE, LEADER_HINT_FIELDS],
    [CONTROLLER_HINT_TYPE, CONTROLLER_HINT_FIELDS],
  ] as const) {
    const hint = decode(typeName);
    if (hint === undefined) continue;
    for (const [key, , sentinel] of fields) {
      if (hint[key] !== sentinel && hint[key] !== undefined) details[key] = hint[key];
    }
  }
  return new RillError(name, isString(info.message) && info.message !== "" ? info.message : undefined, {
    details,
    cause,
  });
}

/**
 * The Rill error name carried in a `grpc-status-details-bin` trailer value, or undefined when it
 * carries none (a transport status). For server-side metrics, which label calls by error name.
 */
export function rillErrorNameOfTrailer(value: unknown): string | undefined {
  if (!Buffer.isBuffer(value)) return undefined;
  const metadata = { get: (key: string) => (key === GRPC_STATUS_DETAILS_KEY ? [value] : []) };
  return decodeRillDetails(metadata, undefined)?.errorName;
}

/** Markers grpc-js 1.14 puts in a client-side deadline message when no transport call had started. */
const DEADLINE_NOT_SENT_MARKERS = [
  "Waiting for LB pick",
  "waiting for name resolution",
  "waiting for metadata filters",
];

function transportError(
  name: ErrorName,
  grpcCode: number,
  grpcMessage: string,
  indeterminate: boolean,
  cause: unknown,
): RillError {
  // A transport failure that grpc-js proves happened before sending must not read "the outcome is
  // unknown": the caller would be told to check for a duplicate that cannot exist.
  const summary =
    !indeterminate && INDETERMINATE_ERRORS.has(name)
      ? "No connection to send the request on; it was not sent"
      : ErrorCodes[name].message;
  return new RillError(name, `${summary} (gRPC ${GrpcStatus[grpcCode] ?? grpcCode}: ${grpcMessage})`, {
    details: { indeterminate, grpcCode, grpcMessage },
    cause,
  });
}

/**
 * Client side: the RillError behind a failed call. A status with Rill details gives back the
 * server's RillError exactly. Without details (a transport failure, or a server that is not a
 * Rill handler), `details.indeterminate` says whether the request may have taken effect:
 * - DEADLINE_EXCEEDED → REQUEST_TIMED_OUT; indeterminate unless grpc-js says no transport call
 *   had started (still waiting for a connection);
 * - UNAVAILABLE → NETWORK_EXCEPTION (retriable); not indeterminate only for "No connection
 *   established" (grpc-js fails the call before sending it);
 * - RESOURCE_EXHAUSTED for a message size → MESSAGE_TOO_LARGE: "Attempted to send" (client
 *   limit) and "Received message larger" (the server refused the request before any handler;
 *   Rill clients' receive limit is never below servers' send limit, so it is not our client
 *   refusing a response) are not indeterminate; "Sent message larger" (the server's response
 *   was too large: the work was done) is;
 * - CANCELLED → INDETERMINATE; UNIMPLEMENTED → UNSUPPORTED_VERSION (not done);
 * - anything else (UNKNOWN, INTERNAL, ...) → UNKNOWN_SERVER_ERROR, indeterminate.
 * A value that is not a gRPC error (a bug on the client side) becomes UNKNOWN_SERVER_ERROR too.
 */
export function fromGrpcError(error: unknown): RillError {
  if (isRillError(error)) return error;
  if (!isGrpcErrorLike(error)) {
    return new RillError("UNKNOWN_SERVER_ERROR", error instanceof Error ? error.message : String(error), {
      details: { indeterminate: true },
      cause: error,
    });
  }
  const fromDetails = decodeRillDetails(error.metadata, error);
  if (fromDetails !== undefined) return fromDetails;
  const grpcMessage = isString(error.details) ? error.details : isString(error.message) ? error.message : "";
  switch (error.code) {
    case GrpcStatus.DEADLINE_EXCEEDED: {
      const notSent = DEADLINE_NOT_SENT_MARKERS.some((marker) => grpcMessage.includes(marker));
      return transportError("REQUEST_TIMED_OUT", error.code, grpcMessage, !notSent, error);
    }
    case GrpcStatus.UNAVAILABLE: {
      const notSent = /(^|: )No connection established/.test(grpcMessage);
      return transportError("NETWORK_EXCEPTION", error.code, grpcMessage, !notSent, error);
    }
    case GrpcStatus.RESOURCE_EXHAUSTED: {
      if (/larger than/.test(grpcMessage)) {
        const responseTooLarge = grpcMessage.startsWith("Sent message larger than max");
        return transportError("MESSAGE_TOO_LARGE", error.code, grpcMessage, responseTooLarge, error);
      }
      return transportError("UNKNOWN_SERVER_ERROR", error.code, grpcMessage, true, error);
    }
    case GrpcStatus.CANCELLED:
      return transportError("INDETERMINATE", error.code, grpcMessage, true, error);
    case GrpcStatus.UNIMPLEMENTED:
      return transportError("UNSUPPORTED_VERSION", error.code, grpcMessage, false, error);
    default:
      return transportError("UNKNOWN_SERVER_ERROR", error.code, grpcMessage, true, error);
  }
}

/**
 * True only when the failed request certainly did not take effect, so retrying it cannot
 * duplicate anything (see the module comment). False means "may have been done".
 */
export function isDefinitelyNotDone(error: unknown): boolean {
  if (!isRillError(error)) return false;
  if (INDETERMINATE_ERRORS.has(error.errorName)) {
    // A transport failure proved to have happened before sending is the one exception.
    return error.details.indeterminate === false;
  }
  return error.details.indeterminate !== true;
}
