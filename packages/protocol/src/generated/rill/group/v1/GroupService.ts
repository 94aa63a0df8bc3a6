// Original file: rill/group/v1/group_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConsumerGroupHeartbeatRequest as _rill_group_v1_ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatRequest__Output as _rill_group_v1_ConsumerGroupHeartbeatRequest__Output } from '../../../rill/group/v1/ConsumerGroupHeartbeatRequest.js';
import type { ConsumerGroupHeartbeatResponse as _rill_group_v1_ConsumerGroupHeartbeatResponse, ConsumerGroupHeartbeatResponse__Output as _rill_group_v1_ConsumerGroupHeartbeatResponse__Output } from '../../../rill/group/v1/ConsumerGroupHeartbeatResponse.js';
import type { DeleteGroupsRequest as _rill_group_v1_DeleteGroupsRequest, DeleteGroupsRequest__Output as _rill_group_v1_DeleteGroupsRequest__Output } from '../../../rill/group/v1/DeleteGroupsRequest.js';
import type { DeleteGroupsResponse as _rill_group_v1_DeleteGroupsResponse, DeleteGroupsResponse__Output as _rill_group_v1_DeleteGroupsResponse__Output } from '../../../rill/group/v1/DeleteGroupsResponse.js';
import type { DescribeGroupOffsetsRequest as _rill_group_v1_DescribeGroupOffsetsRequest, DescribeGroupOffsetsRequest__Output as _rill_group_v1_DescribeGroupOffsetsRequest__Output } from '../../../rill/group/v1/DescribeGroupOffsetsRequest.js';
import type { DescribeGroupOffsetsResponse as _rill_group_v1_DescribeGroupOffsetsResponse, DescribeGroupOffsetsResponse__Output as _rill_group_v1_DescribeGroupOffsetsResponse__Output } from '../../../rill/group/v1/DescribeGroupOffsetsResponse.js';
import type { DescribeGroupsRequest as _rill_group_v1_DescribeGroupsRequest, DescribeGroupsRequest__Output as _rill_group_v1_DescribeGroupsRequest__Output } from '../../../rill/group/v1/DescribeGroupsRequest.js';
import type { DescribeGroupsResponse as _rill_group_v1_DescribeGroupsResponse, DescribeGroupsResponse__Output as _rill_group_v1_DescribeGroupsResponse__Output } from '../../../rill/group/v1/DescribeGroupsResponse.js';
import type { FindCoordinatorRequest as _rill_group_v1_FindCoordinatorRequest, FindCoordinatorRequest__Output as _rill_group_v1_FindCoordinatorRequest__Output } from '../../../rill/group/v1/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse as _rill_group_v1_FindCoordinatorResponse, FindCoordinatorResponse__Output as _rill_group_v1_FindCoordinatorResponse__Output } from '../../../rill/group/v1/FindCoordinatorResponse.js';
import type { HeartbeatRequest as _rill_group_v1_HeartbeatRequest, HeartbeatRequest__Output as _rill_group_v1_HeartbeatRequest__Output } from '../../../rill/group/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _rill_group_v1_HeartbeatResponse, HeartbeatResponse__Output as _rill_group_v1_HeartbeatResponse__Output } from '../../../rill/group/v1/HeartbeatResponse.js';
import type { JoinGroupRequest as _rill_group_v1_JoinGroupRequest, JoinGroupRequest__Output as _rill_group_v1_JoinGroupRequest__Output } from '../../../rill/group/v1/JoinGroupRequest.js';
import type { JoinGroupResponse as _rill_group_v1_JoinGroupResponse, JoinGroupResponse__Output as _rill_group_v1_JoinGroupResponse__Output } from '../../../rill/group/v1/JoinGroupResponse.js';
import type { LeaveGroupRequest as _rill_group_v1_LeaveGroupRequest, LeaveGroupRequest__Output as _rill_group_v1_LeaveGroupRequest__Output } from '../../../rill/group/v1/LeaveGroupRequest.js';
import type { LeaveGroupResponse as _rill_group_v1_LeaveGroupResponse, LeaveGroupResponse__Output as _rill_group_v1_LeaveGroupResponse__Output } from '../../../rill/group/v1/LeaveGroupResponse.js';
import type { ListGroupsRequest as _rill_group_v1_ListGroupsRequest, ListGroupsRequest__Output as _rill_group_v1_ListGroupsRequest__Output } from '../../../rill/group/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _rill_group_v1_ListGroupsResponse, ListGroupsResponse__Output as _rill_group_v1_ListGroupsResponse__Output } from '../../../rill/group/v1/ListGroupsResponse.js';
import type { OffsetCommitRequest as _rill_group_v1_OffsetCommitRequest, OffsetCommitRequest__Output as _rill_group_v1_OffsetCommitRequest__Output } from '../../../rill/group/v1/OffsetCommitRequest.js';
import type { OffsetCommitResponse as _rill_group_v1_OffsetCommitResponse, OffsetCommitResponse__Output as _rill_group_v1_OffsetCommitResponse__Output } from '../../../rill/group/v1/OffsetCommitResponse.js';
import type { OffsetFetchRequest as _rill_group_v1_OffsetFetchRequest, OffsetFetchRequest__Output as _rill_group_v1_OffsetFetchRequest__Output } from '../../../rill/group/v1/OffsetFetchRequest.js';
import type { OffsetFetchResponse as _rill_group_v1_OffsetFetchResponse, OffsetFetchResponse__Output as _rill_group_v1_OffsetFetchResponse__Output } from '../../../rill/group/v1/OffsetFetchResponse.js';
import type { SyncGroupRequest as _rill_group_v1_SyncGroupRequest, SyncGroupRequest__Output as _rill_group_v1_SyncGroupRequest__Output } from '../../../rill/group/v1/SyncGroupRequest.js';
import type { SyncGroupResponse as _rill_group_v1_SyncGroupResponse, SyncGroupResponse__Output as _rill_group_v1_SyncGroupResponse__Output } from '../../../rill/group/v1/SyncGroupResponse.js';

/**
 * The group coordinator's service (see the file comment for the error contract).
 */
export interface GroupServiceClient extends grpc.Client {
  /**
   * The consumer-group protocol of KIP-848: one RPC joins, heartbeats, reports the partitions the
   * member owns and receives its target assignment, computed on the coordinator. Partitions move
   * incrementally: revoked from their old owner and confirmed (by a heartbeat no longer listing
   * them) before they are given to the new one. Errors of the whole request: NOT_COORDINATOR,
   * COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, FENCED_MEMBER_EPOCH (rejoin with
   * epoch 0, losing the partitions), UNKNOWN_MEMBER_ID, UNRELEASED_INSTANCE_ID,
   * FENCED_INSTANCE_ID, UNSUPPORTED_ASSIGNOR, INVALID_REQUEST, GROUP_MAX_SIZE_REACHED.
   */
  ConsumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  ConsumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  ConsumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  ConsumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The consumer-group protocol of KIP-848: one RPC joins, heartbeats, reports the partitions the
   * member owns and receives its target assignment, computed on the coordinator. Partitions move
   * incrementally: revoked from their old owner and confirmed (by a heartbeat no longer listing
   * them) before they are given to the new one. Errors of the whole request: NOT_COORDINATOR,
   * COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, FENCED_MEMBER_EPOCH (rejoin with
   * epoch 0, losing the partitions), UNKNOWN_MEMBER_ID, UNRELEASED_INSTANCE_ID,
   * FENCED_INSTANCE_ID, UNSUPPORTED_ASSIGNOR, INVALID_REQUEST, GROUP_MAX_SIZE_REACHED.
   */
  consumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  consumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  consumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  consumerGroupHeartbeat(argument: _rill_group_v1_ConsumerGroupHeartbeatRequest, callback: grpc.requestCallback<_rill_group_v1_ConsumerGroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes empty groups and their committed offsets.
   */
  DeleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes empty groups and their committed offsets.
   */
  deleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  deleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  deleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  deleteGroups(argument: _rill_group_v1_DeleteGroupsRequest, callback: grpc.requestCallback<_rill_group_v1_DeleteGroupsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Per-partition committed offset, log end and lag (records and time) of groups: what Kafka
   * leaves to outside tools. Answered by the group's coordinator.
   */
  DescribeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Per-partition committed offset, log end and lag (records and time) of groups: what Kafka
   * leaves to outside tools. Answered by the group's coordinator.
   */
  describeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  describeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  describeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  describeGroupOffsets(argument: _rill_group_v1_DescribeGroupOffsetsRequest, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes groups: state, protocol, members and their assignments.
   */
  DescribeGroups(argument: _rill_group_v1_DescribeGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroups(argument: _rill_group_v1_DescribeGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroups(argument: _rill_group_v1_DescribeGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroups(argument: _rill_group_v1_DescribeGroupsRequest, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes groups: state, protocol, members and their assignments.
   */
  describeGroups(argument: _rill_group_v1_DescribeGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  describeGroups(argument: _rill_group_v1_DescribeGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  describeGroups(argument: _rill_group_v1_DescribeGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  describeGroups(argument: _rill_group_v1_DescribeGroupsRequest, callback: grpc.requestCallback<_rill_group_v1_DescribeGroupsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Finds the coordinator broker for groups (or, later, transactional ids).
   */
  FindCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Finds the coordinator broker for groups (or, later, transactional ids).
   */
  findCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _rill_group_v1_FindCoordinatorRequest, callback: grpc.requestCallback<_rill_group_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Keeps a member's session alive; fails with REBALANCE_IN_PROGRESS when the member must rejoin.
   */
  Heartbeat(argument: _rill_group_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _rill_group_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _rill_group_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _rill_group_v1_HeartbeatRequest, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Keeps a member's session alive; fails with REBALANCE_IN_PROGRESS when the member must rejoin.
   */
  heartbeat(argument: _rill_group_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _rill_group_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _rill_group_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _rill_group_v1_HeartbeatRequest, callback: grpc.requestCallback<_rill_group_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Joins a group (or rejoins after a rebalance started). Answers when the rebalance has
   * collected the members, with the new generation; the leader also gets every member's metadata.
   */
  JoinGroup(argument: _rill_group_v1_JoinGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  JoinGroup(argument: _rill_group_v1_JoinGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  JoinGroup(argument: _rill_group_v1_JoinGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  JoinGroup(argument: _rill_group_v1_JoinGroupRequest, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Joins a group (or rejoins after a rebalance started). Answers when the rebalance has
   * collected the members, with the new generation; the leader also gets every member's metadata.
   */
  joinGroup(argument: _rill_group_v1_JoinGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _rill_group_v1_JoinGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _rill_group_v1_JoinGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _rill_group_v1_JoinGroupRequest, callback: grpc.requestCallback<_rill_group_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes members from a group at once (rather than at their session timeout).
   */
  LeaveGroup(argument: _rill_group_v1_LeaveGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  LeaveGroup(argument: _rill_group_v1_LeaveGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  LeaveGroup(argument: _rill_group_v1_LeaveGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  LeaveGroup(argument: _rill_group_v1_LeaveGroupRequest, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes members from a group at once (rather than at their session timeout).
   */
  leaveGroup(argument: _rill_group_v1_LeaveGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _rill_group_v1_LeaveGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _rill_group_v1_LeaveGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _rill_group_v1_LeaveGroupRequest, callback: grpc.requestCallback<_rill_group_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the groups this coordinator owns.
   */
  ListGroups(argument: _rill_group_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _rill_group_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _rill_group_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _rill_group_v1_ListGroupsRequest, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the groups this coordinator owns.
   */
  listGroups(argument: _rill_group_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _rill_group_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _rill_group_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _rill_group_v1_ListGroupsRequest, callback: grpc.requestCallback<_rill_group_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Commits offsets for a group.
   */
  OffsetCommit(argument: _rill_group_v1_OffsetCommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  OffsetCommit(argument: _rill_group_v1_OffsetCommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  OffsetCommit(argument: _rill_group_v1_OffsetCommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  OffsetCommit(argument: _rill_group_v1_OffsetCommitRequest, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Commits offsets for a group.
   */
  offsetCommit(argument: _rill_group_v1_OffsetCommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  offsetCommit(argument: _rill_group_v1_OffsetCommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  offsetCommit(argument: _rill_group_v1_OffsetCommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  offsetCommit(argument: _rill_group_v1_OffsetCommitRequest, callback: grpc.requestCallback<_rill_group_v1_OffsetCommitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads committed offsets of a group.
   */
  OffsetFetch(argument: _rill_group_v1_OffsetFetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  OffsetFetch(argument: _rill_group_v1_OffsetFetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  OffsetFetch(argument: _rill_group_v1_OffsetFetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  OffsetFetch(argument: _rill_group_v1_OffsetFetchRequest, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads committed offsets of a group.
   */
  offsetFetch(argument: _rill_group_v1_OffsetFetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  offsetFetch(argument: _rill_group_v1_OffsetFetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  offsetFetch(argument: _rill_group_v1_OffsetFetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  offsetFetch(argument: _rill_group_v1_OffsetFetchRequest, callback: grpc.requestCallback<_rill_group_v1_OffsetFetchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Completes a rebalance: the leader sends the assignments, every member receives its own.
   */
  SyncGroup(argument: _rill_group_v1_SyncGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  SyncGroup(argument: _rill_group_v1_SyncGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  SyncGroup(argument: _rill_group_v1_SyncGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  SyncGroup(argument: _rill_group_v1_SyncGroupRequest, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Completes a rebalance: the leader sends the assignments, every member receives its own.
   */
  syncGroup(argument: _rill_group_v1_SyncGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  syncGroup(argument: _rill_group_v1_SyncGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  syncGroup(argument: _rill_group_v1_SyncGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  syncGroup(argument: _rill_group_v1_SyncGroupRequest, callback: grpc.requestCallback<_rill_group_v1_SyncGroupResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The group coordinator's service (see the file comment for the error contract).
 */
export interface GroupServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The consumer-group protocol of KIP-848: one RPC joins, heartbeats, reports the partitions the
   * member owns and receives its target assignment, computed on the coordinator. Partitions move
   * incrementally: revoked from their old owner and confirmed (by a heartbeat no longer listing
   * them) before they are given to the new one. Errors of the whole request: NOT_COORDINATOR,
   * COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, FENCED_MEMBER_EPOCH (rejoin with
   * epoch 0, losing the partitions), UNKNOWN_MEMBER_ID, UNRELEASED_INSTANCE_ID,
   * FENCED_INSTANCE_ID, UNSUPPORTED_ASSIGNOR, INVALID_REQUEST, GROUP_MAX_SIZE_REACHED.
   */
  ConsumerGroupHeartbeat: grpc.handleUnaryCall<_rill_group_v1_ConsumerGroupHeartbeatRequest__Output, _rill_group_v1_ConsumerGroupHeartbeatResponse>;
  
  /**
   * Deletes empty groups and their committed offsets.
   */
  DeleteGroups: grpc.handleUnaryCall<_rill_group_v1_DeleteGroupsRequest__Output, _rill_group_v1_DeleteGroupsResponse>;
  
  /**
   * Per-partition committed offset, log end and lag (records and time) of groups: what Kafka
   * leaves to outside tools. Answered by the group's coordinator.
   */
  DescribeGroupOffsets: grpc.handleUnaryCall<_rill_group_v1_DescribeGroupOffsetsRequest__Output, _rill_group_v1_DescribeGroupOffsetsResponse>;
  
  /**
   * Describes groups: state, protocol, members and their assignments.
   */
  DescribeGroups: grpc.handleUnaryCall<_rill_group_v1_DescribeGroupsRequest__Output, _rill_group_v1_DescribeGroupsResponse>;
  
  /**
   * Finds the coordinator broker for groups (or, later, transactional ids).
   */
  FindCoordinator: grpc.handleUnaryCall<_rill_group_v1_FindCoordinatorRequest__Output, _rill_group_v1_FindCoordinatorResponse>;
  
  /**
   * Keeps a member's session alive; fails with REBALANCE_IN_PROGRESS when the member must rejoin.
   */
  Heartbeat: grpc.handleUnaryCall<_rill_group_v1_HeartbeatRequest__Output, _rill_group_v1_HeartbeatResponse>;
  
  /**
   * Joins a group (or rejoins after a rebalance started). Answers when the rebalance has
   * collected the members, with the new generation; the leader also gets every member's metadata.
   */
  JoinGroup: grpc.handleUnaryCall<_rill_group_v1_JoinGroupRequest__Output, _rill_group_v1_JoinGroupResponse>;
  
  /**
   * Removes members from a group at once (rather than at their session timeout).
   */
  LeaveGroup: grpc.handleUnaryCall<_rill_group_v1_LeaveGroupRequest__Output, _rill_group_v1_LeaveGroupResponse>;
  
  /**
   * Lists the groups this coordinator owns.
   */
  ListGroups: grpc.handleUnaryCall<_rill_group_v1_ListGroupsRequest__Output, _rill_group_v1_ListGroupsResponse>;
  
  /**
   * Commits offsets for a group.
   */
  OffsetCommit: grpc.handleUnaryCall<_rill_group_v1_OffsetCommitRequest__Output, _rill_group_v1_OffsetCommitResponse>;
  
  /**
   * Reads committed offsets of a group.
   */
  OffsetFetch: grpc.handleUnaryCall<_rill_group_v1_OffsetFetchRequest__Output, _rill_group_v1_OffsetFetchResponse>;
  
  /**
   * Completes a rebalance: the leader sends the assignments, every member receives its own.
   */
  SyncGroup: grpc.handleUnaryCall<_rill_group_v1_SyncGroupRequest__Output, _rill_group_v1_SyncGroupResponse>;
  
}

export interface GroupServiceDefinition extends grpc.ServiceDefinition {
  ConsumerGroupHeartbeat: MethodDefinition<_rill_group_v1_ConsumerGroupHeartbeatRequest, _rill_group_v1_ConsumerGroupHeartbeatResponse, _rill_group_v1_ConsumerGroupHeartbeatRequest__Output, _rill_group_v1_ConsumerGroupHeartbeatResponse__Output>
  DeleteGroups: MethodDefinition<_rill_group_v1_DeleteGroupsRequest, _rill_group_v1_DeleteGroupsResponse, _rill_group_v1_DeleteGroupsRequest__Output, _rill_group_v1_DeleteGroupsResponse__Output>
  DescribeGroupOffsets: MethodDefinition<_rill_group_v1_DescribeGroupOffsetsRequest, _rill_group_v1_DescribeGroupOffsetsResponse, _rill_group_v1_DescribeGroupOffsetsRequest__Output, _rill_group_v1_DescribeGroupOffsetsResponse__Output>
  DescribeGroups: MethodDefinition<_rill_group_v1_DescribeGroupsRequest, _rill_group_v1_DescribeGroupsResponse, _rill_group_v1_DescribeGroupsRequest__Output, _rill_group_v1_DescribeGroupsResponse__Output>
  FindCoordinator: MethodDefinition<_rill_group_v1_FindCoordinatorRequest, _rill_group_v1_FindCoordinatorResponse, _rill_group_v1_FindCoordinatorRequest__Output, _rill_group_v1_FindCoordinatorResponse__Output>
  Heartbeat: MethodDefinition<_rill_group_v1_HeartbeatRequest, _rill_group_v1_HeartbeatResponse, _rill_group_v1_HeartbeatRequest__Output, _rill_group_v1_HeartbeatResponse__Output>
  JoinGroup: MethodDefinition<_rill_group_v1_JoinGroupRequest, _rill_group_v1_JoinGroupResponse, _rill_group_v1_JoinGroupRequest__Output, _rill_group_v1_JoinGroupResponse__Output>
  LeaveGroup: MethodDefinition<_rill_group_v1_LeaveGroupRequest, _rill_group_v1_LeaveGroupResponse, _rill_group_v1_LeaveGroupRequest__Output, _rill_group_v1_LeaveGroupResponse__Output>
  ListGroups: MethodDefinition<_rill_group_v1_ListGroupsRequest, _rill_group_v1_ListGroupsResponse, _rill_group_v1_ListGroupsRequest__Output, _rill_group_v1_ListGroupsResponse__Output>
  OffsetCommit: MethodDefinition<_rill_group_v1_OffsetCommitRequest, _rill_group_v1_OffsetCommitResponse, _rill_group_v1_OffsetCommitRequest__Output, _rill_group_v1_OffsetCommitResponse__Output>
  OffsetFetch: MethodDefinition<_rill_group_v1_OffsetFetchRequest, _rill_group_v1_OffsetFetchResponse, _rill_group_v1_OffsetFetchRequest__Output, _rill_group_v1_OffsetFetchResponse__Output>
  SyncGroup: MethodDefinition<_rill_group_v1_SyncGroupRequest, _rill_group_v1_SyncGroupResponse, _rill_group_v1_SyncGroupRequest__Output, _rill_group_v1_SyncGroupResponse__Output>
}
