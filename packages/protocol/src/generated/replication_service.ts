import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ControllerHint as _rill_common_v1_ControllerHint, ControllerHint__Output as _rill_common_v1_ControllerHint__Output } from './rill/common/v1/ControllerHint.js';
import type { ErrorInfo as _rill_common_v1_ErrorInfo, ErrorInfo__Output as _rill_common_v1_ErrorInfo__Output } from './rill/common/v1/ErrorInfo.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from './rill/common/v1/LeaderHint.js';
import type { EpochEndOffset as _rill_replication_v1_EpochEndOffset, EpochEndOffset__Output as _rill_replication_v1_EpochEndOffset__Output } from './rill/replication/v1/EpochEndOffset.js';
import type { FetchSegmentsRequest as _rill_replication_v1_FetchSegmentsRequest, FetchSegmentsRequest__Output as _rill_replication_v1_FetchSegmentsRequest__Output } from './rill/replication/v1/FetchSegmentsRequest.js';
import type { FetchSegmentsResponse as _rill_replication_v1_FetchSegmentsResponse, FetchSegmentsResponse__Output as _rill_replication_v1_FetchSegmentsResponse__Output } from './rill/replication/v1/FetchSegmentsResponse.js';
import type { FollowerFetchPartition as _rill_replication_v1_FollowerFetchPartition, FollowerFetchPartition__Output as _rill_replication_v1_FollowerFetchPartition__Output } from './rill/replication/v1/FollowerFetchPartition.js';
import type { FollowerFetchPartitionData as _rill_replication_v1_FollowerFetchPartitionData, FollowerFetchPartitionData__Output as _rill_replication_v1_FollowerFetchPartitionData__Output } from './rill/replication/v1/FollowerFetchPartitionData.js';
import type { FollowerFetchRequest as _rill_replication_v1_FollowerFetchRequest, FollowerFetchRequest__Output as _rill_replication_v1_FollowerFetchRequest__Output } from './rill/replication/v1/FollowerFetchRequest.js';
import type { FollowerFetchResponse as _rill_replication_v1_FollowerFetchResponse, FollowerFetchResponse__Output as _rill_replication_v1_FollowerFetchResponse__Output } from './rill/replication/v1/FollowerFetchResponse.js';
import type { FollowerFetchTopic as _rill_replication_v1_FollowerFetchTopic, FollowerFetchTopic__Output as _rill_replication_v1_FollowerFetchTopic__Output } from './rill/replication/v1/FollowerFetchTopic.js';
import type { FollowerFetchTopicData as _rill_replication_v1_FollowerFetchTopicData, FollowerFetchTopicData__Output as _rill_replication_v1_FollowerFetchTopicData__Output } from './rill/replication/v1/FollowerFetchTopicData.js';
import type { OffsetForLeaderEpochRequest as _rill_replication_v1_OffsetForLeaderEpochRequest, OffsetForLeaderEpochRequest__Output as _rill_replication_v1_OffsetForLeaderEpochRequest__Output } from './rill/replication/v1/OffsetForLeaderEpochRequest.js';
import type { OffsetForLeaderEpochResponse as _rill_replication_v1_OffsetForLeaderEpochResponse, OffsetForLeaderEpochResponse__Output as _rill_replication_v1_OffsetForLeaderEpochResponse__Output } from './rill/replication/v1/OffsetForLeaderEpochResponse.js';
import type { OffsetForLeaderPartition as _rill_replication_v1_OffsetForLeaderPartition, OffsetForLeaderPartition__Output as _rill_replication_v1_OffsetForLeaderPartition__Output } from './rill/replication/v1/OffsetForLeaderPartition.js';
import type { OffsetForLeaderPartitionResult as _rill_replication_v1_OffsetForLeaderPartitionResult, OffsetForLeaderPartitionResult__Output as _rill_replication_v1_OffsetForLeaderPartitionResult__Output } from './rill/replication/v1/OffsetForLeaderPartitionResult.js';
import type { OffsetForLeaderTopic as _rill_replication_v1_OffsetForLeaderTopic, OffsetForLeaderTopic__Output as _rill_replication_v1_OffsetForLeaderTopic__Output } from './rill/replication/v1/OffsetForLeaderTopic.js';
import type { OffsetForLeaderTopicResult as _rill_replication_v1_OffsetForLeaderTopicResult, OffsetForLeaderTopicResult__Output as _rill_replication_v1_OffsetForLeaderTopicResult__Output } from './rill/replication/v1/OffsetForLeaderTopicResult.js';
import type { ReplicationServiceClient as _rill_replication_v1_ReplicationServiceClient, ReplicationServiceDefinition as _rill_replication_v1_ReplicationServiceDefinition } from './rill/replication/v1/ReplicationService.js';
import type { SegmentChunk as _rill_replication_v1_SegmentChunk, SegmentChunk__Output as _rill_replication_v1_SegmentChunk__Output } from './rill/replication/v1/SegmentChunk.js';
import type { SegmentEpochEntry as _rill_replication_v1_SegmentEpochEntry, SegmentEpochEntry__Output as _rill_replication_v1_SegmentEpochEntry__Output } from './rill/replication/v1/SegmentEpochEntry.js';
import type { SegmentHeader as _rill_replication_v1_SegmentHeader, SegmentHeader__Output as _rill_replication_v1_SegmentHeader__Output } from './rill/replication/v1/SegmentHeader.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    common: {
      v1: {
        ControllerHint: MessageTypeDefinition<_rill_common_v1_ControllerHint, _rill_common_v1_ControllerHint__Output>
        ErrorInfo: MessageTypeDefinition<_rill_common_v1_ErrorInfo, _rill_common_v1_ErrorInfo__Output>
        LeaderHint: MessageTypeDefinition<_rill_common_v1_LeaderHint, _rill_common_v1_LeaderHint__Output>
      }
    }
    replication: {
      v1: {
        EpochEndOffset: MessageTypeDefinition<_rill_replication_v1_EpochEndOffset, _rill_replication_v1_EpochEndOffset__Output>
        FetchSegmentsRequest: MessageTypeDefinition<_rill_replication_v1_FetchSegmentsRequest, _rill_replication_v1_FetchSegmentsRequest__Output>
        FetchSegmentsResponse: MessageTypeDefinition<_rill_replication_v1_FetchSegmentsResponse, _rill_replication_v1_FetchSegmentsResponse__Output>
        FollowerFetchPartition: MessageTypeDefinition<_rill_replication_v1_FollowerFetchPartition, _rill_replication_v1_FollowerFetchPartition__Output>
        FollowerFetchPartitionData: MessageTypeDefinition<_rill_replication_v1_FollowerFetchPartitionData, _rill_replication_v1_FollowerFetchPartitionData__Output>
        FollowerFetchRequest: MessageTypeDefinition<_rill_replication_v1_FollowerFetchRequest, _rill_replication_v1_FollowerFetchRequest__Output>
        FollowerFetchResponse: MessageTypeDefinition<_rill_replication_v1_FollowerFetchResponse, _rill_replication_v1_FollowerFetchResponse__Output>
        FollowerFetchTopic: MessageTypeDefinition<_rill_replication_v1_FollowerFetchTopic, _rill_replication_v1_FollowerFetchTopic__Output>
        FollowerFetchTopicData: MessageTypeDefinition<_rill_replication_v1_FollowerFetchTopicData, _rill_replication_v1_FollowerFetchTopicData__Output>
        OffsetForLeaderEpochRequest: MessageTypeDefinition<_rill_replication_v1_OffsetForLeaderEpochRequest, _rill_replication_v1_OffsetForLeaderEpochRequest__Output>
        OffsetForLeaderEpochResponse: MessageTypeDefinition<_rill_replication_v1_OffsetForLeaderEpochResponse, _rill_replication_v1_OffsetForLeaderEpochResponse__Output>
        OffsetForLeaderPartition: MessageTypeDefinition<_rill_replication_v1_OffsetForLeaderPartition, _rill_replication_v1_OffsetForLeaderPartition__Output>
        OffsetForLeaderPartitionResult: MessageTypeDefinition<_rill_replication_v1_OffsetForLeaderPartitionResult, _rill_replication_v1_OffsetForLeaderPartitionResult__Output>
        OffsetForLeaderTopic: MessageTypeDefinition<_rill_replication_v1_OffsetForLeaderTopic, _rill_replication_v1_OffsetForLeaderTopic__Output>
        OffsetForLeaderTopicResult: MessageTypeDefinition<_rill_replication_v1_OffsetForLeaderTopicResult, _rill_replication_v1_OffsetForLeaderTopicResult__Output>
        /**
         * The replication service, served by every broker for the partitions it leads.
         */
        ReplicationService: SubtypeConstructor<typeof grpc.Client, _rill_replication_v1_ReplicationServiceClient> & { service: _rill_replication_v1_ReplicationServiceDefinition }
        SegmentChunk: MessageTypeDefinition<_rill_replication_v1_SegmentChunk, _rill_replication_v1_SegmentChunk__Output>
        SegmentEpochEntry: MessageTypeDefinition<_rill_replication_v1_SegmentEpochEntry, _rill_replication_v1_SegmentEpochEntry__Output>
        SegmentFileKind: EnumTypeDefinition
        SegmentHeader: MessageTypeDefinition<_rill_replication_v1_SegmentHeader, _rill_replication_v1_SegmentHeader__Output>
      }
    }
  }
}

