import { status as GrpcStatus, Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { loadRillProtos } from "../grpc/load.js";
import { RillError } from "./rill-error.js";
import {
  fromGrpcError,
  GRPC_STATUS_DETAILS_KEY,
  grpcCodeForError,
  isDefinitelyNotDone,
  toGrpcStatus,
} from "./status.js";

/** What a client sees for a status a Rill handler sent (grpc-js copies code, details, metadata). */
function asClientError(error: RillError) {
  const status = toGrpcStatus(error);
  return Object.assign(new Error(`${status.code} ${GrpcStatus[status.code]}: ${status.details}`), status);
}

describe("RillError ⇄ gRPC status", () => {
  it("maps redirect errors to FAILED_PRECONDITION, transient ones to UNAVAILABLE", () => {
    expect(grpcCodeForError("NOT_LEADER_OR_FOLLOWER")).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(grpcCodeForError("NOT_CONTROLLER")).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(grpcCodeForError("LEADER_NOT_AVAILABLE")).toBe(GrpcStatus.UNAVAILABLE);
    expect(grpcCodeForError("NOT_ENOUGH_REPLICAS")).toBe(GrpcStatus.UNAVAILABLE);
    expect(grpcCodeForError("CORRUPT_MESSAGE")).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(grpcCodeForError("UNKNOWN_TOPIC_OR_PARTITION")).toBe(GrpcStatus.NOT_FOUND);
    expect(grpcCodeForError("MESSAGE_TOO_LARGE")).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(grpcCodeForError("UNKNOWN_SERVER_ERROR")).toBe(GrpcStatus.INTERNAL);
  });

  it("puts a google.rpc.Status in grpc-status-details-bin", () => {
    const status = toGrpcStatus(new RillError("CORRUPT_MESSAGE", "CRC mismatch"));
    expect(status.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(status.details).toBe("CRC mismatch");
    const raw = status.metadata.get(GRPC_STATUS_DETAILS_KEY)[0];
    expect(Buffer.isBuffer(raw)).toBe(true);
    expect((raw as Buffer).toString("latin1")).toContain("type.googleapis.com/rill.common.v1.ErrorInfo");
  });

  it("gives back the same error: name, code, retriable, message and details", () => {
    const original = new RillError("NOT_LEADER_OR_FOLLOWER", "not the leader of orders-3", {
      details: { leaderId: 2, leaderEpoch: 7, host: "127.0.0.2", port: 9092, topic: "orders", partition: 0 },
    });
    const received = fromGrpcError(asClientError(original));
    expect(received).toBeInstanceOf(RillError);
    expect(received.errorName).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(received.code).toBe(6);
    expect(received.retriable).toBe(true);
    expect(received.message).toBe("not the leader of orders-3");
    expect(received.details).toEqual(original.details);
  });

  it("carries a ControllerHint and any other JSON details", () => {
    const original = new RillError("NOT_CONTROLLER", undefined, {
      details: { controllerId: 3, controllerEpoch: 12, host: "c3", port: 9093, attempt: 2, why: ["a", "b"] },
    });
    const received = fromGrpcError(asClientError(original));
    expect(received.errorName).toBe("NOT_CONTROLLER");
    expect(received.message).toBe(original.message);
    expect(received.details).toEqual(original.details);
  });

  it("keeps a code this client does not know", () => {
    // A newer server's error: a code missing from this client's table.
    const { root } = loadRillProtos();
    const errorInfo = root.lookupType("rill.common.v1.ErrorInfo");
    const statusType = root.lookupType("google.rpc.Status");
    const anyType = root.lookupType("google.protobuf.Any");
    const typeUrlField = "typeUrl" in anyType.fields ? "typeUrl" : "type_url";
    const info = errorInfo
      .encode(errorInfo.fromObject({ errorCode: 4242, errorName: "SHINY_NEW_ERROR" }))
      .finish();
    const encoded = statusType
      .encode(
        statusType.fromObject({
          code: GrpcStatus.FAILED_PRECONDITION,
          message: "shiny",
          details: [{ [typeUrlField]: "type.googleapis.com/rill.common.v1.ErrorInfo", value: info }],
        }),
      )
      .finish();
    const metadata = new Metadata();
    metadata.set(GRPC_STATUS_DETAILS_KEY, Buffer.from(encoded));
    const received = fromGrpcError({ code: GrpcStatus.FAILED_PRECONDITION, details: "shiny", metadata });
    expect(received.errorName).toBe("UNKNOWN_SERVER_ERROR");
    expect(received.details).toEqual({ remoteErrorCode: 4242, remoteErrorName: "SHINY_NEW_ERROR" });
    expect(isDefinitelyNotDone(received)).toBe(false);
  });

  it("reads server errors as definitely not done, except the indeterminate ones", () => {
    expect(isDefinitelyNotDone(fromGrpcError(asClientError(new RillError("CORRUPT_MESSAGE"))))).toBe(true);
    expect(isDefinitelyNotDone(fromGrpcError(asClientError(new RillError("NOT_LEADER_OR_FOLLOWER"))))).toBe(
      true,
    );
    expect(isDefinitelyNotDone(fromGrpcError(asClientError(new RillError("REQUEST_TIMED_OUT"))))).toBe(false);
    expect(
      isDefinitelyNotDone(fromGrpcError(asClientError(new RillError("NOT_ENOUGH_REPLICAS_AFTER_APPEND")))),
    ).toBe(false);
    expect(isDefinitelyNotDone(new Error("not a RillError"))).toBe(false);
  });

  const transport = (code: GrpcStatus, details: string) =>
    Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });

  it("maps transport failures without details honestly", () => {
    const timedOut = fromGrpcError(
      transport(
        GrpcStatus.DEADLINE_EXCEEDED,
        "Deadline exceeded after 0.2s,LB pick: 0.001s,remote_addr=127.0.0.1:1",
      ),
    );
    expect(timedOut.errorName).toBe("REQUEST_TIMED_OUT");
    expect(timedOut.details.indeterminate).toBe(true);
    expect(isDefinitelyNotDone(timedOut)).toBe(false);

    const neverPicked = fromGrpcError(
      transport(GrpcStatus.DEADLINE_EXCEEDED, "Deadline exceeded after 0.2s,Waiting for LB pick"),
    );
    expect(neverPicked.errorName).toBe("REQUEST_TIMED_OUT");
    expect(isDefinitelyNotDone(neverPicked)).toBe(true);

    const dropped = fromGrpcError(transport(GrpcStatus.UNAVAILABLE, "Connection dropped"));
    expect(dropped.errorName).toBe("NETWORK_EXCEPTION");
    expect(dropped.retriable).toBe(true);
    expect(isDefinitelyNotDone(dropped)).toBe(false);

    const noConnection = fromGrpcError(
      transport(GrpcStatus.UNAVAILABLE, "No connection established. Last error: connect ECONNREFUSED"),
    );
    expect(noConnection.errorName).toBe("NETWORK_EXCEPTION");
    expect(isDefinitelyNotDone(noConnection)).toBe(true);
    // Its message must not tell the caller the outcome is unknown: it was never sent.
    expect(noConnection.message).toMatch(/^No connection to send the request on; it was not sent/);
    expect(dropped.message).toMatch(/outcome of the request is unknown/);

    const refused = fromGrpcError(
      transport(GrpcStatus.RESOURCE_EXHAUSTED, "Received message larger than max (9 vs 8)"),
    );
    expect(refused.errorName).toBe("MESSAGE_TOO_LARGE");
    expect(isDefinitelyNotDone(refused)).toBe(true);

    const responseTooLarge = fromGrpcError(
      transport(GrpcStatus.RESOURCE_EXHAUSTED, "Sent message larger than max (9 vs. 8)"),
    );
    expect(responseTooLarge.errorName).toBe("MESSAGE_TOO_LARGE");
    expect(isDefinitelyNotDone(responseTooLarge)).toBe(false);

    const unknown = fromGrpcError(transport(GrpcStatus.UNKNOWN, "boom"));
    expect(unknown.errorName).toBe("UNKNOWN_SERVER_ERROR");
    expect(isDefinitelyNotDone(unknown)).toBe(false);

    expect(fromGrpcError(transport(GrpcStatus.CANCELLED, "Cancelled on client")).errorName).toBe(
      "INDETERMINATE",
    );
    expect(fromGrpcError(transport(GrpcStatus.UNIMPLEMENTED, "")).errorName).toBe("UNSUPPORTED_VERSION");
  });

  it("returns a RillError unchanged and wraps anything else", () => {
    const error = new RillError("INVALID_REQUEST");
    expect(fromGrpcError(error)).toBe(error);
    expect(fromGrpcError("weird").errorName).toBe("UNKNOWN_SERVER_ERROR");
  });
});
