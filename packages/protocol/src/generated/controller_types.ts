import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Endpoint as _rill_common_v1_Endpoint, Endpoint__Output as _rill_common_v1_Endpoint__Output } from './rill/common/v1/Endpoint.js';
import type { Node as _rill_common_v1_Node, Node__Output as _rill_common_v1_Node__Output } from './rill/common/v1/Node.js';
import type { TopicPartition as _rill_common_v1_TopicPartition, TopicPartition__Output as _rill_common_v1_TopicPartition__Output } from './rill/common/v1/TopicPartition.js';
import type { AlterConfigsResource as _rill_controller_v1_AlterConfigsResource, AlterConfigsResource__Output as _rill_controller_v1_AlterConfigsResource__Output } from './rill/controller/v1/AlterConfigsResource.js';
import type { AlterConfigsResourceResult as _rill_controller_v1_AlterConfigsResourceResult, AlterConfigsResourceResult__Output as _rill_controller_v1_AlterConfigsResourceResult__Output } from './rill/controller/v1/AlterConfigsResourceResult.js';
import type { AlterableConfig as _rill_controller_v1_AlterableConfig, AlterableConfig__Output as _rill_controller_v1_AlterableConfig__Output } from './rill/controller/v1/AlterableConfig.js';
import type { BrokerDescription as _rill_controller_v1_BrokerDescription, BrokerDescription__Output as _rill_controller_v1_BrokerDescription__Output } from './rill/controller/v1/BrokerDescription.js';
import type { ConfigEntry as _rill_controller_v1_ConfigEntry, ConfigEntry__Output as _rill_controller_v1_ConfigEntry__Output } from './rill/controller/v1/ConfigEntry.js';
import type { ConfigSynonym as _rill_controller_v1_ConfigSynonym, ConfigSynonym__Output as _rill_controller_v1_ConfigSynonym__Output } from './rill/controller/v1/ConfigSynonym.js';
import type { ControllerDescription as _rill_controller_v1_ControllerDescription, ControllerDescription__Output as _rill_controller_v1_ControllerDescription__Output } from './rill/controller/v1/ControllerDescription.js';
import type { DescribeConfigsResource as _rill_controller_v1_DescribeConfigsResource, DescribeConfigsResource__Output as _rill_controller_v1_DescribeConfigsResource__Output } from './rill/controller/v1/DescribeConfigsResource.js';
import type { DescribeConfigsResult as _rill_controller_v1_DescribeConfigsResult, DescribeConfigsResult__Output as _rill_controller_v1_DescribeConfigsResult__Output } from './rill/controller/v1/DescribeConfigsResult.js';
import type { DescribedConfig as _rill_controller_v1_DescribedConfig, DescribedConfig__Output as _rill_controller_v1_DescribedConfig__Output } from './rill/controller/v1/DescribedConfig.js';
import type { IsrMember as _rill_controller_v1_IsrMember, IsrMember__Output as _rill_controller_v1_IsrMember__Output } from './rill/controller/v1/IsrMember.js';
import type { OngoingPartitionReassignment as _rill_controller_v1_OngoingPartitionReassignment, OngoingPartitionReassignment__Output as _rill_controller_v1_OngoingPartitionReassignment__Output } from './rill/controller/v1/OngoingPartitionReassignment.js';
import type { PartitionDescription as _rill_controller_v1_PartitionDescription, PartitionDescription__Output as _rill_controller_v1_PartitionDescription__Output } from './rill/controller/v1/PartitionDescription.js';
import type { ReassignablePartition as _rill_controller_v1_ReassignablePartition, ReassignablePartition__Output as _rill_controller_v1_ReassignablePartition__Output } from './rill/controller/v1/ReassignablePartition.js';
import type { ReassignablePartitionResult as _rill_controller_v1_ReassignablePartitionResult, ReassignablePartitionResult__Output as _rill_controller_v1_ReassignablePartitionResult__Output } from './rill/controller/v1/ReassignablePartitionResult.js';
import type { ReassignableTopic as _rill_controller_v1_ReassignableTopic, ReassignableTopic__Output as _rill_controller_v1_ReassignableTopic__Output } from './rill/controller/v1/ReassignableTopic.js';
import type { ReplicaAssignment as _rill_controller_v1_ReplicaAssignment, ReplicaAssignment__Output as _rill_controller_v1_ReplicaAssignment__Output } from './rill/controller/v1/ReplicaAssignment.js';
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
        AlterConfigOp: EnumTypeDefinition
        AlterConfigsResource: MessageTypeDefinition<_rill_controller_v1_AlterConfigsResource, _rill_controller_v1_AlterConfigsResource__Output>
        AlterConfigsResourceResult: MessageTypeDefinition<_rill_controller_v1_AlterConfigsResourceResult, _rill_controller_v1_AlterConfigsResourceResult__Output>
        AlterableConfig: MessageTypeDefinition<_rill_controller_v1_AlterableConfig, _rill_controller_v1_AlterableConfig__Output>
        BrokerDescription: MessageTypeDefinition<_rill_controller_v1_BrokerDescription, _rill_controller_v1_BrokerDescription__Output>
        BrokerState: EnumTypeDefinition
        ConfigEntry: MessageTypeDefinition<_rill_controller_v1_ConfigEntry, _rill_controller_v1_ConfigEntry__Output>
        ConfigResourceType: EnumTypeDefinition
        ConfigSource: EnumTypeDefinition
        ConfigSynonym: MessageTypeDefinition<_rill_controller_v1_ConfigSynonym, _rill_controller_v1_ConfigSynonym__Output>
        ControllerDescription: MessageTypeDefinition<_rill_controller_v1_ControllerDescription, _rill_controller_v1_ControllerDescription__Output>
        ControllerRole: EnumTypeDefinition
        DescribeConfigsResource: MessageTypeDefinition<_rill_controller_v1_DescribeConfigsResource, _rill_controller_v1_DescribeConfigsResource__Output>
        DescribeConfigsResult: MessageTypeDefinition<_rill_controller_v1_DescribeConfigsResult, _rill_controller_v1_DescribeConfigsResult__Output>
        DescribedConfig: MessageTypeDefinition<_rill_controller_v1_DescribedConfig, _rill_controller_v1_DescribedConfig__Output>
        ElectionType: EnumTypeDefinition
        IsrMember: MessageTypeDefinition<_rill_controller_v1_IsrMember, _rill_controller_v1_IsrMember__Output>
        LeaderRecoveryState: EnumTypeDefinition
        OngoingPartitionReassignment: MessageTypeDefinition<_rill_controller_v1_OngoingPartitionReassignment, _rill_controller_v1_OngoingPartitionReassignment__Output>
        PartitionDescription: MessageTypeDefinition<_rill_controller_v1_PartitionDescription, _rill_controller_v1_PartitionDescription__Output>
        ReassignablePartition: MessageTypeDefinition<_rill_controller_v1_ReassignablePartition, _rill_controller_v1_ReassignablePartition__Output>
        ReassignablePartitionResult: MessageTypeDefinition<_rill_controller_v1_ReassignablePartitionResult, _rill_controller_v1_ReassignablePartitionResult__Output>
        ReassignableTopic: MessageTypeDefinition<_rill_controller_v1_ReassignableTopic, _rill_controller_v1_ReassignableTopic__Output>
        ReplicaAssignment: MessageTypeDefinition<_rill_controller_v1_ReplicaAssignment, _rill_controller_v1_ReplicaAssignment__Output>
        TopicPartitions: MessageTypeDefinition<_rill_controller_v1_TopicPartitions, _rill_controller_v1_TopicPartitions__Output>
      }
    }
  }
}

