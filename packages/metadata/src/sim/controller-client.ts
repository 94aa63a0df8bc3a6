/**
 * The RPC client brokers and the admin use to reach the active controller: it sends a request to
 * the controller it believes active, follows NOT_CONTROLLER leader hints (or tries another
 * controller), and reports a timeout when no answer comes in time. A timeout is indeterminate:
 * the request may have taken effect.
 */
import { isRillError } from "@rill/protocol";
import type { SeededRandom } from "@rill/protocol/random";
import type { NodeId } from "@rill/raft";
import type { CallOutcome, ControllerRequest } from "./controller-requests.js";
import type { SimMessage } from "./sim-messages.js";
import { controllerAddress } from "./simulated-controller.js";

/** Calls one client keeps in flight at most; callers check `canCall` first. */
export const CALLS_IN_FLIGHT_MAX = 16;

export interface ClientTransport {
  nowStep(): number;
  send(from: string, to: string, message: SimMessage): void;
}

interface Call {
  readonly deadlineStep: number;
  readonly onOutcome: (outcome: CallOutcome) => void;
}

export class ControllerClient {
  readonly #calls = new Map<number, Call>();
  #nextCallId = 1;
  #controllerGuess: NodeId;
  redirects = 0;
  timeouts = 0;

  readonly #controllerIds: readonly NodeId[];
  readonly #transport: ClientTransport;
  readonly #random: SeededRandom;
  readonly #timeoutSteps: number;
  constructor(
    readonly address: string,
    controllerIds: readonly NodeId[],
    transport: ClientTransport,
    random: SeededRandom,
    timeoutSteps: number,
  ) {
    this.#controllerIds = controllerIds;
    this.#transport = transport;
    this.#random = random;
    this.#timeoutSteps = timeoutSteps;
    this.#controllerGuess = random.pick(controllerIds);
  }

  get inFlight(): number {
    return this.#calls.size;
  }

  canCall(): boolean {
    return this.#calls.size < CALLS_IN_FLIGHT_MAX;
  }

  call(request: ControllerRequest, onOutcome: (outcome: CallOutcome) => void): void {
    if (!this.canCall()) throw new Error(`sim: ${this.address} has ${CALLS_IN_FLIGHT_MAX} calls in flight`);
    const callId = this.#nextCallId++;
    this.#calls.set(callId, { deadlineStep: this.#transport.nowStep() + this.#timeoutSteps, onOutcome });
    this.#transport.send(this.address, controllerAddress(this.#controllerGuess), {
      kind: "request",
      callId,
      request,
    });
  }

  /** An answer arrived; a late one (after its timeout) is ignored. */
  onResponse(callId: number, outcome: CallOutcome): void {
    const call = this.#calls.get(callId);
    if (call === undefined) return;
    this.#calls.delete(callId);
    if (outcome.kind === "error" && isRillError(outcome.error, "NOT_CONTROLLER")) {
      this.redirects++;
      const hint = outcome.error.details.leaderId;
      // The hint is a bare number from an error's details: taken only when it names a controller.
      this.#controllerGuess =
        this.#controllerIds.find((id) => id === hint) ?? this.#random.pick(this.#controllerIds);
    }
    call.onOutcome(outcome);
  }

  /** Reports a timeout for every call past its deadline; the next call tries another controller. */
  expire(): void {
    const nowStep = this.#transport.nowStep();
    for (const [callId, call] of [...this.#calls]) {
      if (call.deadlineStep > nowStep) continue;
      this.#calls.delete(callId);
      this.timeouts++;
      this.#controllerGuess = this.#random.pick(this.#controllerIds);
      call.onOutcome({ kind: "timeout" });
    }
  }
}
