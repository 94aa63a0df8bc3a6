// Original file: rill/raft/v1/raft_bench_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RunLoadRequest as _rill_raft_v1_RunLoadRequest, RunLoadRequest__Output as _rill_raft_v1_RunLoadRequest__Output } from '../../../rill/raft/v1/RunLoadRequest.js';
import type { RunLoadResponse as _rill_raft_v1_RunLoadResponse, RunLoadResponse__Output as _rill_raft_v1_RunLoadResponse__Output } from '../../../rill/raft/v1/RunLoadResponse.js';

/**
 * Benchmark control of one quorum member.
 */
export interface RaftBenchServiceClient extends grpc.Client {
  /**
   * The member (the leader) proposes `count` records itself, one entry each, keeping up to
   * `in_flight_max` uncommitted, and reports throughput and commit latency as it measured them,
   * so that the figures show Raft (driver, fsync, transport), not client RPCs.
   */
  RunLoad(argument: _rill_raft_v1_RunLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  RunLoad(argument: _rill_raft_v1_RunLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  RunLoad(argument: _rill_raft_v1_RunLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  RunLoad(argument: _rill_raft_v1_RunLoadRequest, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The member (the leader) proposes `count` records itself, one entry each, keeping up to
   * `in_flight_max` uncommitted, and reports throughput and commit latency as it measured them,
   * so that the figures show Raft (driver, fsync, transport), not client RPCs.
   */
  runLoad(argument: _rill_raft_v1_RunLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  runLoad(argument: _rill_raft_v1_RunLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  runLoad(argument: _rill_raft_v1_RunLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  runLoad(argument: _rill_raft_v1_RunLoadRequest, callback: grpc.requestCallback<_rill_raft_v1_RunLoadResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Benchmark control of one quorum member.
 */
export interface RaftBenchServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The member (the leader) proposes `count` records itself, one entry each, keeping up to
   * `in_flight_max` uncommitted, and reports throughput and commit latency as it measured them,
   * so that the figures show Raft (driver, fsync, transport), not client RPCs.
   */
  RunLoad: grpc.handleUnaryCall<_rill_raft_v1_RunLoadRequest__Output, _rill_raft_v1_RunLoadResponse>;
  
}

export interface RaftBenchServiceDefinition extends grpc.ServiceDefinition {
  RunLoad: MethodDefinition<_rill_raft_v1_RunLoadRequest, _rill_raft_v1_RunLoadResponse, _rill_raft_v1_RunLoadRequest__Output, _rill_raft_v1_RunLoadResponse__Output>
}
