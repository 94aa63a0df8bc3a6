import type { handleUnaryCall, ServerUnaryCall } from "@grpc/grpc-js";
import { RillError, unaryHandler } from "@rill/protocol";

/*
 * The fake cluster's record of calls and the test's hook into them: every call is recorded
 * (the most recent fakeCallsRecordedMax), and `intercept` can fail, delay or swallow it.
 */

export interface FakeCall {
  readonly nodeId: number;
  readonly method: string;
  readonly request: unknown;
}

/** What an interceptor makes of a call: undefined lets the fake answer normally. */
export type FakeAction =
  | { readonly kind: "error"; readonly error: RillError }
  /** Never answer: the caller's deadline ends the call. */
  | { readonly kind: "hang" }
  /** Do the work (append), then never answer: an outcome the caller cannot know. */
  | { readonly kind: "lose-answer" }
  /** Do the work (append) now, answer once `until` resolves: a request the test holds in flight. */
  | { readonly kind: "answer-later"; readonly until: Promise<void> }
  | { readonly kind: "respond"; readonly response: unknown }
  | undefined;

/** How many calls the fake records before it drops the oldest (tests look at the recent ones). */
export const fakeCallsRecordedMax = 10_000;

/** Where calls are recorded and who intercepts them (FakeCluster). */
export interface FakeCallLog {
  readonly calls: FakeCall[];
  readonly intercept: (call: FakeCall) => FakeAction;
}

/** A unary handler of node `nodeId` that records the call, applies the interceptor, then runs `answer`. */
export function recordedUnaryHandler<Req, Res>(
  log: FakeCallLog,
  nodeId: number,
  method: string,
  answer: (request: Req) => Res,
): handleUnaryCall<Req, Res> {
  return unaryHandler<Req, Res>(async (request: Req, call: ServerUnaryCall<Req, Res>) => {
    const record: FakeCall = { nodeId, method, request };
    log.calls.push(record);
    if (log.calls.length > fakeCallsRecordedMax) log.calls.shift();
    const action = log.intercept(record);
    if (action?.kind === "error") throw action.error;
    if (action?.kind === "respond") return action.response as Res;
    if (action?.kind === "answer-later") {
      const response = answer(request);
      await action.until;
      return response;
    }
    if (action?.kind === "hang" || action?.kind === "lose-answer") {
      if (action.kind === "lose-answer") answer(request);
      await new Promise<void>((resolve) => call.once("cancelled", () => resolve()));
      throw new RillError("REQUEST_TIMED_OUT");
    }
    return answer(request);
  });
}
