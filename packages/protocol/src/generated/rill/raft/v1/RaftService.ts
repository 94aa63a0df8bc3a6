// Original file: rill/raft/v1/raft_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetStatusRequest as _rill_raft_v1_GetStatusRequest, GetStatusRequest__Output as _rill_raft_v1_GetStatusRequest__Output } from '../../../rill/raft/v1/GetStatusRequest.js';
import type { GetStatusResponse as _rill_raft_v1_GetStatusResponse, GetStatusResponse__Output as _rill_raft_v1_GetStatusResponse__Output } from '../../../rill/raft/v1/GetStatusResponse.js';
import type { ProposeRequest as _rill_raft_v1_ProposeRequest, ProposeRequest__Output as _rill_raft_v1_ProposeRequest__Output } from '../../../rill/raft/v1/ProposeRequest.js';
import type { ProposeResponse as _rill_raft_v1_ProposeResponse, ProposeResponse__Output as _rill_raft_v1_ProposeResponse__Output } from '../../../rill/raft/v1/ProposeResponse.js';
import type { StreamRequest as _rill_raft_v1_StreamRequest, StreamRequest__Output as _rill_raft_v1_StreamRequest__Output } from '../../../rill/raft/v1/StreamRequest.js';
import type { StreamResponse as _rill_raft_v1_StreamResponse, StreamResponse__Output as _rill_raft_v1_StreamResponse__Output } from '../../../rill/raft/v1/StreamResponse.js';

/**
 * The Raft service, served by every quorum member.
 */
export interface RaftServiceClient extends grpc.Client {
  /**
   * Reports this member's view of the quorum (tests and benchmarks).
   */
  GetStatus(argument: _rill_raft_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _rill_raft_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _rill_raft_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _rill_raft_v1_GetStatusRequest, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reports this member's view of the quorum (tests and benchmarks).
   */
  getStatus(argument: _rill_raft_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _rill_raft_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _rill_raft_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _rill_raft_v1_GetStatusRequest, callback: grpc.requestCallback<_rill_raft_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Proposes records through this member (tests and benchmarks). Answers once the records are
   * committed, with NOT_CONTROLLER (and the leader hint) when this member is not the leader, or
   * INDETERMINATE when leadership was lost after the records were appended.
   */
  Propose(argument: _rill_raft_v1_ProposeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _rill_raft_v1_ProposeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _rill_raft_v1_ProposeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _rill_raft_v1_ProposeRequest, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Proposes records through this member (tests and benchmarks). Answers once the records are
   * committed, with NOT_CONTROLLER (and the leader hint) when this member is not the leader, or
   * INDETERMINATE when leadership was lost after the records were appended.
   */
  propose(argument: _rill_raft_v1_ProposeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _rill_raft_v1_ProposeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _rill_raft_v1_ProposeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _rill_raft_v1_ProposeRequest, callback: grpc.requestCallback<_rill_raft_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A peer's outbound stream to this member: batches of Raft messages, for as long as both run.
   * The member answers only when the stream ends (with an error status when it refused it,
   * e.g. INVALID_REQUEST for a message addressed to another node id).
   */
  Stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  Stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  Stream(options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  Stream(callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  /**
   * A peer's outbound stream to this member: batches of Raft messages, for as long as both run.
   * The member answers only when the stream ends (with an error status when it refused it,
   * e.g. INVALID_REQUEST for a message addressed to another node id).
   */
  stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  stream(options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  stream(callback: grpc.requestCallback<_rill_raft_v1_StreamResponse__Output>): grpc.ClientWritableStream<_rill_raft_v1_StreamRequest>;
  
}

/**
 * The Raft service, served by every quorum member.
 */
export interface RaftServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Reports this member's view of the quorum (tests and benchmarks).
   */
  GetStatus: grpc.handleUnaryCall<_rill_raft_v1_GetStatusRequest__Output, _rill_raft_v1_GetStatusResponse>;
  
  /**
   * Proposes records through this member (tests and benchmarks). Answers once the records are
   * committed, with NOT_CONTROLLER (and the leader hint) when this member is not the leader, or
   * INDETERMINATE when leadership was lost after the records were appended.
   */
  Propose: grpc.handleUnaryCall<_rill_raft_v1_ProposeRequest__Output, _rill_raft_v1_ProposeResponse>;
  
  /**
   * A peer's outbound stream to this member: batches of Raft messages, for as long as both run.
   * The member answers only when the stream ends (with an error status when it refused it,
   * e.g. INVALID_REQUEST for a message addressed to another node id).
   */
  Stream: grpc.handleClientStreamingCall<_rill_raft_v1_StreamRequest__Output, _rill_raft_v1_StreamResponse>;
  
}

export interface RaftServiceDefinition extends grpc.ServiceDefinition {
  GetStatus: MethodDefinition<_rill_raft_v1_GetStatusRequest, _rill_raft_v1_GetStatusResponse, _rill_raft_v1_GetStatusRequest__Output, _rill_raft_v1_GetStatusResponse__Output>
  Propose: MethodDefinition<_rill_raft_v1_ProposeRequest, _rill_raft_v1_ProposeResponse, _rill_raft_v1_ProposeRequest__Output, _rill_raft_v1_ProposeResponse__Output>
  Stream: MethodDefinition<_rill_raft_v1_StreamRequest, _rill_raft_v1_StreamResponse, _rill_raft_v1_StreamRequest__Output, _rill_raft_v1_StreamResponse__Output>
}
