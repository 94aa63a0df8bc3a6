// Original file: google/rpc/status.proto

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from '../../google/protobuf/Any.js';

/**
 * The status of a failed RPC, sent in the `grpc-status-details-bin` trailer.
 */
export interface Status {
  /**
   * The gRPC status code (google.rpc.Code).
   */
  'code'?: (number);
  /**
   * A developer-facing error message.
   */
  'message'?: (string);
  /**
   * Typed error details (for Rill: rill.common.v1.ErrorInfo, rill.common.v1.LeaderHint, ...).
   */
  'details'?: (_google_protobuf_Any)[];
}

/**
 * The status of a failed RPC, sent in the `grpc-status-details-bin` trailer.
 */
export interface Status__Output {
  /**
   * The gRPC status code (google.rpc.Code).
   */
  'code': (number);
  /**
   * A developer-facing error message.
   */
  'message': (string);
  /**
   * Typed error details (for Rill: rill.common.v1.ErrorInfo, rill.common.v1.LeaderHint, ...).
   */
  'details': (_google_protobuf_Any__Output)[];
}
