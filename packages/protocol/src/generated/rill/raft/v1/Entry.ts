// Original file: rill/raft/v1/raft_service.proto

import type { EntryType as _rill_raft_v1_EntryType, EntryType__Output as _rill_raft_v1_EntryType__Output } from '../../../rill/raft/v1/EntryType.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One Raft log entry.
 */
export interface Entry {
  /**
   * The entry's log index.
   */
  'index'?: (number | string | Long);
  /**
   * The term the entry was created in.
   */
  'term'?: (number | string | Long);
  /**
   * What the entry holds.
   */
  'type'?: (_rill_raft_v1_EntryType);
  /**
   * The entry's payload.
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * One Raft log entry.
 */
export interface Entry__Output {
  /**
   * The entry's log index.
   */
  'index': (number);
  /**
   * The term the entry was created in.
   */
  'term': (number);
  /**
   * What the entry holds.
   */
  'type': (_rill_raft_v1_EntryType__Output);
  /**
   * The entry's payload.
   */
  'data': (Buffer);
}
