// Original file: rill/controller/v1/controller_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddVoterRequest as _rill_controller_v1_AddVoterRequest, AddVoterRequest__Output as _rill_controller_v1_AddVoterRequest__Output } from '../../../rill/controller/v1/AddVoterRequest.js';
import type { AddVoterResponse as _rill_controller_v1_AddVoterResponse, AddVoterResponse__Output as _rill_controller_v1_AddVoterResponse__Output } from '../../../rill/controller/v1/AddVoterResponse.js';
import type { AllocateProducerIdsRequest as _rill_controller_v1_AllocateProducerIdsRequest, AllocateProducerIdsRequest__Output as _rill_controller_v1_AllocateProducerIdsRequest__Output } from '../../../rill/controller/v1/AllocateProducerIdsRequest.js';
import type { AllocateProducerIdsResponse as _rill_controller_v1_AllocateProducerIdsResponse, AllocateProducerIdsResponse__Output as _rill_controller_v1_AllocateProducerIdsResponse__Output } from '../../../rill/controller/v1/AllocateProducerIdsResponse.js';
import type { AlterConfigsRequest as _rill_controller_v1_AlterConfigsRequest, AlterConfigsRequest__Output as _rill_controller_v1_AlterConfigsRequest__Output } from '../../../rill/controller/v1/AlterConfigsRequest.js';
import type { AlterConfigsResponse as _rill_controller_v1_AlterConfigsResponse, AlterConfigsResponse__Output as _rill_controller_v1_AlterConfigsResponse__Output } from '../../../rill/controller/v1/AlterConfigsResponse.js';
import type { AlterPartitionReassignmentsRequest as _rill_controller_v1_AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsRequest__Output as _rill_controller_v1_AlterPartitionReassignmentsRequest__Output } from '../../../rill/controller/v1/AlterPartitionReassignmentsRequest.js';
import type { AlterPartitionReassignmentsResponse as _rill_controller_v1_AlterPartitionReassignmentsResponse, AlterPartitionReassignmentsResponse__Output as _rill_controller_v1_AlterPartitionReassignmentsResponse__Output } from '../../../rill/controller/v1/AlterPartitionReassignmentsResponse.js';
import type { AlterPartitionRequest as _rill_controller_v1_AlterPartitionRequest, AlterPartitionRequest__Output as _rill_controller_v1_AlterPartitionRequest__Output } from '../../../rill/controller/v1/AlterPartitionRequest.js';
import type { AlterPartitionResponse as _rill_controller_v1_AlterPartitionResponse, AlterPartitionResponse__Output as _rill_controller_v1_AlterPartitionResponse__Output } from '../../../rill/controller/v1/AlterPartitionResponse.js';
import type { BrokerHeartbeatRequest as _rill_controller_v1_BrokerHeartbeatRequest, BrokerHeartbeatRequest__Output as _rill_controller_v1_BrokerHeartbeatRequest__Output } from '../../../rill/controller/v1/BrokerHeartbeatRequest.js';
import type { BrokerHeartbeatResponse as _rill_controller_v1_BrokerHeartbeatResponse, BrokerHeartbeatResponse__Output as _rill_controller_v1_BrokerHeartbeatResponse__Output } from '../../../rill/controller/v1/BrokerHeartbeatResponse.js';
import type { ControlledShutdownRequest as _rill_controller_v1_ControlledShutdownRequest, ControlledShutdownRequest__Output as _rill_controller_v1_ControlledShutdownRequest__Output } from '../../../rill/controller/v1/ControlledShutdownRequest.js';
import type { ControlledShutdownResponse as _rill_controller_v1_ControlledShutdownResponse, ControlledShutdownResponse__Output as _rill_controller_v1_ControlledShutdownResponse__Output } from '../../../rill/controller/v1/ControlledShutdownResponse.js';
import type { CreatePartitionsRequest as _rill_controller_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _rill_controller_v1_CreatePartitionsRequest__Output } from '../../../rill/controller/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _rill_controller_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _rill_controller_v1_CreatePartitionsResponse__Output } from '../../../rill/controller/v1/CreatePartitionsResponse.js';
import type { CreateTopicsRequest as _rill_controller_v1_CreateTopicsRequest, CreateTopicsRequest__Output as _rill_controller_v1_CreateTopicsRequest__Output } from '../../../rill/controller/v1/CreateTopicsRequest.js';
import type { CreateTopicsResponse as _rill_controller_v1_CreateTopicsResponse, CreateTopicsResponse__Output as _rill_controller_v1_CreateTopicsResponse__Output } from '../../../rill/controller/v1/CreateTopicsResponse.js';
import type { DeleteTopicsRequest as _rill_controller_v1_DeleteTopicsRequest, DeleteTopicsRequest__Output as _rill_controller_v1_DeleteTopicsRequest__Output } from '../../../rill/controller/v1/DeleteTopicsRequest.js';
import type { DeleteTopicsResponse as _rill_controller_v1_DeleteTopicsResponse, DeleteTopicsResponse__Output as _rill_controller_v1_DeleteTopicsResponse__Output } from '../../../rill/controller/v1/DeleteTopicsResponse.js';
import type { DescribeClusterRequest as _rill_controller_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _rill_controller_v1_DescribeClusterRequest__Output } from '../../../rill/controller/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _rill_controller_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _rill_controller_v1_DescribeClusterResponse__Output } from '../../../rill/controller/v1/DescribeClusterResponse.js';
import type { DescribeConfigsRequest as _rill_controller_v1_DescribeConfigsRequest, DescribeConfigsRequest__Output as _rill_controller_v1_DescribeConfigsRequest__Output } from '../../../rill/controller/v1/DescribeConfigsRequest.js';
import type { DescribeConfigsResponse as _rill_controller_v1_DescribeConfigsResponse, DescribeConfigsResponse__Output as _rill_controller_v1_DescribeConfigsResponse__Output } from '../../../rill/controller/v1/DescribeConfigsResponse.js';
import type { DescribeTopicsRequest as _rill_controller_v1_DescribeTopicsRequest, DescribeTopicsRequest__Output as _rill_controller_v1_DescribeTopicsRequest__Output } from '../../../rill/controller/v1/DescribeTopicsRequest.js';
import type { DescribeTopicsResponse as _rill_controller_v1_DescribeTopicsResponse, DescribeTopicsResponse__Output as _rill_controller_v1_DescribeTopicsResponse__Output } from '../../../rill/controller/v1/DescribeTopicsResponse.js';
import type { ElectLeadersRequest as _rill_controller_v1_ElectLeadersRequest, ElectLeadersRequest__Output as _rill_controller_v1_ElectLeadersRequest__Output } from '../../../rill/controller/v1/ElectLeadersRequest.js';
import type { ElectLeadersResponse as _rill_controller_v1_ElectLeadersResponse, ElectLeadersResponse__Output as _rill_controller_v1_ElectLeadersResponse__Output } from '../../../rill/controller/v1/ElectLeadersResponse.js';
import type { FetchMetadataRequest as _rill_controller_v1_FetchMetadataRequest, FetchMetadataRequest__Output as _rill_controller_v1_FetchMetadataRequest__Output } from '../../../rill/controller/v1/FetchMetadataRequest.js';
import type { FetchMetadataResponse as _rill_controller_v1_FetchMetadataResponse, FetchMetadataResponse__Output as _rill_controller_v1_FetchMetadataResponse__Output } from '../../../rill/controller/v1/FetchMetadataResponse.js';
import type { ListPartitionReassignmentsRequest as _rill_controller_v1_ListPartitionReassignmentsRequest, ListPartitionReassignmentsRequest__Output as _rill_controller_v1_ListPartitionReassignmentsRequest__Output } from '../../../rill/controller/v1/ListPartitionReassignmentsRequest.js';
import type { ListPartitionReassignmentsResponse as _rill_controller_v1_ListPartitionReassignmentsResponse, ListPartitionReassignmentsResponse__Output as _rill_controller_v1_ListPartitionReassignmentsResponse__Output } from '../../../rill/controller/v1/ListPartitionReassignmentsResponse.js';
import type { ListTopicsRequest as _rill_controller_v1_ListTopicsRequest, ListTopicsRequest__Output as _rill_controller_v1_ListTopicsRequest__Output } from '../../../rill/controller/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _rill_controller_v1_ListTopicsResponse, ListTopicsResponse__Output as _rill_controller_v1_ListTopicsResponse__Output } from '../../../rill/controller/v1/ListTopicsResponse.js';
import type { RegisterBrokerRequest as _rill_controller_v1_RegisterBrokerRequest, RegisterBrokerRequest__Output as _rill_controller_v1_RegisterBrokerRequest__Output } from '../../../rill/controller/v1/RegisterBrokerRequest.js';
import type { RegisterBrokerResponse as _rill_controller_v1_RegisterBrokerResponse, RegisterBrokerResponse__Output as _rill_controller_v1_RegisterBrokerResponse__Output } from '../../../rill/controller/v1/RegisterBrokerResponse.js';
import type { RemoveVoterRequest as _rill_controller_v1_RemoveVoterRequest, RemoveVoterRequest__Output as _rill_controller_v1_RemoveVoterRequest__Output } from '../../../rill/controller/v1/RemoveVoterRequest.js';
import type { RemoveVoterResponse as _rill_controller_v1_RemoveVoterResponse, RemoveVoterResponse__Output as _rill_controller_v1_RemoveVoterResponse__Output } from '../../../rill/controller/v1/RemoveVoterResponse.js';

/**
 * The controller quorum's service (see the file comment for the error contract).
 */
export interface ControllerServiceClient extends grpc.Client {
  /**
   * Adds a running controller (an observer started with controller.quorum.bootstrap.servers) to
   * the voters (KIP-853 AddRaftVoter): it becomes a learner that receives the log with its
   * endpoint replicated, then a voter once caught up; one change at a time.
   */
  AddVoter(argument: _rill_controller_v1_AddVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  AddVoter(argument: _rill_controller_v1_AddVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  AddVoter(argument: _rill_controller_v1_AddVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  AddVoter(argument: _rill_controller_v1_AddVoterRequest, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Adds a running controller (an observer started with controller.quorum.bootstrap.servers) to
   * the voters (KIP-853 AddRaftVoter): it becomes a learner that receives the log with its
   * endpoint replicated, then a voter once caught up; one change at a time.
   */
  addVoter(argument: _rill_controller_v1_AddVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  addVoter(argument: _rill_controller_v1_AddVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  addVoter(argument: _rill_controller_v1_AddVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  addVoter(argument: _rill_controller_v1_AddVoterRequest, callback: grpc.requestCallback<_rill_controller_v1_AddVoterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Allocates a block of producer ids to a broker for idempotent producers (KRaft AllocateProducerIds).
   */
  AllocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  AllocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  AllocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  AllocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Allocates a block of producer ids to a broker for idempotent producers (KRaft AllocateProducerIds).
   */
  allocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  allocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  allocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  allocateProducerIds(argument: _rill_controller_v1_AllocateProducerIdsRequest, callback: grpc.requestCallback<_rill_controller_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Changes configurations incrementally (Kafka IncrementalAlterConfigs, KIP-339).
   */
  AlterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Changes configurations incrementally (Kafka IncrementalAlterConfigs, KIP-339).
   */
  alterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _rill_controller_v1_AlterConfigsRequest, callback: grpc.requestCallback<_rill_controller_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Changes a partition's ISR, sent by the partition leader (Kafka AlterPartition, KIP-497/903).
   * Guarded by the leader epoch and the partition epoch: a stale request gets FENCED_LEADER_EPOCH
   * or INVALID_UPDATE_VERSION for that partition and changes nothing.
   */
  AlterPartition(argument: _rill_controller_v1_AlterPartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  AlterPartition(argument: _rill_controller_v1_AlterPartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  AlterPartition(argument: _rill_controller_v1_AlterPartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  AlterPartition(argument: _rill_controller_v1_AlterPartitionRequest, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Changes a partition's ISR, sent by the partition leader (Kafka AlterPartition, KIP-497/903).
   * Guarded by the leader epoch and the partition epoch: a stale request gets FENCED_LEADER_EPOCH
   * or INVALID_UPDATE_VERSION for that partition and changes nothing.
   */
  alterPartition(argument: _rill_controller_v1_AlterPartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _rill_controller_v1_AlterPartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _rill_controller_v1_AlterPartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _rill_controller_v1_AlterPartitionRequest, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts or cancels partition reassignments (Kafka AlterPartitionReassignments, KIP-455).
   */
  AlterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  AlterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  AlterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  AlterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts or cancels partition reassignments (Kafka AlterPartitionReassignments, KIP-455).
   */
  alterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  alterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  alterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  alterPartitionReassignments(argument: _rill_controller_v1_AlterPartitionReassignmentsRequest, callback: grpc.requestCallback<_rill_controller_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Keeps a registered broker's session alive and reports how far it has applied the metadata
   * log; the answer tells the broker whether it is caught up, fenced, or may finish shutting down.
   */
  BrokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  BrokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  BrokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  BrokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Keeps a registered broker's session alive and reports how far it has applied the metadata
   * log; the answer tells the broker whether it is caught up, fenced, or may finish shutting down.
   */
  brokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _rill_controller_v1_BrokerHeartbeatRequest, callback: grpc.requestCallback<_rill_controller_v1_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Asks the controller to move a stopping broker's leaderships elsewhere (controlled shutdown).
   */
  ControlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  ControlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  ControlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  ControlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Asks the controller to move a stopping broker's leaderships elsewhere (controlled shutdown).
   */
  controlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _rill_controller_v1_ControlledShutdownRequest, callback: grpc.requestCallback<_rill_controller_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Adds partitions to existing topics (Kafka CreatePartitions); one result per topic.
   */
  CreatePartitions(argument: _rill_controller_v1_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _rill_controller_v1_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _rill_controller_v1_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _rill_controller_v1_CreatePartitionsRequest, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Adds partitions to existing topics (Kafka CreatePartitions); one result per topic.
   */
  createPartitions(argument: _rill_controller_v1_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _rill_controller_v1_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _rill_controller_v1_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _rill_controller_v1_CreatePartitionsRequest, callback: grpc.requestCallback<_rill_controller_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates topics (Kafka CreateTopics); one result per requested topic.
   */
  CreateTopics(argument: _rill_controller_v1_CreateTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  CreateTopics(argument: _rill_controller_v1_CreateTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  CreateTopics(argument: _rill_controller_v1_CreateTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  CreateTopics(argument: _rill_controller_v1_CreateTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates topics (Kafka CreateTopics); one result per requested topic.
   */
  createTopics(argument: _rill_controller_v1_CreateTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _rill_controller_v1_CreateTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _rill_controller_v1_CreateTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _rill_controller_v1_CreateTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes topics (Kafka DeleteTopics); one result per requested topic.
   */
  DeleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes topics (Kafka DeleteTopics); one result per requested topic.
   */
  deleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _rill_controller_v1_DeleteTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes the cluster: the controller quorum (roles, term, lag) and the registered brokers.
   */
  DescribeCluster(argument: _rill_controller_v1_DescribeClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _rill_controller_v1_DescribeClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _rill_controller_v1_DescribeClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _rill_controller_v1_DescribeClusterRequest, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes the cluster: the controller quorum (roles, term, lag) and the registered brokers.
   */
  describeCluster(argument: _rill_controller_v1_DescribeClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _rill_controller_v1_DescribeClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _rill_controller_v1_DescribeClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _rill_controller_v1_DescribeClusterRequest, callback: grpc.requestCallback<_rill_controller_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes configurations of topics and brokers (Kafka DescribeConfigs).
   */
  DescribeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes configurations of topics and brokers (Kafka DescribeConfigs).
   */
  describeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _rill_controller_v1_DescribeConfigsRequest, callback: grpc.requestCallback<_rill_controller_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes topics and their partitions (leader, epochs, replicas, ISR) as the controller sees them.
   */
  DescribeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes topics and their partitions (leader, epochs, replicas, ISR) as the controller sees them.
   */
  describeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  describeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  describeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  describeTopics(argument: _rill_controller_v1_DescribeTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_DescribeTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Elects partition leaders: the preferred replica, or (opt-in) an unclean leader from outside the ISR.
   */
  ElectLeaders(argument: _rill_controller_v1_ElectLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectLeaders(argument: _rill_controller_v1_ElectLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectLeaders(argument: _rill_controller_v1_ElectLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectLeaders(argument: _rill_controller_v1_ElectLeadersRequest, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Elects partition leaders: the preferred replica, or (opt-in) an unclean leader from outside the ISR.
   */
  electLeaders(argument: _rill_controller_v1_ElectLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _rill_controller_v1_ElectLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _rill_controller_v1_ElectLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _rill_controller_v1_ElectLeadersRequest, callback: grpc.requestCallback<_rill_controller_v1_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the metadata log to a broker: a snapshot first when the broker is too far behind (or
   * has nothing), then committed deltas as they are committed, for as long as the stream lives.
   */
  FetchMetadata(argument: _rill_controller_v1_FetchMetadataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_controller_v1_FetchMetadataResponse__Output>;
  FetchMetadata(argument: _rill_controller_v1_FetchMetadataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_controller_v1_FetchMetadataResponse__Output>;
  /**
   * Streams the metadata log to a broker: a snapshot first when the broker is too far behind (or
   * has nothing), then committed deltas as they are committed, for as long as the stream lives.
   */
  fetchMetadata(argument: _rill_controller_v1_FetchMetadataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_controller_v1_FetchMetadataResponse__Output>;
  fetchMetadata(argument: _rill_controller_v1_FetchMetadataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rill_controller_v1_FetchMetadataResponse__Output>;
  
  /**
   * Lists ongoing partition reassignments (Kafka ListPartitionReassignments).
   */
  ListPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists ongoing partition reassignments (Kafka ListPartitionReassignments).
   */
  listPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  listPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  listPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  listPartitionReassignments(argument: _rill_controller_v1_ListPartitionReassignmentsRequest, callback: grpc.requestCallback<_rill_controller_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the topics of the cluster.
   */
  ListTopics(argument: _rill_controller_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _rill_controller_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _rill_controller_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _rill_controller_v1_ListTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the topics of the cluster.
   */
  listTopics(argument: _rill_controller_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _rill_controller_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _rill_controller_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _rill_controller_v1_ListTopicsRequest, callback: grpc.requestCallback<_rill_controller_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Registers a starting broker (KRaft BrokerRegistration). A broker registers once per process
   * start (one incarnation id); the answer is the broker epoch it must send with every later
   * request. The broker starts fenced and is unfenced once it has caught up with the metadata log.
   */
  RegisterBroker(argument: _rill_controller_v1_RegisterBrokerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  RegisterBroker(argument: _rill_controller_v1_RegisterBrokerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  RegisterBroker(argument: _rill_controller_v1_RegisterBrokerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  RegisterBroker(argument: _rill_controller_v1_RegisterBrokerRequest, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Registers a starting broker (KRaft BrokerRegistration). A broker registers once per process
   * start (one incarnation id); the answer is the broker epoch it must send with every later
   * request. The broker starts fenced and is unfenced once it has caught up with the metadata log.
   */
  registerBroker(argument: _rill_controller_v1_RegisterBrokerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  registerBroker(argument: _rill_controller_v1_RegisterBrokerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  registerBroker(argument: _rill_controller_v1_RegisterBrokerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  registerBroker(argument: _rill_controller_v1_RegisterBrokerRequest, callback: grpc.requestCallback<_rill_controller_v1_RegisterBrokerResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a voter from the controller quorum (KIP-853 RemoveRaftVoter), one change at a time.
   */
  RemoveVoter(argument: _rill_controller_v1_RemoveVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  RemoveVoter(argument: _rill_controller_v1_RemoveVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  RemoveVoter(argument: _rill_controller_v1_RemoveVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  RemoveVoter(argument: _rill_controller_v1_RemoveVoterRequest, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a voter from the controller quorum (KIP-853 RemoveRaftVoter), one change at a time.
   */
  removeVoter(argument: _rill_controller_v1_RemoveVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  removeVoter(argument: _rill_controller_v1_RemoveVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  removeVoter(argument: _rill_controller_v1_RemoveVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  removeVoter(argument: _rill_controller_v1_RemoveVoterRequest, callback: grpc.requestCallback<_rill_controller_v1_RemoveVoterResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The controller quorum's service (see the file comment for the error contract).
 */
export interface ControllerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Adds a running controller (an observer started with controller.quorum.bootstrap.servers) to
   * the voters (KIP-853 AddRaftVoter): it becomes a learner that receives the log with its
   * endpoint replicated, then a voter once caught up; one change at a time.
   */
  AddVoter: grpc.handleUnaryCall<_rill_controller_v1_AddVoterRequest__Output, _rill_controller_v1_AddVoterResponse>;
  
  /**
   * Allocates a block of producer ids to a broker for idempotent producers (KRaft AllocateProducerIds).
   */
  AllocateProducerIds: grpc.handleUnaryCall<_rill_controller_v1_AllocateProducerIdsRequest__Output, _rill_controller_v1_AllocateProducerIdsResponse>;
  
  /**
   * Changes configurations incrementally (Kafka IncrementalAlterConfigs, KIP-339).
   */
  AlterConfigs: grpc.handleUnaryCall<_rill_controller_v1_AlterConfigsRequest__Output, _rill_controller_v1_AlterConfigsResponse>;
  
  /**
   * Changes a partition's ISR, sent by the partition leader (Kafka AlterPartition, KIP-497/903).
   * Guarded by the leader epoch and the partition epoch: a stale request gets FENCED_LEADER_EPOCH
   * or INVALID_UPDATE_VERSION for that partition and changes nothing.
   */
  AlterPartition: grpc.handleUnaryCall<_rill_controller_v1_AlterPartitionRequest__Output, _rill_controller_v1_AlterPartitionResponse>;
  
  /**
   * Starts or cancels partition reassignments (Kafka AlterPartitionReassignments, KIP-455).
   */
  AlterPartitionReassignments: grpc.handleUnaryCall<_rill_controller_v1_AlterPartitionReassignmentsRequest__Output, _rill_controller_v1_AlterPartitionReassignmentsResponse>;
  
  /**
   * Keeps a registered broker's session alive and reports how far it has applied the metadata
   * log; the answer tells the broker whether it is caught up, fenced, or may finish shutting down.
   */
  BrokerHeartbeat: grpc.handleUnaryCall<_rill_controller_v1_BrokerHeartbeatRequest__Output, _rill_controller_v1_BrokerHeartbeatResponse>;
  
  /**
   * Asks the controller to move a stopping broker's leaderships elsewhere (controlled shutdown).
   */
  ControlledShutdown: grpc.handleUnaryCall<_rill_controller_v1_ControlledShutdownRequest__Output, _rill_controller_v1_ControlledShutdownResponse>;
  
  /**
   * Adds partitions to existing topics (Kafka CreatePartitions); one result per topic.
   */
  CreatePartitions: grpc.handleUnaryCall<_rill_controller_v1_CreatePartitionsRequest__Output, _rill_controller_v1_CreatePartitionsResponse>;
  
  /**
   * Creates topics (Kafka CreateTopics); one result per requested topic.
   */
  CreateTopics: grpc.handleUnaryCall<_rill_controller_v1_CreateTopicsRequest__Output, _rill_controller_v1_CreateTopicsResponse>;
  
  /**
   * Deletes topics (Kafka DeleteTopics); one result per requested topic.
   */
  DeleteTopics: grpc.handleUnaryCall<_rill_controller_v1_DeleteTopicsRequest__Output, _rill_controller_v1_DeleteTopicsResponse>;
  
  /**
   * Describes the cluster: the controller quorum (roles, term, lag) and the registered brokers.
   */
  DescribeCluster: grpc.handleUnaryCall<_rill_controller_v1_DescribeClusterRequest__Output, _rill_controller_v1_DescribeClusterResponse>;
  
  /**
   * Describes configurations of topics and brokers (Kafka DescribeConfigs).
   */
  DescribeConfigs: grpc.handleUnaryCall<_rill_controller_v1_DescribeConfigsRequest__Output, _rill_controller_v1_DescribeConfigsResponse>;
  
  /**
   * Describes topics and their partitions (leader, epochs, replicas, ISR) as the controller sees them.
   */
  DescribeTopics: grpc.handleUnaryCall<_rill_controller_v1_DescribeTopicsRequest__Output, _rill_controller_v1_DescribeTopicsResponse>;
  
  /**
   * Elects partition leaders: the preferred replica, or (opt-in) an unclean leader from outside the ISR.
   */
  ElectLeaders: grpc.handleUnaryCall<_rill_controller_v1_ElectLeadersRequest__Output, _rill_controller_v1_ElectLeadersResponse>;
  
  /**
   * Streams the metadata log to a broker: a snapshot first when the broker is too far behind (or
   * has nothing), then committed deltas as they are committed, for as long as the stream lives.
   */
  FetchMetadata: grpc.handleServerStreamingCall<_rill_controller_v1_FetchMetadataRequest__Output, _rill_controller_v1_FetchMetadataResponse>;
  
  /**
   * Lists ongoing partition reassignments (Kafka ListPartitionReassignments).
   */
  ListPartitionReassignments: grpc.handleUnaryCall<_rill_controller_v1_ListPartitionReassignmentsRequest__Output, _rill_controller_v1_ListPartitionReassignmentsResponse>;
  
  /**
   * Lists the topics of the cluster.
   */
  ListTopics: grpc.handleUnaryCall<_rill_controller_v1_ListTopicsRequest__Output, _rill_controller_v1_ListTopicsResponse>;
  
  /**
   * Registers a starting broker (KRaft BrokerRegistration). A broker registers once per process
   * start (one incarnation id); the answer is the broker epoch it must send with every later
   * request. The broker starts fenced and is unfenced once it has caught up with the metadata log.
   */
  RegisterBroker: grpc.handleUnaryCall<_rill_controller_v1_RegisterBrokerRequest__Output, _rill_controller_v1_RegisterBrokerResponse>;
  
  /**
   * Removes a voter from the controller quorum (KIP-853 RemoveRaftVoter), one change at a time.
   */
  RemoveVoter: grpc.handleUnaryCall<_rill_controller_v1_RemoveVoterRequest__Output, _rill_controller_v1_RemoveVoterResponse>;
  
}

export interface ControllerServiceDefinition extends grpc.ServiceDefinition {
  AddVoter: MethodDefinition<_rill_controller_v1_AddVoterRequest, _rill_controller_v1_AddVoterResponse, _rill_controller_v1_AddVoterRequest__Output, _rill_controller_v1_AddVoterResponse__Output>
  AllocateProducerIds: MethodDefinition<_rill_controller_v1_AllocateProducerIdsRequest, _rill_controller_v1_AllocateProducerIdsResponse, _rill_controller_v1_AllocateProducerIdsRequest__Output, _rill_controller_v1_AllocateProducerIdsResponse__Output>
  AlterConfigs: MethodDefinition<_rill_controller_v1_AlterConfigsRequest, _rill_controller_v1_AlterConfigsResponse, _rill_controller_v1_AlterConfigsRequest__Output, _rill_controller_v1_AlterConfigsResponse__Output>
  AlterPartition: MethodDefinition<_rill_controller_v1_AlterPartitionRequest, _rill_controller_v1_AlterPartitionResponse, _rill_controller_v1_AlterPartitionRequest__Output, _rill_controller_v1_AlterPartitionResponse__Output>
  AlterPartitionReassignments: MethodDefinition<_rill_controller_v1_AlterPartitionReassignmentsRequest, _rill_controller_v1_AlterPartitionReassignmentsResponse, _rill_controller_v1_AlterPartitionReassignmentsRequest__Output, _rill_controller_v1_AlterPartitionReassignmentsResponse__Output>
  BrokerHeartbeat: MethodDefinition<_rill_controller_v1_BrokerHeartbeatRequest, _rill_controller_v1_BrokerHeartbeatResponse, _rill_controller_v1_BrokerHeartbeatRequest__Output, _rill_controller_v1_BrokerHeartbeatResponse__Output>
  ControlledShutdown: MethodDefinition<_rill_controller_v1_ControlledShutdownRequest, _rill_controller_v1_ControlledShutdownResponse, _rill_controller_v1_ControlledShutdownRequest__Output, _rill_controller_v1_ControlledShutdownResponse__Output>
  CreatePartitions: MethodDefinition<_rill_controller_v1_CreatePartitionsRequest, _rill_controller_v1_CreatePartitionsResponse, _rill_controller_v1_CreatePartitionsRequest__Output, _rill_controller_v1_CreatePartitionsResponse__Output>
  CreateTopics: MethodDefinition<_rill_controller_v1_CreateTopicsRequest, _rill_controller_v1_CreateTopicsResponse, _rill_controller_v1_CreateTopicsRequest__Output, _rill_controller_v1_CreateTopicsResponse__Output>
  DeleteTopics: MethodDefinition<_rill_controller_v1_DeleteTopicsRequest, _rill_controller_v1_DeleteTopicsResponse, _rill_controller_v1_DeleteTopicsRequest__Output, _rill_controller_v1_DeleteTopicsResponse__Output>
  DescribeCluster: MethodDefinition<_rill_controller_v1_DescribeClusterRequest, _rill_controller_v1_DescribeClusterResponse, _rill_controller_v1_DescribeClusterRequest__Output, _rill_controller_v1_DescribeClusterResponse__Output>
  DescribeConfigs: MethodDefinition<_rill_controller_v1_DescribeConfigsRequest, _rill_controller_v1_DescribeConfigsResponse, _rill_controller_v1_DescribeConfigsRequest__Output, _rill_controller_v1_DescribeConfigsResponse__Output>
  DescribeTopics: MethodDefinition<_rill_controller_v1_DescribeTopicsRequest, _rill_controller_v1_DescribeTopicsResponse, _rill_controller_v1_DescribeTopicsRequest__Output, _rill_controller_v1_DescribeTopicsResponse__Output>
  ElectLeaders: MethodDefinition<_rill_controller_v1_ElectLeadersRequest, _rill_controller_v1_ElectLeadersResponse, _rill_controller_v1_ElectLeadersRequest__Output, _rill_controller_v1_ElectLeadersResponse__Output>
  FetchMetadata: MethodDefinition<_rill_controller_v1_FetchMetadataRequest, _rill_controller_v1_FetchMetadataResponse, _rill_controller_v1_FetchMetadataRequest__Output, _rill_controller_v1_FetchMetadataResponse__Output>
  ListPartitionReassignments: MethodDefinition<_rill_controller_v1_ListPartitionReassignmentsRequest, _rill_controller_v1_ListPartitionReassignmentsResponse, _rill_controller_v1_ListPartitionReassignmentsRequest__Output, _rill_controller_v1_ListPartitionReassignmentsResponse__Output>
  ListTopics: MethodDefinition<_rill_controller_v1_ListTopicsRequest, _rill_controller_v1_ListTopicsResponse, _rill_controller_v1_ListTopicsRequest__Output, _rill_controller_v1_ListTopicsResponse__Output>
  RegisterBroker: MethodDefinition<_rill_controller_v1_RegisterBrokerRequest, _rill_controller_v1_RegisterBrokerResponse, _rill_controller_v1_RegisterBrokerRequest__Output, _rill_controller_v1_RegisterBrokerResponse__Output>
  RemoveVoter: MethodDefinition<_rill_controller_v1_RemoveVoterRequest, _rill_controller_v1_RemoveVoterResponse, _rill_controller_v1_RemoveVoterRequest__Output, _rill_controller_v1_RemoveVoterResponse__Output>
}
