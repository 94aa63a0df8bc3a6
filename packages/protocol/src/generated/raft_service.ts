import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Entry as _rill_raft_v1_Entry, Entry__Output as _rill_raft_v1_Entry__Output } from './rill/raft/v1/Entry.js';
import type { GetStatusRequest as _rill_raft_v1_GetStatusRequest, GetStatusRequest__Output as _rill_raft_v1_GetStatusRequest__Output } from './rill/raft/v1/GetStatusRequest.js';
import type { GetStatusResponse as _rill_raft_v1_GetStatusResponse, GetStatusResponse__Output as _rill_raft_v1_GetStatusResponse__Output } from './rill/raft/v1/GetStatusResponse.js';
import type { MemberEndpoint as _rill_raft_v1_MemberEndpoint, MemberEndpoint__Output as _rill_raft_v1_MemberEndpoint__Output } from './rill/raft/v1/MemberEndpoint.js';
import type { Membership as _rill_raft_v1_Membership, Membership__Output as _rill_raft_v1_Membership__Output } from './rill/raft/v1/Membership.js';
import type { ProposeRequest as _rill_raft_v1_ProposeRequest, ProposeRequest__Output as _rill_raft_v1_ProposeRequest__Output } from './rill/raft/v1/ProposeRequest.js';
import type { ProposeResponse as _rill_raft_v1_ProposeResponse, ProposeResponse__Output as _rill_raft_v1_ProposeResponse__Output } from './rill/raft/v1/ProposeResponse.js';
import type { RaftMessage as _rill_raft_v1_RaftMessage, RaftMessage__Output as _rill_raft_v1_RaftMessage__Output } from './rill/raft/v1/RaftMessage.js';
import type { RaftServiceClient as _rill_raft_v1_RaftServiceClient, RaftServiceDefinition as _rill_raft_v1_RaftServiceDefinition } from './rill/raft/v1/RaftService.js';
import type { SnapshotChunk as _rill_raft_v1_SnapshotChunk, SnapshotChunk__Output as _rill_raft_v1_SnapshotChunk__Output } from './rill/raft/v1/SnapshotChunk.js';
import type { SnapshotMetadata as _rill_raft_v1_SnapshotMetadata, SnapshotMetadata__Output as _rill_raft_v1_SnapshotMetadata__Output } from './rill/raft/v1/SnapshotMetadata.js';
import type { StreamRequest as _rill_raft_v1_StreamRequest, StreamRequest__Output as _rill_raft_v1_StreamRequest__Output } from './rill/raft/v1/StreamRequest.js';
import type { StreamResponse as _rill_raft_v1_StreamResponse, StreamResponse__Output as _rill_raft_v1_StreamResponse__Output } from './rill/raft/v1/StreamResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    raft: {
      v1: {
        Entry: MessageTypeDefinition<_rill_raft_v1_Entry, _rill_raft_v1_Entry__Output>
        EntryType: EnumTypeDefinition
        GetStatusRequest: MessageTypeDefinition<_rill_raft_v1_GetStatusRequest, _rill_raft_v1_GetStatusRequest__Output>
        GetStatusResponse: MessageTypeDefinition<_rill_raft_v1_GetStatusResponse, _rill_raft_v1_GetStatusResponse__Output>
        MemberEndpoint: MessageTypeDefinition<_rill_raft_v1_MemberEndpoint, _rill_raft_v1_MemberEndpoint__Output>
        Membership: MessageTypeDefinition<_rill_raft_v1_Membership, _rill_raft_v1_Membership__Output>
        MessageType: EnumTypeDefinition
        ProposeRequest: MessageTypeDefinition<_rill_raft_v1_ProposeRequest, _rill_raft_v1_ProposeRequest__Output>
        ProposeResponse: MessageTypeDefinition<_rill_raft_v1_ProposeResponse, _rill_raft_v1_ProposeResponse__Output>
        RaftMessage: MessageTypeDefinition<_rill_raft_v1_RaftMessage, _rill_raft_v1_RaftMessage__Output>
        /**
         * The Raft service, served by every quorum member.
         */
        RaftService: SubtypeConstructor<typeof grpc.Client, _rill_raft_v1_RaftServiceClient> & { service: _rill_raft_v1_RaftServiceDefinition }
        SnapshotChunk: MessageTypeDefinition<_rill_raft_v1_SnapshotChunk, _rill_raft_v1_SnapshotChunk__Output>
        SnapshotMetadata: MessageTypeDefinition<_rill_raft_v1_SnapshotMetadata, _rill_raft_v1_SnapshotMetadata__Output>
        StreamRequest: MessageTypeDefinition<_rill_raft_v1_StreamRequest, _rill_raft_v1_StreamRequest__Output>
        StreamResponse: MessageTypeDefinition<_rill_raft_v1_StreamResponse, _rill_raft_v1_StreamResponse__Output>
      }
    }
  }
}

