// Original file: rill/broker/v1/broker_service.proto

import type { FetchStreamAssignment as _rill_broker_v1_FetchStreamAssignment, FetchStreamAssignment__Output as _rill_broker_v1_FetchStreamAssignment__Output } from '../../../rill/broker/v1/FetchStreamAssignment.js';
import type { FetchStreamCredit as _rill_broker_v1_FetchStreamCredit, FetchStreamCredit__Output as _rill_broker_v1_FetchStreamCredit__Output } from '../../../rill/broker/v1/FetchStreamCredit.js';

/**
 * One message from the client on a fetch stream.
 */
export interface FetchStreamRequest {
  /**
   * Adds, repositions or removes partitions.
   */
  'assignment'?: (_rill_broker_v1_FetchStreamAssignment | null);
  /**
   * Grants the broker more bytes to send.
   */
  'credit'?: (_rill_broker_v1_FetchStreamCredit | null);
  /**
   * What this message carries.
   */
  'request'?: "assignment"|"credit";
}

/**
 * One message from the client on a fetch stream.
 */
export interface FetchStreamRequest__Output {
  /**
   * Adds, repositions or removes partitions.
   */
  'assignment'?: (_rill_broker_v1_FetchStreamAssignment__Output | null);
  /**
   * Grants the broker more bytes to send.
   */
  'credit'?: (_rill_broker_v1_FetchStreamCredit__Output | null);
  /**
   * What this message carries.
   */
  'request'?: "assignment"|"credit";
}
