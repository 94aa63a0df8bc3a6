// Original file: rill/group/v1/group_service.proto


/**
 * One assignment protocol a member supports, with its metadata (e.g. subscriptions).
 */
export interface JoinGroupRequestProtocol {
  /**
   * The protocol name (the assignor, e.g. "cooperative-sticky", "range").
   */
  'name'?: (string);
  /**
   * The protocol metadata, opaque to the coordinator.
   */
  'metadata'?: (Buffer | Uint8Array | string);
}

/**
 * One assignment protocol a member supports, with its metadata (e.g. subscriptions).
 */
export interface JoinGroupRequestProtocol__Output {
  /**
   * The protocol name (the assignor, e.g. "cooperative-sticky", "range").
   */
  'name': (string);
  /**
   * The protocol metadata, opaque to the coordinator.
   */
  'metadata': (Buffer);
}
