import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { RaftBenchServiceClient as _rill_raft_v1_RaftBenchServiceClient, RaftBenchServiceDefinition as _rill_raft_v1_RaftBenchServiceDefinition } from './rill/raft/v1/RaftBenchService.js';
import type { RunLoadRequest as _rill_raft_v1_RunLoadRequest, RunLoadRequest__Output as _rill_raft_v1_RunLoadRequest__Output } from './rill/raft/v1/RunLoadRequest.js';
import type { RunLoadResponse as _rill_raft_v1_RunLoadResponse, RunLoadResponse__Output as _rill_raft_v1_RunLoadResponse__Output } from './rill/raft/v1/RunLoadResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    raft: {
      v1: {
        /**
         * Benchmark control of one quorum member.
         */
        RaftBenchService: SubtypeConstructor<typeof grpc.Client, _rill_raft_v1_RaftBenchServiceClient> & { service: _rill_raft_v1_RaftBenchServiceDefinition }
        RunLoadRequest: MessageTypeDefinition<_rill_raft_v1_RunLoadRequest, _rill_raft_v1_RunLoadRequest__Output>
        RunLoadResponse: MessageTypeDefinition<_rill_raft_v1_RunLoadResponse, _rill_raft_v1_RunLoadResponse__Output>
      }
    }
  }
}

