// Original file: rill/replication/v1/replication_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FetchSegmentsRequest as _rill_replication_v1_FetchSegmentsRequest, FetchSegmentsRequest__Output as _rill_replication_v1_FetchSegmentsRequest__Output } from '../../../rill/replication/v1/FetchSegmentsRequest.js';
import type { FetchSegmentsResponse as _rill_replication_v1_FetchSegmentsResponse, FetchSegmentsResponse__Output as _rill_replication_v1_FetchSegmentsResponse__Output } from '../../../rill/replication/v1/FetchSegmentsResponse.js';
import type { FollowerFetchRequest as _rill_replication_v1_FollowerFetchRequest, FollowerFetchRequest__Output as _rill_replication_v1_FollowerFetchRequest__Output } from '../../../rill/replication/v1/FollowerFetchRequest.js';
import type { FollowerFetchResponse as _rill_replication_v1_FollowerFetchResponse, FollowerFetchResponse__Output as _rill_replication_v1_FollowerFetchResponse__Output } from '../../../rill/replication/v1/FollowerFetchResponse.js';
import type { OffsetForLeaderEpochRequest as _rill_replication_v1_OffsetForLeaderEpochRequest, OffsetForLeaderEpochRequest__Output as _rill_replication_v1_OffsetForLeaderEpochRequest__Output } from '../../../rill/replication/v1/OffsetForLeaderEpochRequest.js';
import type { OffsetForLeaderEpochResponse as _rill_replication_v1_OffsetForLeaderEpochResponse, OffsetForLeaderEpochResponse__Output as _rill_replication_v1_OffsetForLeaderEpochResponse__Output } from '../../../rill/replication/v1/OffsetForLeaderEpochResponse.js';

/**
 * The replication service, served by every broker for the partitions it leads.
 */
export interface ReplicationServiceClient extends grpc.Client {
  /**
   * Bulk copy for a replica being added: the leader streams its sealed segments from
   * `start_offset` as whole files (log, offset index, time index) in chunks, each with its
   * CRC-32C, at the reassignment throttle. The follower installs each complete segment and then
   * follows the active segment through FollowerFetch. The stream ends after the last sealed
   * segment, or at once (no message) when no sealed segment starts at `start_offset`.
   */
  FetchSegments(argument: _rill_replication_v1_FetchSegmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_replication_v1_FetchSegmentsResponse__Output>;
  FetchSegments(argument: _rill_replication_v1_FetchSegmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_replication_v1_FetchSegmentsResponse__Output>;
  /**
   * Bulk copy for a replica being added: the leader streams its sealed segments from
   * `start_offset` as whole files (log, offset index, time index) in chunks, each with its
   * CRC-32C, at the reassignment throttle. The follower installs each complete segment and then
   * follows the active segment through FollowerFetch. The stream ends after the last sealed
   * segment, or at once (no message) when no sealed segment starts at `start_offset`.
   */
  fetchSegments(argument: _rill_replication_v1_FetchSegmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_replication_v1_FetchSegmentsResponse__Output>;
  fetchSegments(argument: _rill_replication_v1_FetchSegmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_replication_v1_FetchSegmentsResponse__Output>;
  
  /**
   * A follower's fetch stream. The follower sends a fetch round, the leader answers it once
   * `min_bytes` are available or `max_wait_ms` has passed, and the follower's next round (with
   * its advanced fetch offsets) both asks for more and tells the leader how far it has
   * replicated, which drives the high watermark and ISR changes. One round in flight at a time.
   * Between rounds the follower also sends progress reports (`progress_only`): its durable
   * offsets the moment an fsync completes, so the high watermark does not wait for a round.
   */
  FollowerFetch(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_replication_v1_FollowerFetchRequest, _rill_replication_v1_FollowerFetchResponse__Output>;
  FollowerFetch(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_replication_v1_FollowerFetchRequest, _rill_replication_v1_FollowerFetchResponse__Output>;
  /**
   * A follower's fetch stream. The follower sends a fetch round, the leader answers it once
   * `min_bytes` are available or `max_wait_ms` has passed, and the follower's next round (with
   * its advanced fetch offsets) both asks for more and tells the leader how far it has
   * replicated, which drives the high watermark and ISR changes. One round in flight at a time.
   * Between rounds the follower also sends progress reports (`progress_only`): its durable
   * offsets the moment an fsync completes, so the high watermark does not wait for a round.
   */
  followerFetch(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_replication_v1_FollowerFetchRequest, _rill_replication_v1_FollowerFetchResponse__Output>;
  followerFetch(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_replication_v1_FollowerFetchRequest, _rill_replication_v1_FollowerFetchResponse__Output>;
  
  /**
   * Finds the end offset of a leader epoch on the leader (Kafka OffsetForLeaderEpoch), for a
   * follower that must find where its log diverges before truncating.
   */
  OffsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  OffsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  OffsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  OffsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Finds the end offset of a leader epoch on the leader (Kafka OffsetForLeaderEpoch), for a
   * follower that must find where its log diverges before truncating.
   */
  offsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  offsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  offsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  offsetForLeaderEpoch(argument: _rill_replication_v1_OffsetForLeaderEpochRequest, callback: grpc.requestCallback<_rill_replication_v1_OffsetForLeaderEpochResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The replication service, served by every broker for the partitions it leads.
 */
export interface ReplicationServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Bulk copy for a replica being added: the leader streams its sealed segments from
   * `start_offset` as whole files (log, offset index, time index) in chunks, each with its
   * CRC-32C, at the reassignment throttle. The follower installs each complete segment and then
   * follows the active segment through FollowerFetch. The stream ends after the last sealed
   * segment, or at once (no message) when no sealed segment starts at `start_offset`.
   */
  FetchSegments: grpc.handleServerStreamingCall<_rill_replication_v1_FetchSegmentsRequest__Output, _rill_replication_v1_FetchSegmentsResponse>;
  
  /**
   * A follower's fetch stream. The follower sends a fetch round, the leader answers it once
   * `min_bytes` are available or `max_wait_ms` has passed, and the follower's next round (with
   * its advanced fetch offsets) both asks for more and tells the leader how far it has
   * replicated, which drives the high watermark and ISR changes. One round in flight at a time.
   * Between rounds the follower also sends progress reports (`progress_only`): its durable
   * offsets the moment an fsync completes, so the high watermark does not wait for a round.
   */
  FollowerFetch: grpc.handleBidiStreamingCall<_rill_replication_v1_FollowerFetchRequest__Output, _rill_replication_v1_FollowerFetchResponse>;
  
  /**
   * Finds the end offset of a leader epoch on the leader (Kafka OffsetForLeaderEpoch), for a
   * follower that must find where its log diverges before truncating.
   */
  OffsetForLeaderEpoch: grpc.handleUnaryCall<_rill_replication_v1_OffsetForLeaderEpochRequest__Output, _rill_replication_v1_OffsetForLeaderEpochResponse>;
  
}

export interface ReplicationServiceDefinition extends grpc.ServiceDefinition {
  FetchSegments: MethodDefinition<_rill_replication_v1_FetchSegmentsRequest, _rill_replication_v1_FetchSegmentsResponse, _rill_replication_v1_FetchSegmentsRequest__Output, _rill_replication_v1_FetchSegmentsResponse__Output>
  FollowerFetch: MethodDefinition<_rill_replication_v1_FollowerFetchRequest, _rill_replication_v1_FollowerFetchResponse, _rill_replication_v1_FollowerFetchRequest__Output, _rill_replication_v1_FollowerFetchResponse__Output>
  OffsetForLeaderEpoch: MethodDefinition<_rill_replication_v1_OffsetForLeaderEpochRequest, _rill_replication_v1_OffsetForLeaderEpochResponse, _rill_replication_v1_OffsetForLeaderEpochRequest__Output, _rill_replication_v1_OffsetForLeaderEpochResponse__Output>
}
