import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConsumerGroupHeartbeatRequest as _rill_group_v1_ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatRequest__Output as _rill_group_v1_ConsumerGroupHeartbeatRequest__Output } from './rill/group/v1/ConsumerGroupHeartbeatRequest.js';
import type { ConsumerGroupHeartbeatResponse as _rill_group_v1_ConsumerGroupHeartbeatResponse, ConsumerGroupHeartbeatResponse__Output as _rill_group_v1_ConsumerGroupHeartbeatResponse__Output } from './rill/group/v1/ConsumerGroupHeartbeatResponse.js';
import type { Coordinator as _rill_group_v1_Coordinator, Coordinator__Output as _rill_group_v1_Coordinator__Output } from './rill/group/v1/Coordinator.js';
import type { DeletableGroupResult as _rill_group_v1_DeletableGroupResult, DeletableGroupResult__Output as _rill_group_v1_DeletableGroupResult__Output } from './rill/group/v1/DeletableGroupResult.js';
import type { DeleteGroupsRequest as _rill_group_v1_DeleteGroupsRequest, DeleteGroupsRequest__Output as _rill_group_v1_DeleteGroupsRequest__Output } from './rill/group/v1/DeleteGroupsRequest.js';
import type { DeleteGroupsResponse as _rill_group_v1_DeleteGroupsResponse, DeleteGroupsResponse__Output as _rill_group_v1_DeleteGroupsResponse__Output } from './rill/group/v1/DeleteGroupsResponse.js';
import type { DescribeGroupOffsetsRequest as _rill_group_v1_DescribeGroupOffsetsRequest, DescribeGroupOffsetsRequest__Output as _rill_group_v1_DescribeGroupOffsetsRequest__Output } from './rill/group/v1/DescribeGroupOffsetsRequest.js';
import type { DescribeGroupOffsetsResponse as _rill_group_v1_DescribeGroupOffsetsResponse, DescribeGroupOffsetsResponse__Output as _rill_group_v1_DescribeGroupOffsetsResponse__Output } from './rill/group/v1/DescribeGroupOffsetsResponse.js';
import type { DescribeGroupsRequest as _rill_group_v1_DescribeGroupsRequest, DescribeGroupsRequest__Output as _rill_group_v1_DescribeGroupsRequest__Output } from './rill/group/v1/DescribeGroupsRequest.js';
import type { DescribeGroupsResponse as _rill_group_v1_DescribeGroupsResponse, DescribeGroupsResponse__Output as _rill_group_v1_DescribeGroupsResponse__Output } from './rill/group/v1/DescribeGroupsResponse.js';
import type { DescribedGroup as _rill_group_v1_DescribedGroup, DescribedGroup__Output as _rill_group_v1_DescribedGroup__Output } from './rill/group/v1/DescribedGroup.js';
import type { DescribedGroupMember as _rill_group_v1_DescribedGroupMember, DescribedGroupMember__Output as _rill_group_v1_DescribedGroupMember__Output } from './rill/group/v1/DescribedGroupMember.js';
import type { FindCoordinatorRequest as _rill_group_v1_FindCoordinatorRequest, FindCoordinatorRequest__Output as _rill_group_v1_FindCoordinatorRequest__Output } from './rill/group/v1/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse as _rill_group_v1_FindCoordinatorResponse, FindCoordinatorResponse__Output as _rill_group_v1_FindCoordinatorResponse__Output } from './rill/group/v1/FindCoordinatorResponse.js';
import type { GroupOffsets as _rill_group_v1_GroupOffsets, GroupOffsets__Output as _rill_group_v1_GroupOffsets__Output } from './rill/group/v1/GroupOffsets.js';
import type { GroupPartitionOffset as _rill_group_v1_GroupPartitionOffset, GroupPartitionOffset__Output as _rill_group_v1_GroupPartitionOffset__Output } from './rill/group/v1/GroupPartitionOffset.js';
import type { GroupServiceClient as _rill_group_v1_GroupServiceClient, GroupServiceDefinition as _rill_group_v1_GroupServiceDefinition } from './rill/group/v1/GroupService.js';
import type { HeartbeatRequest as _rill_group_v1_HeartbeatRequest, HeartbeatRequest__Output as _rill_group_v1_HeartbeatRequest__Output } from './rill/group/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _rill_group_v1_HeartbeatResponse, HeartbeatResponse__Output as _rill_group_v1_HeartbeatResponse__Output } from './rill/group/v1/HeartbeatResponse.js';
import type { JoinGroupRequest as _rill_group_v1_JoinGroupRequest, JoinGroupRequest__Output as _rill_group_v1_JoinGroupRequest__Output } from './rill/group/v1/JoinGroupRequest.js';
import type { JoinGroupRequestProtocol as _rill_group_v1_JoinGroupRequestProtocol, JoinGroupRequestProtocol__Output as _rill_group_v1_JoinGroupRequestProtocol__Output } from './rill/group/v1/JoinGroupRequestProtocol.js';
import type { JoinGroupResponse as _rill_group_v1_JoinGroupResponse, JoinGroupResponse__Output as _rill_group_v1_JoinGroupResponse__Output } from './rill/group/v1/JoinGroupResponse.js';
import type { JoinGroupResponseMember as _rill_group_v1_JoinGroupResponseMember, JoinGroupResponseMember__Output as _rill_group_v1_JoinGroupResponseMember__Output } from './rill/group/v1/JoinGroupResponseMember.js';
import type { LeaveGroupRequest as _rill_group_v1_LeaveGroupRequest, LeaveGroupRequest__Output as _rill_group_v1_LeaveGroupRequest__Output } from './rill/group/v1/LeaveGroupRequest.js';
import type { LeaveGroupResponse as _rill_group_v1_LeaveGroupResponse, LeaveGroupResponse__Output as _rill_group_v1_LeaveGroupResponse__Output } from './rill/group/v1/LeaveGroupResponse.js';
import type { ListGroupsRequest as _rill_group_v1_ListGroupsRequest, ListGroupsRequest__Output as _rill_group_v1_ListGroupsRequest__Output } from './rill/group/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _rill_group_v1_ListGroupsResponse, ListGroupsResponse__Output as _rill_group_v1_ListGroupsResponse__Output } from './rill/group/v1/ListGroupsResponse.js';
import type { ListedGroup as _rill_group_v1_ListedGroup, ListedGroup__Output as _rill_group_v1_ListedGroup__Output } from './rill/group/v1/ListedGroup.js';
import type { MemberIdentity as _rill_group_v1_MemberIdentity, MemberIdentity__Output as _rill_group_v1_MemberIdentity__Output } from './rill/group/v1/MemberIdentity.js';
import type { MemberResponse as _rill_group_v1_MemberResponse, MemberResponse__Output as _rill_group_v1_MemberResponse__Output } from './rill/group/v1/MemberResponse.js';
import type { OffsetCommitRequest as _rill_group_v1_OffsetCommitRequest, OffsetCommitRequest__Output as _rill_group_v1_OffsetCommitRequest__Output } from './rill/group/v1/OffsetCommitRequest.js';
import type { OffsetCommitRequestPartition as _rill_group_v1_OffsetCommitRequestPartition, OffsetCommitRequestPartition__Output as _rill_group_v1_OffsetCommitRequestPartition__Output } from './rill/group/v1/OffsetCommitRequestPartition.js';
import type { OffsetCommitRequestTopic as _rill_group_v1_OffsetCommitRequestTopic, OffsetCommitRequestTopic__Output as _rill_group_v1_OffsetCommitRequestTopic__Output } from './rill/group/v1/OffsetCommitRequestTopic.js';
import type { OffsetCommitResponse as _rill_group_v1_OffsetCommitResponse, OffsetCommitResponse__Output as _rill_group_v1_OffsetCommitResponse__Output } from './rill/group/v1/OffsetCommitResponse.js';
import type { OffsetCommitResponsePartition as _rill_group_v1_OffsetCommitResponsePartition, OffsetCommitResponsePartition__Output as _rill_group_v1_OffsetCommitResponsePartition__Output } from './rill/group/v1/OffsetCommitResponsePartition.js';
import type { OffsetCommitResponseTopic as _rill_group_v1_OffsetCommitResponseTopic, OffsetCommitResponseTopic__Output as _rill_group_v1_OffsetCommitResponseTopic__Output } from './rill/group/v1/OffsetCommitResponseTopic.js';
import type { OffsetFetchRequest as _rill_group_v1_OffsetFetchRequest, OffsetFetchRequest__Output as _rill_group_v1_OffsetFetchRequest__Output } from './rill/group/v1/OffsetFetchRequest.js';
import type { OffsetFetchRequestTopic as _rill_group_v1_OffsetFetchRequestTopic, OffsetFetchRequestTopic__Output as _rill_group_v1_OffsetFetchRequestTopic__Output } from './rill/group/v1/OffsetFetchRequestTopic.js';
import type { OffsetFetchResponse as _rill_group_v1_OffsetFetchResponse, OffsetFetchResponse__Output as _rill_group_v1_OffsetFetchResponse__Output } from './rill/group/v1/OffsetFetchResponse.js';
import type { OffsetFetchResponsePartition as _rill_group_v1_OffsetFetchResponsePartition, OffsetFetchResponsePartition__Output as _rill_group_v1_OffsetFetchResponsePartition__Output } from './rill/group/v1/OffsetFetchResponsePartition.js';
import type { OffsetFetchResponseTopic as _rill_group_v1_OffsetFetchResponseTopic, OffsetFetchResponseTopic__Output as _rill_group_v1_OffsetFetchResponseTopic__Output } from './rill/group/v1/OffsetFetchResponseTopic.js';
import type { SyncGroupRequest as _rill_group_v1_SyncGroupRequest, SyncGroupRequest__Output as _rill_group_v1_SyncGroupRequest__Output } from './rill/group/v1/SyncGroupRequest.js';
import type { SyncGroupRequestAssignment as _rill_group_v1_SyncGroupRequestAssignment, SyncGroupRequestAssignment__Output as _rill_group_v1_SyncGroupRequestAssignment__Output } from './rill/group/v1/SyncGroupRequestAssignment.js';
import type { SyncGroupResponse as _rill_group_v1_SyncGroupResponse, SyncGroupResponse__Output as _rill_group_v1_SyncGroupResponse__Output } from './rill/group/v1/SyncGroupResponse.js';
import type { TopicPartitions as _rill_group_v1_TopicPartitions, TopicPartitions__Output as _rill_group_v1_TopicPartitions__Output } from './rill/group/v1/TopicPartitions.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    group: {
      v1: {
        ConsumerGroupHeartbeatRequest: MessageTypeDefinition<_rill_group_v1_ConsumerGroupHeartbeatRequest, _rill_group_v1_ConsumerGroupHeartbeatRequest__Output>
        ConsumerGroupHeartbeatResponse: MessageTypeDefinition<_rill_group_v1_ConsumerGroupHeartbeatResponse, _rill_group_v1_ConsumerGroupHeartbeatResponse__Output>
        Coordinator: MessageTypeDefinition<_rill_group_v1_Coordinator, _rill_group_v1_Coordinator__Output>
        CoordinatorType: EnumTypeDefinition
        DeletableGroupResult: MessageTypeDefinition<_rill_group_v1_DeletableGroupResult, _rill_group_v1_DeletableGroupResult__Output>
        DeleteGroupsRequest: MessageTypeDefinition<_rill_group_v1_DeleteGroupsRequest, _rill_group_v1_DeleteGroupsRequest__Output>
        DeleteGroupsResponse: MessageTypeDefinition<_rill_group_v1_DeleteGroupsResponse, _rill_group_v1_DeleteGroupsResponse__Output>
        DescribeGroupOffsetsRequest: MessageTypeDefinition<_rill_group_v1_DescribeGroupOffsetsRequest, _rill_group_v1_DescribeGroupOffsetsRequest__Output>
        DescribeGroupOffsetsResponse: MessageTypeDefinition<_rill_group_v1_DescribeGroupOffsetsResponse, _rill_group_v1_DescribeGroupOffsetsResponse__Output>
        DescribeGroupsRequest: MessageTypeDefinition<_rill_group_v1_DescribeGroupsRequest, _rill_group_v1_DescribeGroupsRequest__Output>
        DescribeGroupsResponse: MessageTypeDefinition<_rill_group_v1_DescribeGroupsResponse, _rill_group_v1_DescribeGroupsResponse__Output>
        DescribedGroup: MessageTypeDefinition<_rill_group_v1_DescribedGroup, _rill_group_v1_DescribedGroup__Output>
        DescribedGroupMember: MessageTypeDefinition<_rill_group_v1_DescribedGroupMember, _rill_group_v1_DescribedGroupMember__Output>
        FindCoordinatorRequest: MessageTypeDefinition<_rill_group_v1_FindCoordinatorRequest, _rill_group_v1_FindCoordinatorRequest__Output>
        FindCoordinatorResponse: MessageTypeDefinition<_rill_group_v1_FindCoordinatorResponse, _rill_group_v1_FindCoordinatorResponse__Output>
        GroupOffsets: MessageTypeDefinition<_rill_group_v1_GroupOffsets, _rill_group_v1_GroupOffsets__Output>
        GroupPartitionOffset: MessageTypeDefinition<_rill_group_v1_GroupPartitionOffset, _rill_group_v1_GroupPartitionOffset__Output>
        /**
         * The group coordinator's service (see the file comment for the error contract).
         */
        GroupService: SubtypeConstructor<typeof grpc.Client, _rill_group_v1_GroupServiceClient> & { service: _rill_group_v1_GroupServiceDefinition }
        GroupState: EnumTypeDefinition
        HeartbeatRequest: MessageTypeDefinition<_rill_group_v1_HeartbeatRequest, _rill_group_v1_HeartbeatRequest__Output>
        HeartbeatResponse: MessageTypeDefinition<_rill_group_v1_HeartbeatResponse, _rill_group_v1_HeartbeatResponse__Output>
        JoinGroupRequest: MessageTypeDefinition<_rill_group_v1_JoinGroupRequest, _rill_group_v1_JoinGroupRequest__Output>
        JoinGroupRequestProtocol: MessageTypeDefinition<_rill_group_v1_JoinGroupRequestProtocol, _rill_group_v1_JoinGroupRequestProtocol__Output>
        JoinGroupResponse: MessageTypeDefinition<_rill_group_v1_JoinGroupResponse, _rill_group_v1_JoinGroupResponse__Output>
        JoinGroupResponseMember: MessageTypeDefinition<_rill_group_v1_JoinGroupResponseMember, _rill_group_v1_JoinGroupResponseMember__Output>
        LeaveGroupRequest: MessageTypeDefinition<_rill_group_v1_LeaveGroupRequest, _rill_group_v1_LeaveGroupRequest__Output>
        LeaveGroupResponse: MessageTypeDefinition<_rill_group_v1_LeaveGroupResponse, _rill_group_v1_LeaveGroupResponse__Output>
        ListGroupsRequest: MessageTypeDefinition<_rill_group_v1_ListGroupsRequest, _rill_group_v1_ListGroupsRequest__Output>
        ListGroupsResponse: MessageTypeDefinition<_rill_group_v1_ListGroupsResponse, _rill_group_v1_ListGroupsResponse__Output>
        ListedGroup: MessageTypeDefinition<_rill_group_v1_ListedGroup, _rill_group_v1_ListedGroup__Output>
        MemberIdentity: MessageTypeDefinition<_rill_group_v1_MemberIdentity, _rill_group_v1_MemberIdentity__Output>
        MemberResponse: MessageTypeDefinition<_rill_group_v1_MemberResponse, _rill_group_v1_MemberResponse__Output>
        OffsetCommitRequest: MessageTypeDefinition<_rill_group_v1_OffsetCommitRequest, _rill_group_v1_OffsetCommitRequest__Output>
        OffsetCommitRequestPartition: MessageTypeDefinition<_rill_group_v1_OffsetCommitRequestPartition, _rill_group_v1_OffsetCommitRequestPartition__Output>
        OffsetCommitRequestTopic: MessageTypeDefinition<_rill_group_v1_OffsetCommitRequestTopic, _rill_group_v1_OffsetCommitRequestTopic__Output>
        OffsetCommitResponse: MessageTypeDefinition<_rill_group_v1_OffsetCommitResponse, _rill_group_v1_OffsetCommitResponse__Output>
        OffsetCommitResponsePartition: MessageTypeDefinition<_rill_group_v1_OffsetCommitResponsePartition, _rill_group_v1_OffsetCommitResponsePartition__Output>
        OffsetCommitResponseTopic: MessageTypeDefinition<_rill_group_v1_OffsetCommitResponseTopic, _rill_group_v1_OffsetCommitResponseTopic__Output>
        OffsetFetchRequest: MessageTypeDefinition<_rill_group_v1_OffsetFetchRequest, _rill_group_v1_OffsetFetchRequest__Output>
        OffsetFetchRequestTopic: MessageTypeDefinition<_rill_group_v1_OffsetFetchRequestTopic, _rill_group_v1_OffsetFetchRequestTopic__Output>
        OffsetFetchResponse: MessageTypeDefinition<_rill_group_v1_OffsetFetchResponse, _rill_group_v1_OffsetFetchResponse__Output>
        OffsetFetchResponsePartition: MessageTypeDefinition<_rill_group_v1_OffsetFetchResponsePartition, _rill_group_v1_OffsetFetchResponsePartition__Output>
        OffsetFetchResponseTopic: MessageTypeDefinition<_rill_group_v1_OffsetFetchResponseTopic, _rill_group_v1_OffsetFetchResponseTopic__Output>
        SyncGroupRequest: MessageTypeDefinition<_rill_group_v1_SyncGroupRequest, _rill_group_v1_SyncGroupRequest__Output>
        SyncGroupRequestAssignment: MessageTypeDefinition<_rill_group_v1_SyncGroupRequestAssignment, _rill_group_v1_SyncGroupRequestAssignment__Output>
        SyncGroupResponse: MessageTypeDefinition<_rill_group_v1_SyncGroupResponse, _rill_group_v1_SyncGroupResponse__Output>
        TopicPartitions: MessageTypeDefinition<_rill_group_v1_TopicPartitions, _rill_group_v1_TopicPartitions__Output>
      }
    }
  }
}

