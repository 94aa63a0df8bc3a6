/**
 * Producer-id blocks for idempotent producers (KRaft's ProducerIdControlManager): each broker
 * asks for a block and hands ids out of it locally; blocks never overlap.
 */
import { RillError } from "@rill/protocol";
import type { MetadataImage } from "../image/metadata-image.js";
import type { BrokerId } from "../records/metadata-record.js";
import { checkBrokerEpoch } from "./cluster-control.js";
import type { ControllerResult } from "./controller-result.js";

export interface ProducerIdsBlock {
  readonly brokerId: BrokerId;
  readonly firstProducerId: number;
  readonly size: number;
}

/** Hands the next block of `blockSize` producer ids to a registered broker. */
export function allocateProducerIds(
  image: MetadataImage,
  request: { brokerId: BrokerId; brokerEpoch: number },
  blockSize: number,
): ControllerResult<ProducerIdsBlock> {
  checkBrokerEpoch(image, request.brokerId, request.brokerEpoch);
  const firstProducerId = image.nextProducerId;
  if (!Number.isSafeInteger(firstProducerId + blockSize)) {
    throw new RillError("UNKNOWN_SERVER_ERROR", "The producer id space is exhausted");
  }
  const block = { brokerId: request.brokerId, firstProducerId, size: blockSize };
  return {
    records: [{ type: "ProducerIdsBlock", brokerEpoch: request.brokerEpoch, ...block }],
    response: block,
  };
}
