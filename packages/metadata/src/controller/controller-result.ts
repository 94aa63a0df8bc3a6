import type { MetadataRecord } from "../records/metadata-record.js";

/**
 * What every controller operation returns (KRaft's ControllerResult): the records to append to
 * the metadata log, and the response to send once they are committed. An operation never changes
 * state itself; state changes only when the records are replayed.
 */
export interface ControllerResult<Response> {
  readonly records: readonly MetadataRecord[];
  readonly response: Response;
}
