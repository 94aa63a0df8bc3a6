import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Endpoint as _rill_common_v1_Endpoint, Endpoint__Output as _rill_common_v1_Endpoint__Output } from './rill/common/v1/Endpoint.js';
import type { Node as _rill_common_v1_Node, Node__Output as _rill_common_v1_Node__Output } from './rill/common/v1/Node.js';
import type { TopicPartition as _rill_common_v1_TopicPartition, TopicPartition__Output as _rill_common_v1_TopicPartition__Output } from './rill/common/v1/TopicPartition.js';
import type { AddVoterRequest as _rill_controller_v1_AddVoterRequest, AddVoterRequest__Output as _rill_controller_v1_AddVoterRequest__Output } from './rill/controller/v1/AddVoterRequest.js';
import type { AddVoterResponse as _rill_controller_v1_AddVoterResponse, AddVoterResponse__Output as _rill_controller_v1_AddVoterResponse__Output } from './rill/controller/v1/AddVoterResponse.js';
import type { AllocateProducerIdsRequest as _rill_controller_v1_AllocateProducerIdsRequest, AllocateProducerIdsRequest__Output as _rill_controller_v1_AllocateProducerIdsRequest__Output } from './rill/controller/v1/AllocateProducerIdsRequest.js';
import type { AllocateProducerIdsResponse as _rill_controller_v1_AllocateProducerIdsResponse, AllocateProducerIdsResponse__Output as _rill_controller_v1_AllocateProducerIdsResponse__Output } from './rill/controller/v1/AllocateProducerIdsResponse.js';
import type { AlterConfigsRequest as _rill_controller_v1_AlterConfigsRequest, AlterConfigsRequest__Output as _rill_controller_v1_AlterConfigsRequest__Output } from './rill/controller/v1/AlterConfigsRequest.js';
import type { AlterConfigsResource as _rill_controller_v1_AlterConfigsResource, AlterConfigsResource__Output as _rill_controller_v1_AlterConfigsResource__Output } from './rill/controller/v1/AlterConfigsResource.js';
import type { AlterConfigsResourceResult as _rill_controller_v1_AlterConfigsResourceResult, AlterConfigsResourceResult__Output as _rill_controller_v1_AlterConfigsResourceResult__Output } from './rill/controller/v1/AlterConfigsResourceResult.js';
import type { AlterConfigsResponse as _rill_controller_v1_AlterConfigsResponse, AlterConfigsResponse__Output as _rill_controller_v1_AlterConfigsResponse__Output } from './rill/controller/v1/AlterConfigsResponse.js';
import type { AlterPartitionPartition as _rill_controller_v1_AlterPartitionPartition, AlterPartitionPartition__Output as _rill_controller_v1_AlterPartitionPartition__Output } from './rill/controller/v1/AlterPartitionPartition.js';
import type { AlterPartitionPartitionResult as _rill_controller_v1_AlterPartitionPartitionResult, AlterPartitionPartitionResult__Output as _rill_controller_v1_AlterPartitionPartitionResult__Output } from './rill/controller/v1/AlterPartitionPartitionResult.js';
import type { AlterPartitionReassignmentsRequest as _rill_controller_v1_AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsRequest__Output as _rill_controller_v1_AlterPartitionReassignmentsRequest__Output } from './rill/controller/v1/AlterPartitionReassignmentsRequest.js';
import type { AlterPartitionReassignmentsResponse as _rill_controller_v1_AlterPartitionReassignmentsResponse, AlterPartitionReassignmentsResponse__Output as _rill_controller_v1_AlterPartitionReassignmentsResponse__Output } from './rill/controller/v1/AlterPartitionReassignmentsResponse.js';
import type { AlterPartitionRequest as _rill_controller_v1_AlterPartitionRequest, AlterPartitionRequest__Output as _rill_controller_v1_AlterPartitionRequest__Output } from './rill/controller/v1/AlterPartitionRequest.js';
import type { AlterPartitionResponse as _rill_controller_v1_AlterPartitionResponse, AlterPartitionResponse__Output as _rill_controller_v1_AlterPartitionResponse__Output } from './rill/controller/v1/AlterPartitionResponse.js';
import type { AlterPartitionTopic as _rill_controller_v1_AlterPartitionTopic, AlterPartitionTopic__Output as _rill_controller_v1_AlterPartitionTopic__Output } from './rill/controller/v1/AlterPartitionTopic.js';
import type { AlterPartitionTopicResult as _rill_controller_v1_AlterPartitionTopicResult, AlterPartitionTopicResult__Output as _rill_controller_v1_AlterPartitionTopicResult__Output } from './rill/controller/v1/AlterPartitionTopicResult.js';
import type { AlterableConfig as _rill_controller_v1_AlterableConfig, AlterableConfig__Output as _rill_controller_v1_AlterableConfig__Output } from './rill/controller/v1/AlterableConfig.js';
import type { BrokerDescription as _rill_controller_v1_BrokerDescription, BrokerDescription__Output as _rill_controller_v1_BrokerDescription__Output } from './rill/controller/v1/BrokerDescription.js';
import type { BrokerHeartbeatRequest as _rill_controller_v1_BrokerHeartbeatRequest, BrokerHeartbeatRequest__Output as _rill_controller_v1_BrokerHeartbeatRequest__Output } from './rill/controller/v1/BrokerHeartbeatRequest.js';
import type { BrokerHeartbeatResponse as _rill_controller_v1_BrokerHeartbeatResponse, BrokerHeartbeatResponse__Output as _rill_controller_v1_BrokerHeartbeatResponse__Output } from './rill/controller/v1/BrokerHeartbeatResponse.js';
import type { ConfigEntry as _rill_controller_v1_ConfigEntry, ConfigEntry__Output as _rill_controller_v1_ConfigEntry__Output } from './rill/controller/v1/ConfigEntry.js';
import type { ConfigSynonym as _rill_controller_v1_ConfigSynonym, ConfigSynonym__Output as _rill_controller_v1_ConfigSynonym__Output } from './rill/controller/v1/ConfigSynonym.js';
import type { ControlledShutdownRequest as _rill_controller_v1_ControlledShutdownRequest, ControlledShutdownRequest__Output as _rill_controller_v1_ControlledShutdownRequest__Output } from './rill/controller/v1/ControlledShutdownRequest.js';
import type { ControlledShutdownResponse as _rill_controller_v1_ControlledShutdownResponse, ControlledShutdownResponse__Output as _rill_controller_v1_ControlledShutdownResponse__Output } from './rill/controller/v1/ControlledShutdownResponse.js';
import type { ControllerDescription as _rill_controller_v1_ControllerDescription, ControllerDescription__Output as _rill_controller_v1_ControllerDescription__Output } from './rill/controller/v1/ControllerDescription.js';
import type { ControllerServiceClient as _rill_controller_v1_ControllerServiceClient, ControllerServiceDefinition as _rill_controller_v1_ControllerServiceDefinition } from './rill/controller/v1/ControllerService.js';
import type { CreatableTopic as _rill_controller_v1_CreatableTopic, CreatableTopic__Output as _rill_controller_v1_CreatableTopic__Output } from './rill/controller/v1/CreatableTopic.js';
import type { CreatableTopicResult as _rill_controller_v1_CreatableTopicResult, CreatableTopicResult__Output as _rill_controller_v1_CreatableTopicResult__Output } from './rill/controller/v1/CreatableTopicResult.js';
import type { CreatePartitionsRequest as _rill_controller_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _rill_controller_v1_CreatePartitionsRequest__Output } from './rill/controller/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _rill_controller_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _rill_controller_v1_CreatePartitionsResponse__Output } from './rill/controller/v1/CreatePartitionsResponse.js';
import type { CreatePartitionsTopic as _rill_controller_v1_CreatePartitionsTopic, CreatePartitionsTopic__Output as _rill_controller_v1_CreatePartitionsTopic__Output } from './rill/controller/v1/CreatePartitionsTopic.js';
import type { CreatePartitionsTopicResult as _rill_controller_v1_CreatePartitionsTopicResult, CreatePartitionsTopicResult__Output as _rill_controller_v1_CreatePartitionsTopicResult__Output } from './rill/controller/v1/CreatePartitionsTopicResult.js';
import type { CreateTopicsRequest as _rill_controller_v1_CreateTopicsRequest, CreateTopicsRequest__Output as _rill_controller_v1_CreateTopicsRequest__Output } from './rill/controller/v1/CreateTopicsRequest.js';
import type { CreateTopicsResponse as _rill_controller_v1_CreateTopicsResponse, CreateTopicsResponse__Output as _rill_controller_v1_CreateTopicsResponse__Output } from './rill/controller/v1/CreateTopicsResponse.js';
import type { DeletableTopicResult as _rill_controller_v1_DeletableTopicResult, DeletableTopicResult__Output as _rill_controller_v1_DeletableTopicResult__Output } from './rill/controller/v1/DeletableTopicResult.js';
import type { DeleteTopicsRequest as _rill_controller_v1_DeleteTopicsRequest, DeleteTopicsRequest__Output as _rill_controller_v1_DeleteTopicsRequest__Output } from './rill/controller/v1/DeleteTopicsRequest.js';
import type { DeleteTopicsResponse as _rill_controller_v1_DeleteTopicsResponse, DeleteTopicsResponse__Output as _rill_controller_v1_DeleteTopicsResponse__Output } from './rill/controller/v1/DeleteTopicsResponse.js';
import type { DescribeClusterRequest as _rill_controller_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _rill_controller_v1_DescribeClusterRequest__Output } from './rill/controller/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _rill_controller_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _rill_controller_v1_DescribeClusterResponse__Output } from './rill/controller/v1/DescribeClusterResponse.js';
import type { DescribeConfigsRequest as _rill_controller_v1_DescribeConfigsRequest, DescribeConfigsRequest__Output as _rill_controller_v1_DescribeConfigsRequest__Output } from './rill/controller/v1/DescribeConfigsRequest.js';
import type { DescribeConfigsResource as _rill_controller_v1_DescribeConfigsResource, DescribeConfigsResource__Output as _rill_controller_v1_DescribeConfigsResource__Output } from './rill/controller/v1/DescribeConfigsResource.js';
import type { DescribeConfigsResponse as _rill_controller_v1_DescribeConfigsResponse, DescribeConfigsResponse__Output as _rill_controller_v1_DescribeConfigsResponse__Output } from './rill/controller/v1/DescribeConfigsResponse.js';
import type { DescribeConfigsResult as _rill_controller_v1_DescribeConfigsResult, DescribeConfigsResult__Output as _rill_controller_v1_DescribeConfigsResult__Output } from './rill/controller/v1/DescribeConfigsResult.js';
import type { DescribeTopicsRequest as _rill_controller_v1_DescribeTopicsRequest, DescribeTopicsRequest__Output as _rill_controller_v1_DescribeTopicsRequest__Output } from './rill/controller/v1/DescribeTopicsRequest.js';
import type { DescribeTopicsResponse as _rill_controller_v1_DescribeTopicsResponse, DescribeTopicsResponse__Output as _rill_controller_v1_DescribeTopicsResponse__Output } from './rill/controller/v1/DescribeTopicsResponse.js';
import type { DescribedConfig as _rill_controller_v1_DescribedConfig, DescribedConfig__Output as _rill_controller_v1_DescribedConfig__Output } from './rill/controller/v1/DescribedConfig.js';
import type { ElectLeadersPartitionResult as _rill_controller_v1_ElectLeadersPartitionResult, ElectLeadersPartitionResult__Output as _rill_controller_v1_ElectLeadersPartitionResult__Output } from './rill/controller/v1/ElectLeadersPartitionResult.js';
import type { ElectLeadersRequest as _rill_controller_v1_ElectLeadersRequest, ElectLeadersRequest__Output as _rill_controller_v1_ElectLeadersRequest__Output } from './rill/controller/v1/ElectLeadersRequest.js';
import type { ElectLeadersResponse as _rill_controller_v1_ElectLeadersResponse, ElectLeadersResponse__Output as _rill_controller_v1_ElectLeadersResponse__Output } from './rill/controller/v1/ElectLeadersResponse.js';
import type { FetchMetadataRequest as _rill_controller_v1_FetchMetadataRequest, FetchMetadataRequest__Output as _rill_controller_v1_FetchMetadataRequest__Output } from './rill/controller/v1/FetchMetadataRequest.js';
import type { FetchMetadataResponse as _rill_controller_v1_FetchMetadataResponse, FetchMetadataResponse__Output as _rill_controller_v1_FetchMetadataResponse__Output } from './rill/controller/v1/FetchMetadataResponse.js';
import type { InternalTopicCreator as _rill_controller_v1_InternalTopicCreator, InternalTopicCreator__Output as _rill_controller_v1_InternalTopicCreator__Output } from './rill/controller/v1/InternalTopicCreator.js';
import type { IsrMember as _rill_controller_v1_IsrMember, IsrMember__Output as _rill_controller_v1_IsrMember__Output } from './rill/controller/v1/IsrMember.js';
import type { ListPartitionReassignmentsRequest as _rill_controller_v1_ListPartitionReassignmentsRequest, ListPartitionReassignmentsRequest__Output as _rill_controller_v1_ListPartitionReassignmentsRequest__Output } from './rill/controller/v1/ListPartitionReassignmentsRequest.js';
import type { ListPartitionReassignmentsResponse as _rill_controller_v1_ListPartitionReassignmentsResponse, ListPartitionReassignmentsResponse__Output as _rill_controller_v1_ListPartitionReassignmentsResponse__Output } from './rill/controller/v1/ListPartitionReassignmentsResponse.js';
import type { ListTopicsRequest as _rill_controller_v1_ListTopicsRequest, ListTopicsRequest__Output as _rill_controller_v1_ListTopicsRequest__Output } from './rill/controller/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _rill_controller_v1_ListTopicsResponse, ListTopicsResponse__Output as _rill_controller_v1_ListTopicsResponse__Output } from './rill/controller/v1/ListTopicsResponse.js';
import type { MetadataDeltas as _rill_controller_v1_MetadataDeltas, MetadataDeltas__Output as _rill_controller_v1_MetadataDeltas__Output } from './rill/controller/v1/MetadataDeltas.js';
import type { MetadataLogRecord as _rill_controller_v1_MetadataLogRecord, MetadataLogRecord__Output as _rill_controller_v1_MetadataLogRecord__Output } from './rill/controller/v1/MetadataLogRecord.js';
import type { MetadataSnapshotChunk as _rill_controller_v1_MetadataSnapshotChunk, MetadataSnapshotChunk__Output as _rill_controller_v1_MetadataSnapshotChunk__Output } from './rill/controller/v1/MetadataSnapshotChunk.js';
import type { OngoingPartitionReassignment as _rill_controller_v1_OngoingPartitionReassignment, OngoingPartitionReassignment__Output as _rill_controller_v1_OngoingPartitionReassignment__Output } from './rill/controller/v1/OngoingPartitionReassignment.js';
import type { PartitionDescription as _rill_controller_v1_PartitionDescription, PartitionDescription__Output as _rill_controller_v1_PartitionDescription__Output } from './rill/controller/v1/PartitionDescription.js';
import type { ReassignablePartition as _rill_controller_v1_ReassignablePartition, ReassignablePartition__Output as _rill_controller_v1_ReassignablePartition__Output } from './rill/controller/v1/ReassignablePartition.js';
import type { ReassignablePartitionResult as _rill_controller_v1_ReassignablePartitionResult, ReassignablePartitionResult__Output as _rill_controller_v1_ReassignablePartitionResult__Output } from './rill/controller/v1/ReassignablePartitionResult.js';
import type { ReassignableTopic as _rill_controller_v1_ReassignableTopic, ReassignableTopic__Output as _rill_controller_v1_ReassignableTopic__Output } from './rill/controller/v1/ReassignableTopic.js';
import type { RegisterBrokerRequest as _rill_controller_v1_RegisterBrokerRequest, RegisterBrokerRequest__Output as _rill_controller_v1_RegisterBrokerRequest__Output } from './rill/controller/v1/RegisterBrokerRequest.js';
import type { RegisterBrokerResponse as _rill_controller_v1_RegisterBrokerResponse, RegisterBrokerResponse__Output as _rill_controller_v1_RegisterBrokerResponse__Output } from './rill/controller/v1/RegisterBrokerResponse.js';
import type { RemoveVoterRequest as _rill_controller_v1_RemoveVoterRequest, RemoveVoterRequest__Output as _rill_controller_v1_RemoveVoterRequest__Output } from './rill/controller/v1/RemoveVoterRequest.js';
import type { RemoveVoterResponse as _rill_controller_v1_RemoveVoterResponse, RemoveVoterResponse__Output as _rill_controller_v1_RemoveVoterResponse__Output } from './rill/controller/v1/RemoveVoterResponse.js';
import type { ReplicaAssignment as _rill_controller_v1_ReplicaAssignment, ReplicaAssignment__Output as _rill_controller_v1_ReplicaAssignment__Output } from './rill/controller/v1/ReplicaAssignment.js';
import type { TopicDescription as _rill_controller_v1_TopicDescription, TopicDescription__Output as _rill_controller_v1_TopicDescription__Output } from './rill/controller/v1/TopicDescription.js';
import type { TopicListing as _rill_controller_v1_TopicListing, TopicListing__Output as _rill_controller_v1_TopicListing__Output } from './rill/controller/v1/TopicListing.js';
import type { TopicPartitions as _rill_controller_v1_TopicPartitions, TopicPartitions__Output as _rill_controller_v1_TopicPartitions__Output } from './rill/controller/v1/TopicPartitions.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    common: {
      v1: {
        Endpoint: MessageTypeDefinition<_rill_common_v1_Endpoint, _rill_common_v1_Endpoint__Output>
        Node: MessageTypeDefinition<_rill_common_v1_Node, _rill_common_v1_Node__Output>
        TopicPartition: MessageTypeDefinition<_rill_common_v1_TopicPartition, _rill_common_v1_TopicPartition__Output>
      }
    }
    controller: {
      v1: {
        AddVoterRequest: MessageTypeDefinition<_rill_controller_v1_AddVoterRequest, _rill_controller_v1_AddVoterRequest__Output>
        AddVoterResponse: MessageTypeDefinition<_rill_controller_v1_AddVoterResponse, _rill_controller_v1_AddVoterResponse__Output>
        AllocateProducerIdsRequest: MessageTypeDefinition<_rill_controller_v1_AllocateProducerIdsRequest, _rill_controller_v1_AllocateProducerIdsRequest__Output>
        AllocateProducerIdsResponse: MessageTypeDefinition<_rill_controller_v1_AllocateProducerIdsResponse, _rill_controller_v1_AllocateProducerIdsResponse__Output>
        AlterConfigOp: EnumTypeDefinition
        AlterConfigsRequest: MessageTypeDefinition<_rill_controller_v1_AlterConfigsRequest, _rill_controller_v1_AlterConfigsRequest__Output>
        AlterConfigsResource: MessageTypeDefinition<_rill_controller_v1_AlterConfigsResource, _rill_controller_v1_AlterConfigsResource__Output>
        AlterConfigsResourceResult: MessageTypeDefinition<_rill_controller_v1_AlterConfigsResourceResult, _rill_controller_v1_AlterConfigsResourceResult__Output>
        AlterConfigsResponse: MessageTypeDefinition<_rill_controller_v1_AlterConfigsResponse, _rill_controller_v1_AlterConfigsResponse__Output>
        AlterPartitionPartition: MessageTypeDefinition<_rill_controller_v1_AlterPartitionPartition, _rill_controller_v1_AlterPartitionPartition__Output>
        AlterPartitionPartitionResult: MessageTypeDefinition<_rill_controller_v1_AlterPartitionPartitionResult, _rill_controller_v1_AlterPartitionPartitionResult__Output>
        AlterPartitionReassignmentsRequest: MessageTypeDefinition<_rill_controller_v1_AlterPartitionReassignmentsRequest, _rill_controller_v1_AlterPartitionReassignmentsRequest__Output>
        AlterPartitionReassignmentsResponse: MessageTypeDefinition<_rill_controller_v1_AlterPartitionReassignmentsResponse, _rill_controller_v1_AlterPartitionReassignmentsResponse__Output>
        AlterPartitionRequest: MessageTypeDefinition<_rill_controller_v1_AlterPartitionRequest, _rill_controller_v1_AlterPartitionRequest__Output>
        AlterPartitionResponse: MessageTypeDefinition<_rill_controller_v1_AlterPartitionResponse, _rill_controller_v1_AlterPartitionResponse__Output>
        AlterPartitionTopic: MessageTypeDefinition<_rill_controller_v1_AlterPartitionTopic, _rill_controller_v1_AlterPartitionTopic__Output>
        AlterPartitionTopicResult: MessageTypeDefinition<_rill_controller_v1_AlterPartitionTopicResult, _rill_controller_v1_AlterPartitionTopicResult__Output>
        AlterableConfig: MessageTypeDefinition<_rill_controller_v1_AlterableConfig, _rill_controller_v1_AlterableConfig__Output>
        BrokerDescription: MessageTypeDefinition<_rill_controller_v1_BrokerDescription, _rill_controller_v1_BrokerDescription__Output>
        BrokerHeartbeatRequest: MessageTypeDefinition<_rill_controller_v1_BrokerHeartbeatRequest, _rill_controller_v1_BrokerHeartbeatRequest__Output>
        BrokerHeartbeatResponse: MessageTypeDefinition<_rill_controller_v1_BrokerHeartbeatResponse, _rill_controller_v1_BrokerHeartbeatResponse__Output>
        BrokerState: EnumTypeDefinition
        ConfigEntry: MessageTypeDefinition<_rill_controller_v1_ConfigEntry, _rill_controller_v1_ConfigEntry__Output>
        ConfigResourceType: EnumTypeDefinition
        ConfigSource: EnumTypeDefinition
        ConfigSynonym: MessageTypeDefinition<_rill_controller_v1_ConfigSynonym, _rill_controller_v1_ConfigSynonym__Output>
        ControlledShutdownRequest: MessageTypeDefinition<_rill_controller_v1_ControlledShutdownRequest, _rill_controller_v1_ControlledShutdownRequest__Output>
        ControlledShutdownResponse: MessageTypeDefinition<_rill_controller_v1_ControlledShutdownResponse, _rill_controller_v1_ControlledShutdownResponse__Output>
        ControllerDescription: MessageTypeDefinition<_rill_controller_v1_ControllerDescription, _rill_controller_v1_ControllerDescription__Output>
        ControllerRole: EnumTypeDefinition
        /**
         * The controller quorum's service (see the file comment for the error contract).
         */
        ControllerService: SubtypeConstructor<typeof grpc.Client, _rill_controller_v1_ControllerServiceClient> & { service: _rill_controller_v1_ControllerServiceDefinition }
        CreatableTopic: MessageTypeDefinition<_rill_controller_v1_CreatableTopic, _rill_controller_v1_CreatableTopic__Output>
        CreatableTopicResult: MessageTypeDefinition<_rill_controller_v1_CreatableTopicResult, _rill_controller_v1_CreatableTopicResult__Output>
        CreatePartitionsRequest: MessageTypeDefinition<_rill_controller_v1_CreatePartitionsRequest, _rill_controller_v1_CreatePartitionsRequest__Output>
        CreatePartitionsResponse: MessageTypeDefinition<_rill_controller_v1_CreatePartitionsResponse, _rill_controller_v1_CreatePartitionsResponse__Output>
        CreatePartitionsTopic: MessageTypeDefinition<_rill_controller_v1_CreatePartitionsTopic, _rill_controller_v1_CreatePartitionsTopic__Output>
        CreatePartitionsTopicResult: MessageTypeDefinition<_rill_controller_v1_CreatePartitionsTopicResult, _rill_controller_v1_CreatePartitionsTopicResult__Output>
        CreateTopicsRequest: MessageTypeDefinition<_rill_controller_v1_CreateTopicsRequest, _rill_controller_v1_CreateTopicsRequest__Output>
        CreateTopicsResponse: MessageTypeDefinition<_rill_controller_v1_CreateTopicsResponse, _rill_controller_v1_CreateTopicsResponse__Output>
        DeletableTopicResult: MessageTypeDefinition<_rill_controller_v1_DeletableTopicResult, _rill_controller_v1_DeletableTopicResult__Output>
        DeleteTopicsRequest: MessageTypeDefinition<_rill_controller_v1_DeleteTopicsRequest, _rill_controller_v1_DeleteTopicsRequest__Output>
        DeleteTopicsResponse: MessageTypeDefinition<_rill_controller_v1_DeleteTopicsResponse, _rill_controller_v1_DeleteTopicsResponse__Output>
        DescribeClusterRequest: MessageTypeDefinition<_rill_controller_v1_DescribeClusterRequest, _rill_controller_v1_DescribeClusterRequest__Output>
        DescribeClusterResponse: MessageTypeDefinition<_rill_controller_v1_DescribeClusterResponse, _rill_controller_v1_DescribeClusterResponse__Output>
        DescribeConfigsRequest: MessageTypeDefinition<_rill_controller_v1_DescribeConfigsRequest, _rill_controller_v1_DescribeConfigsRequest__Output>
        DescribeConfigsResource: MessageTypeDefinition<_rill_controller_v1_DescribeConfigsResource, _rill_controller_v1_DescribeConfigsResource__Output>
        DescribeConfigsResponse: MessageTypeDefinition<_rill_controller_v1_DescribeConfigsResponse, _rill_controller_v1_DescribeConfigsResponse__Output>
        DescribeConfigsResult: MessageTypeDefinition<_rill_controller_v1_DescribeConfigsResult, _rill_controller_v1_DescribeConfigsResult__Output>
        DescribeTopicsRequest: MessageTypeDefinition<_rill_controller_v1_DescribeTopicsRequest, _rill_controller_v1_DescribeTopicsRequest__Output>
        DescribeTopicsResponse: MessageTypeDefinition<_rill_controller_v1_DescribeTopicsResponse, _rill_controller_v1_DescribeTopicsResponse__Output>
        DescribedConfig: MessageTypeDefinition<_rill_controller_v1_DescribedConfig, _rill_controller_v1_DescribedConfig__Output>
        ElectLeadersPartitionResult: MessageTypeDefinition<_rill_controller_v1_ElectLeadersPartitionResult, _rill_controller_v1_ElectLeadersPartitionResult__Output>
        ElectLeadersRequest: MessageTypeDefinition<_rill_controller_v1_ElectLeadersRequest, _rill_controller_v1_ElectLeadersRequest__Output>
        ElectLeadersResponse: MessageTypeDefinition<_rill_controller_v1_ElectLeadersResponse, _rill_controller_v1_ElectLeadersResponse__Output>
        ElectionType: EnumTypeDefinition
        FetchMetadataRequest: MessageTypeDefinition<_rill_controller_v1_FetchMetadataRequest, _rill_controller_v1_FetchMetadataRequest__Output>
        FetchMetadataResponse: MessageTypeDefinition<_rill_controller_v1_FetchMetadataResponse, _rill_controller_v1_FetchMetadataResponse__Output>
        InternalTopicCreator: MessageTypeDefinition<_rill_controller_v1_InternalTopicCreator, _rill_controller_v1_InternalTopicCreator__Output>
        IsrMember: MessageTypeDefinition<_rill_controller_v1_IsrMember, _rill_controller_v1_IsrMember__Output>
        LeaderRecoveryState: EnumTypeDefinition
        ListPartitionReassignmentsRequest: MessageTypeDefinition<_rill_controller_v1_ListPartitionReassignmentsRequest, _rill_controller_v1_ListPartitionReassignmentsRequest__Output>
        ListPartitionReassignmentsResponse: MessageTypeDefinition<_rill_controller_v1_ListPartitionReassignmentsResponse, _rill_controller_v1_ListPartitionReassignmentsResponse__Output>
        ListTopicsRequest: MessageTypeDefinition<_rill_controller_v1_ListTopicsRequest, _rill_controller_v1_ListTopicsRequest__Output>
        ListTopicsResponse: MessageTypeDefinition<_rill_controller_v1_ListTopicsResponse, _rill_controller_v1_ListTopicsResponse__Output>
        MetadataDeltas: MessageTypeDefinition<_rill_controller_v1_MetadataDeltas, _rill_controller_v1_MetadataDeltas__Output>
        MetadataLogRecord: MessageTypeDefinition<_rill_controller_v1_MetadataLogRecord, _rill_controller_v1_MetadataLogRecord__Output>
        MetadataSnapshotChunk: MessageTypeDefinition<_rill_controller_v1_MetadataSnapshotChunk, _rill_controller_v1_MetadataSnapshotChunk__Output>
        OngoingPartitionReassignment: MessageTypeDefinition<_rill_controller_v1_OngoingPartitionReassignment, _rill_controller_v1_OngoingPartitionReassignment__Output>
        PartitionDescription: MessageTypeDefinition<_rill_controller_v1_PartitionDescription, _rill_controller_v1_PartitionDescription__Output>
        ReassignablePartition: MessageTypeDefinition<_rill_controller_v1_ReassignablePartition, _rill_controller_v1_ReassignablePartition__Output>
        ReassignablePartitionResult: MessageTypeDefinition<_rill_controller_v1_ReassignablePartitionResult, _rill_controller_v1_ReassignablePartitionResult__Output>
        ReassignableTopic: MessageTypeDefinition<_rill_controller_v1_ReassignableTopic, _rill_controller_v1_ReassignableTopic__Output>
        RegisterBrokerRequest: MessageTypeDefinition<_rill_controller_v1_RegisterBrokerRequest, _rill_controller_v1_RegisterBrokerRequest__Output>
        RegisterBrokerResponse: MessageTypeDefinition<_rill_controller_v1_RegisterBrokerResponse, _rill_controller_v1_RegisterBrokerResponse__Output>
        RemoveVoterRequest: MessageTypeDefinition<_rill_controller_v1_RemoveVoterRequest, _rill_controller_v1_RemoveVoterRequest__Output>
        RemoveVoterResponse: MessageTypeDefinition<_rill_controller_v1_RemoveVoterResponse, _rill_controller_v1_RemoveVoterResponse__Output>
        ReplicaAssignment: MessageTypeDefinition<_rill_controller_v1_ReplicaAssignment, _rill_controller_v1_ReplicaAssignment__Output>
        TopicDescription: MessageTypeDefinition<_rill_controller_v1_TopicDescription, _rill_controller_v1_TopicDescription__Output>
        TopicListing: MessageTypeDefinition<_rill_controller_v1_TopicListing, _rill_controller_v1_TopicListing__Output>
        TopicPartitions: MessageTypeDefinition<_rill_controller_v1_TopicPartitions, _rill_controller_v1_TopicPartitions__Output>
      }
    }
  }
}

