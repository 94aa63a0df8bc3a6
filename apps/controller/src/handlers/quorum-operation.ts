/**
 * How a write handler runs its operations on the QuorumController, shared by every handler file:
 * one operation with a bound on its commit wait (`runOperation`), the bound a request asks for
 * (`timeoutOf`), and a batch request's per-item outcomes (`perItem`).
 *
 * Contract: a commit not seen within the bound is INDETERMINATE (the operation may still take
 * effect), never "failed"; a batch whose every item was refused with NOT_CONTROLLER is refused
 * as a whole, so that the router (controller-service.ts) or the caller redirects it.
 */
import type { ControllerResult, MetadataImage } from "@rill/metadata";
import { isRillError } from "@rill/protocol";
import { withTimeout } from "@rill/protocol/time";
import { itemError } from "../admin-views.js";
import type { ControllerServiceContext } from "../controller-service-context.js";

/** Runs one operation on the quorum with a bound on the commit wait. */
export function runOperation<Response>(
  context: ControllerServiceContext,
  operation: (image: MetadataImage, nowMs: number) => ControllerResult<Response>,
  timeoutMs: number,
): Promise<Response> {
  return withTimeout(
    context.quorum.run(operation),
    timeoutMs,
    `Not committed within ${timeoutMs} ms; the operation may still take effect`,
  );
}

/** The request's own timeout when it gives one (> 0), else the service's default. */
export function timeoutOf(context: ControllerServiceContext, requestTimeoutMs: number): number {
  return requestTimeoutMs > 0 ? requestTimeoutMs : context.requestTimeoutMs;
}

/**
 * Runs one operation per item (pipelined: all are proposed before the first commits) and
 * collects per-item outcomes. When every item was refused with NOT_CONTROLLER, the whole
 * request is (so that the caller or the router redirects it).
 */
export async function perItem<Item, Result>(
  items: readonly Item[],
  operation: (item: Item) => Promise<Result>,
  failed: (item: Item, error: { errorCode: number; errorMessage: string }) => Result,
): Promise<Result[]> {
  const outcomes = await Promise.allSettled(items.map((item) => operation(item)));
  const refusals = outcomes.filter(
    (outcome) => outcome.status === "rejected" && isRillError(outcome.reason, "NOT_CONTROLLER"),
  );
  if (items.length > 0 && refusals.length === items.length) {
    throw (refusals[0] as PromiseRejectedResult).reason;
  }
  return outcomes.map((outcome, position) =>
    outcome.status === "fulfilled"
      ? outcome.value
      : failed(items[position] as Item, itemError(outcome.reason)),
  );
}
