/**
 * Broker lifecycle on the controller (KRaft's ClusterControlManager with the broker parts of
 * ReplicationControlManager): registration, heartbeats, unfencing once caught up, fencing after
 * the session timeout, controlled shutdown and unregistration. Pure functions of the image and
 * the heartbeat soft state; the clock is passed in.
 */
import { RillError } from "@rill/protocol";
import type { MetadataImage } from "../image/metadata-image.js";
import type { BrokerEndpoint, BrokerId, MetadataRecord } from "../records/metadata-record.js";
import type { BrokerHeartbeats } from "./broker-heartbeats.js";
import type { ControllerResult } from "./controller-result.js";
import { changesForEligibleBroker, changesForIneligibleBrokers } from "./partition-control.js";
import { scratchImage } from "./scratch-image.js";

/** Node ids are non-negative 32-bit ints (int32 on the wire). */
export const BROKER_ID_MAX = 2 ** 31 - 1;
/** The most endpoints one broker may register. */
export const BROKER_ENDPOINTS_MAX = 16;

export interface RegisterBrokerRequest {
  readonly brokerId: BrokerId;
  /** A random id the broker picks at every start. */
  readonly incarnationId: string;
  readonly endpoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
}

export interface RegisterBrokerResponse {
  readonly brokerEpoch: number;
}

function checkRegistration(request: RegisterBrokerRequest): void {
  const bad = (why: string) => new RillError("INVALID_REQUEST", `Broker registration: ${why}`);
  if (!Number.isInteger(request.brokerId) || request.brokerId < 0 || request.brokerId > BROKER_ID_MAX) {
    throw bad(`broker id ${request.brokerId} is not in 0..${BROKER_ID_MAX}`);
  }
  if (request.incarnationId.length === 0) throw bad("the incarnation id is empty");
  if (request.endpoints.length === 0) throw bad("no endpoints");
  if (request.endpoints.length > BROKER_ENDPOINTS_MAX)
    throw bad(`more than ${BROKER_ENDPOINTS_MAX} endpoints`);
  const names = new Set<string>();
  for (const endpoint of request.endpoints) {
    if (endpoint.host.length === 0) throw bad(`endpoint ${endpoint.name} has no host`);
    if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
      throw bad(`endpoint ${endpoint.name} has port ${endpoint.port}`);
    }
    if (names.has(endpoint.name)) throw bad(`endpoint name ${endpoint.name} repeats`);
    names.add(endpoint.name);
  }
  if (request.rack !== null && request.rack.length === 0) throw bad("the rack is empty (use null for none)");
}

/**
 * Registers a broker, or re-registers it after a restart (new incarnation id) or a retry. Every
 * registration gets a new, larger broker epoch and starts fenced; the old registration's
 * leaderships and ISR memberships are given up as for fencing. Refused with
 * DUPLICATE_BROKER_REGISTRATION while another incarnation of the same node id holds a live
 * session.
 */
export function registerBroker(
  image: MetadataImage,
  heartbeats: BrokerHeartbeats,
  request: RegisterBrokerRequest,
  nowMs: number,
): ControllerResult<RegisterBrokerResponse> {
  checkRegistration(request);
  const existing = image.brokers.get(request.brokerId);
  if (
    existing !== undefined &&
    existing.incarnationId !== request.incarnationId &&
    !existing.fenced &&
    heartbeats.isAlive(request.brokerId, nowMs)
  ) {
    throw new RillError(
      "DUPLICATE_BROKER_REGISTRATION",
      `Broker ${request.brokerId} is registered by another live incarnation`,
    );
  }
  // Epochs grow across the whole cluster: larger than every epoch handed out so far, because
  // each was at most the offset of its batch, and this batch comes after image.offset.
  const brokerEpoch = Math.max(image.offset + 1, image.maxBrokerEpoch + 1);
  const records: MetadataRecord[] = [];
  if (existing !== undefined) {
    const gone = new Set([request.brokerId]);
    records.push(
      ...changesForIneligibleBrokers(
        image,
        gone,
        (id) => id !== request.brokerId && image.isBrokerActive(id),
      ),
    );
  }
  records.push({
    type: "RegisterBroker",
    brokerId: request.brokerId,
    incarnationId: request.incarnationId,
    brokerEpoch,
    endpoints: request.endpoints,
    rack: request.rack,
    fenced: true,
    inControlledShutdown: false,
    registeredOffset: 0,
  });
  heartbeats.touch(request.brokerId, nowMs);
  return { records, response: { brokerEpoch } };
}

/** Throws unless `brokerId` is registered with `brokerEpoch`. */
export function checkBrokerEpoch(image: MetadataImage, brokerId: BrokerId, brokerEpoch: number): void {
  const broker = image.brokers.get(brokerId);
  if (broker === undefined) {
    throw new RillError("BROKER_ID_NOT_REGISTERED", `Broker ${brokerId} is not registered`);
  }
  if (broker.brokerEpoch !== brokerEpoch) {
    throw new RillError(
      "STALE_BROKER_EPOCH",
      `Broker ${brokerId} epoch ${brokerEpoch} is not ${broker.brokerEpoch}`,
      {
        details: { brokerEpoch: broker.brokerEpoch },
      },
    );
  }
}

export interface BrokerHeartbeatRequest {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  /** The offset of the last metadata batch the broker has replayed. */
  readonly currentMetadataOffset: number;
  /** The broker wants to stop: move its leaderships away, then say it may. */
  readonly wantShutDown: boolean;
  /**
   * How long ago the heartbeat reached the controllers (held by a forwarding follower, or waiting
   * here for this controller to be ready; 0 by default): the session counts from then, so a
   * heartbeat that waited on its way does not keep a broker that stopped since alive for longer.
   */
  readonly receivedAgoMs?: number;
}

export interface BrokerHeartbeatResponse {
  /** The broker has replayed the log up to its own registration. */
  readonly isCaughtUp: boolean;
  /** Fenced after this heartbeat's records apply. */
  readonly isFenced: boolean;
  /** The broker leads nothing any more and may stop now. */
  readonly shouldShutDown: boolean;
}

/**
 * A broker heartbeat: renews the session; unfences a fenced broker once it has replayed the log
 * up to its registration (offline partitions it can lead get it); runs a controlled shutdown when
 * asked (the broker leaves every ISR it is not the last member of, its leaderships move to other
 * in-sync replicas or go offline, it is fenced, and it is told it may stop).
 */
export function brokerHeartbeat(
  image: MetadataImage,
  heartbeats: BrokerHeartbeats,
  request: BrokerHeartbeatRequest,
  nowMs: number,
): ControllerResult<BrokerHeartbeatResponse> {
  checkBrokerEpoch(image, request.brokerId, request.brokerEpoch);
  heartbeats.touch(request.brokerId, nowMs - (request.receivedAgoMs ?? 0), request.currentMetadataOffset);
  const broker = image.brokers.get(request.brokerId)!;
  const isCaughtUp = request.currentMetadataOffset >= broker.registeredOffset;
  const { brokerId, brokerEpoch } = request;
  if (request.wantShutDown) {
    if (broker.fenced) return { records: [], response: { isCaughtUp, isFenced: true, shouldShutDown: true } };
    const records: MetadataRecord[] = [
      { type: "BrokerRegistrationChange", brokerId, brokerEpoch, inControlledShutdown: true },
      ...changesForIneligibleBrokers(
        image,
        new Set([brokerId]),
        (id) => id !== brokerId && image.isBrokerActive(id),
      ),
      { type: "FenceBroker", brokerId, brokerEpoch },
    ];
    return { records, response: { isCaughtUp, isFenced: true, shouldShutDown: true } };
  }
  if (broker.fenced && isCaughtUp) {
    const records: MetadataRecord[] = [{ type: "UnfenceBroker", brokerId, brokerEpoch }];
    const unfenced = scratchImage(image, records);
    records.push(...changesForEligibleBroker(unfenced, brokerId, (id) => unfenced.isBrokerActive(id)));
    return { records, response: { isCaughtUp, isFenced: false, shouldShutDown: false } };
  }
  return { records: [], response: { isCaughtUp, isFenced: broker.fenced, shouldShutDown: false } };
}

/** The most brokers one tick fences (the next tick continues); bounds one batch. */
export const FENCES_PER_TICK_MAX = 64;

/**
 * The periodic session check: fences every unfenced broker whose session expired, moving its
 * leaderships and shrinking the ISRs it is in. Returns the fenced broker ids.
 */
export function fenceExpiredBrokers(
  image: MetadataImage,
  heartbeats: BrokerHeartbeats,
  nowMs: number,
): ControllerResult<BrokerId[]> {
  const expired: BrokerId[] = [];
  for (const broker of image.brokers.values()) {
    if (expired.length >= FENCES_PER_TICK_MAX) break;
    if (!broker.fenced && !heartbeats.isAlive(broker.brokerId, nowMs)) expired.push(broker.brokerId);
  }
  if (expired.length === 0) return { records: [], response: [] };
  expired.sort((a, b) => a - b);
  const gone = new Set(expired);
  const records: MetadataRecord[] = [
    ...expired.map(
      (brokerId): MetadataRecord => ({
        type: "FenceBroker",
        brokerId,
        brokerEpoch: image.brokers.get(brokerId)!.brokerEpoch,
      }),
    ),
    ...changesForIneligibleBrokers(image, gone, (id) => !gone.has(id) && image.isBrokerActive(id)),
  ];
  return { records, response: expired };
}

/**
 * Fences one broker at once, without waiting for its session to expire, when the caller has
 * seen that this incarnation is gone (its listener refuses connections: the process died).
 * Guarded by the broker epoch: a broker that registered again since (a new incarnation) or is
 * already fenced is left alone (response false). Fencing a live broker by mistake costs
 * availability, never safety: it is exactly what a session expiry does, and the broker's next
 * heartbeat unfences it once it has caught up.
 */
export function fenceBroker(
  image: MetadataImage,
  heartbeats: BrokerHeartbeats,
  brokerId: BrokerId,
  brokerEpoch: number,
): ControllerResult<boolean> {
  const broker = image.brokers.get(brokerId);
  if (broker === undefined || broker.fenced || broker.brokerEpoch !== brokerEpoch) {
    return { records: [], response: false };
  }
  heartbeats.remove(brokerId);
  const records: MetadataRecord[] = [
    { type: "FenceBroker", brokerId, brokerEpoch },
    ...changesForIneligibleBrokers(
      image,
      new Set([brokerId]),
      (id) => id !== brokerId && image.isBrokerActive(id),
    ),
  ];
  return { records, response: true };
}

/**
 * Removes a broker from the cluster for good (decommissioning): it gives up its leaderships and
 * ISR memberships as for fencing, then its registration is removed. Its replicas stay assigned
 * until a reassignment moves them.
 */
export function unregisterBroker(
  image: MetadataImage,
  heartbeats: BrokerHeartbeats,
  brokerId: BrokerId,
): ControllerResult<null> {
  const broker = image.brokers.get(brokerId);
  if (broker === undefined)
    throw new RillError("BROKER_ID_NOT_REGISTERED", `Broker ${brokerId} is not registered`);
  const records: MetadataRecord[] = [
    ...changesForIneligibleBrokers(
      image,
      new Set([brokerId]),
      (id) => id !== brokerId && image.isBrokerActive(id),
    ),
    { type: "UnregisterBroker", brokerId, brokerEpoch: broker.brokerEpoch },
  ];
  heartbeats.remove(brokerId);
  return { records, response: null };
}
