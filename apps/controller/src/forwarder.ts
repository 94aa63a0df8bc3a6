/**
 * Forwards a write from a follower to the active controller over gRPC (one ControllerService
 * client per voter, created on first use and kept). The request is marked with
 * FORWARDED_BY_HEADER so that the receiver never forwards it again: a receiver that is not (or no
 * longer) the active controller answers NOT_CONTROLLER with its hint, which travels back to the
 * caller unchanged, as does every other error. A lost connection or a passed deadline surfaces as
 * the indeterminate NETWORK_EXCEPTION / REQUEST_TIMED_OUT that `callUnary` reports (unless
 * grpc-js proves the request was never sent).
 *
 * A channel that is not connected (first use, or in gRPC's reconnect backoff after the active
 * controller restarted) would fail the call at once with "No connection established"; the
 * forwarder first waits up to CONNECT_WAIT_MS_MAX for the connection, so a write made while the
 * link comes back is forwarded instead of refused. The wait is short and bounded on purpose: when
 * the active controller is gone for good, the caller hears it within that bound (never sent, so
 * it may try again, and by then this follower may know the new leader) instead of at its deadline.
 */
import { Metadata } from "@grpc/grpc-js";
import {
  type ControllerV1,
  callUnary,
  createControllerClient,
  GRPC_RECONNECT_BACKOFF_MAX_MS,
  RillError,
} from "@rill/protocol";
import { addressOf, type Voter } from "./config.js";
import { FORWARDED_AGE_HEADER, FORWARDED_BY_HEADER, type ForwardedMethod } from "./controller-service.js";

/**
 * The longest wait for a connection to the active controller before a forward: two of gRPC's
 * longest reconnect backoffs, so one missed attempt does not fail the write.
 */
export const CONNECT_WAIT_MS_MAX = 2 * GRPC_RECONNECT_BACKOFF_MAX_MS;

export class ActiveControllerForwarder {
  readonly #clients = new Map<
    number,
    { readonly address: string; readonly client: ControllerV1.ControllerServiceClient }
  >();

  readonly #selfId: number;
  readonly #voters: () => readonly Voter[];
  constructor(
    selfId: number,
    /** The quorum's members with addresses, read at each use (the membership changes). */
    voters: () => readonly Voter[],
  ) {
    this.#selfId = selfId;
    this.#voters = voters;
  }

  forward = async (
    method: ForwardedMethod,
    request: unknown,
    leaderId: number,
    timeoutMs: number,
    receivedAtMs: number = Date.now(),
  ): Promise<unknown> => {
    const client = this.#clientFor(leaderId);
    const startedAt = Date.now();
    await this.#connected(client, leaderId, Math.min(timeoutMs, CONNECT_WAIT_MS_MAX));
    const leftMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
    const metadata = new Metadata();
    metadata.set(FORWARDED_BY_HEADER, String(this.#selfId));
    metadata.set(FORWARDED_AGE_HEADER, String(Math.max(0, Date.now() - receivedAtMs)));
    return callUnary(client, method, request as never, { timeoutMs: leftMs, metadata });
  };

  /** Resolves once the client's channel is connected; rejects (never sent) after `waitMs`. */
  #connected(client: ControllerV1.ControllerServiceClient, leaderId: number, waitMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      client.waitForReady(Date.now() + waitMs, (error) => {
        if (error === undefined || error === null) {
          resolve();
          return;
        }
        reject(
          new RillError(
            "NETWORK_EXCEPTION",
            `No connection to the active controller ${leaderId} within ${waitMs} ms; the request was not sent`,
            { details: { indeterminate: false }, cause: error },
          ),
        );
      });
    });
  }

  #clientFor(nodeId: number): ControllerV1.ControllerServiceClient {
    const voter = this.#voters().find((entry) => entry.nodeId === nodeId);
    if (voter === undefined) {
      throw new RillError("NOT_CONTROLLER", `The active controller ${nodeId} has no known address`);
    }
    const address = addressOf(voter);
    const existing = this.#clients.get(nodeId);
    if (existing?.address === address) return existing.client;
    existing?.client.close();
    const client = createControllerClient(address);
    this.#clients.set(nodeId, { address, client });
    return client;
  }

  close(): void {
    for (const { client } of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
