import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AbortedTransaction as _rill_broker_v1_AbortedTransaction, AbortedTransaction__Output as _rill_broker_v1_AbortedTransaction__Output } from './rill/broker/v1/AbortedTransaction.js';
import type { BrokerServiceClient as _rill_broker_v1_BrokerServiceClient, BrokerServiceDefinition as _rill_broker_v1_BrokerServiceDefinition } from './rill/broker/v1/BrokerService.js';
import type { DescribeLogDirsRequest as _rill_broker_v1_DescribeLogDirsRequest, DescribeLogDirsRequest__Output as _rill_broker_v1_DescribeLogDirsRequest__Output } from './rill/broker/v1/DescribeLogDirsRequest.js';
import type { DescribeLogDirsResponse as _rill_broker_v1_DescribeLogDirsResponse, DescribeLogDirsResponse__Output as _rill_broker_v1_DescribeLogDirsResponse__Output } from './rill/broker/v1/DescribeLogDirsResponse.js';
import type { DurabilityInfo as _rill_broker_v1_DurabilityInfo, DurabilityInfo__Output as _rill_broker_v1_DurabilityInfo__Output } from './rill/broker/v1/DurabilityInfo.js';
import type { FetchPartition as _rill_broker_v1_FetchPartition, FetchPartition__Output as _rill_broker_v1_FetchPartition__Output } from './rill/broker/v1/FetchPartition.js';
import type { FetchPartitionData as _rill_broker_v1_FetchPartitionData, FetchPartitionData__Output as _rill_broker_v1_FetchPartitionData__Output } from './rill/broker/v1/FetchPartitionData.js';
import type { FetchRequest as _rill_broker_v1_FetchRequest, FetchRequest__Output as _rill_broker_v1_FetchRequest__Output } from './rill/broker/v1/FetchRequest.js';
import type { FetchResponse as _rill_broker_v1_FetchResponse, FetchResponse__Output as _rill_broker_v1_FetchResponse__Output } from './rill/broker/v1/FetchResponse.js';
import type { FetchStreamAssignment as _rill_broker_v1_FetchStreamAssignment, FetchStreamAssignment__Output as _rill_broker_v1_FetchStreamAssignment__Output } from './rill/broker/v1/FetchStreamAssignment.js';
import type { FetchStreamCredit as _rill_broker_v1_FetchStreamCredit, FetchStreamCredit__Output as _rill_broker_v1_FetchStreamCredit__Output } from './rill/broker/v1/FetchStreamCredit.js';
import type { FetchStreamRequest as _rill_broker_v1_FetchStreamRequest, FetchStreamRequest__Output as _rill_broker_v1_FetchStreamRequest__Output } from './rill/broker/v1/FetchStreamRequest.js';
import type { FetchStreamResponse as _rill_broker_v1_FetchStreamResponse, FetchStreamResponse__Output as _rill_broker_v1_FetchStreamResponse__Output } from './rill/broker/v1/FetchStreamResponse.js';
import type { FetchTopic as _rill_broker_v1_FetchTopic, FetchTopic__Output as _rill_broker_v1_FetchTopic__Output } from './rill/broker/v1/FetchTopic.js';
import type { FetchableTopicResponse as _rill_broker_v1_FetchableTopicResponse, FetchableTopicResponse__Output as _rill_broker_v1_FetchableTopicResponse__Output } from './rill/broker/v1/FetchableTopicResponse.js';
import type { InitProducerIdRequest as _rill_broker_v1_InitProducerIdRequest, InitProducerIdRequest__Output as _rill_broker_v1_InitProducerIdRequest__Output } from './rill/broker/v1/InitProducerIdRequest.js';
import type { InitProducerIdResponse as _rill_broker_v1_InitProducerIdResponse, InitProducerIdResponse__Output as _rill_broker_v1_InitProducerIdResponse__Output } from './rill/broker/v1/InitProducerIdResponse.js';
import type { ListOffsetsPartition as _rill_broker_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _rill_broker_v1_ListOffsetsPartition__Output } from './rill/broker/v1/ListOffsetsPartition.js';
import type { ListOffsetsPartitionResponse as _rill_broker_v1_ListOffsetsPartitionResponse, ListOffsetsPartitionResponse__Output as _rill_broker_v1_ListOffsetsPartitionResponse__Output } from './rill/broker/v1/ListOffsetsPartitionResponse.js';
import type { ListOffsetsRequest as _rill_broker_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _rill_broker_v1_ListOffsetsRequest__Output } from './rill/broker/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _rill_broker_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _rill_broker_v1_ListOffsetsResponse__Output } from './rill/broker/v1/ListOffsetsResponse.js';
import type { ListOffsetsTopic as _rill_broker_v1_ListOffsetsTopic, ListOffsetsTopic__Output as _rill_broker_v1_ListOffsetsTopic__Output } from './rill/broker/v1/ListOffsetsTopic.js';
import type { ListOffsetsTopicResponse as _rill_broker_v1_ListOffsetsTopicResponse, ListOffsetsTopicResponse__Output as _rill_broker_v1_ListOffsetsTopicResponse__Output } from './rill/broker/v1/ListOffsetsTopicResponse.js';
import type { LogDirPartition as _rill_broker_v1_LogDirPartition, LogDirPartition__Output as _rill_broker_v1_LogDirPartition__Output } from './rill/broker/v1/LogDirPartition.js';
import type { MetadataRequest as _rill_broker_v1_MetadataRequest, MetadataRequest__Output as _rill_broker_v1_MetadataRequest__Output } from './rill/broker/v1/MetadataRequest.js';
import type { MetadataResponse as _rill_broker_v1_MetadataResponse, MetadataResponse__Output as _rill_broker_v1_MetadataResponse__Output } from './rill/broker/v1/MetadataResponse.js';
import type { PartitionMetadata as _rill_broker_v1_PartitionMetadata, PartitionMetadata__Output as _rill_broker_v1_PartitionMetadata__Output } from './rill/broker/v1/PartitionMetadata.js';
import type { ProducePartitionData as _rill_broker_v1_ProducePartitionData, ProducePartitionData__Output as _rill_broker_v1_ProducePartitionData__Output } from './rill/broker/v1/ProducePartitionData.js';
import type { ProducePartitionResponse as _rill_broker_v1_ProducePartitionResponse, ProducePartitionResponse__Output as _rill_broker_v1_ProducePartitionResponse__Output } from './rill/broker/v1/ProducePartitionResponse.js';
import type { ProduceRequest as _rill_broker_v1_ProduceRequest, ProduceRequest__Output as _rill_broker_v1_ProduceRequest__Output } from './rill/broker/v1/ProduceRequest.js';
import type { ProduceResponse as _rill_broker_v1_ProduceResponse, ProduceResponse__Output as _rill_broker_v1_ProduceResponse__Output } from './rill/broker/v1/ProduceResponse.js';
import type { ProduceStreamRequest as _rill_broker_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _rill_broker_v1_ProduceStreamRequest__Output } from './rill/broker/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _rill_broker_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _rill_broker_v1_ProduceStreamResponse__Output } from './rill/broker/v1/ProduceStreamResponse.js';
import type { ProduceTopicData as _rill_broker_v1_ProduceTopicData, ProduceTopicData__Output as _rill_broker_v1_ProduceTopicData__Output } from './rill/broker/v1/ProduceTopicData.js';
import type { ProduceTopicResponse as _rill_broker_v1_ProduceTopicResponse, ProduceTopicResponse__Output as _rill_broker_v1_ProduceTopicResponse__Output } from './rill/broker/v1/ProduceTopicResponse.js';
import type { RecordError as _rill_broker_v1_RecordError, RecordError__Output as _rill_broker_v1_RecordError__Output } from './rill/broker/v1/RecordError.js';
import type { TopicMetadata as _rill_broker_v1_TopicMetadata, TopicMetadata__Output as _rill_broker_v1_TopicMetadata__Output } from './rill/broker/v1/TopicMetadata.js';
import type { ControllerHint as _rill_common_v1_ControllerHint, ControllerHint__Output as _rill_common_v1_ControllerHint__Output } from './rill/common/v1/ControllerHint.js';
import type { Endpoint as _rill_common_v1_Endpoint, Endpoint__Output as _rill_common_v1_Endpoint__Output } from './rill/common/v1/Endpoint.js';
import type { ErrorInfo as _rill_common_v1_ErrorInfo, ErrorInfo__Output as _rill_common_v1_ErrorInfo__Output } from './rill/common/v1/ErrorInfo.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from './rill/common/v1/LeaderHint.js';
import type { Node as _rill_common_v1_Node, Node__Output as _rill_common_v1_Node__Output } from './rill/common/v1/Node.js';
import type { TopicPartition as _rill_common_v1_TopicPartition, TopicPartition__Output as _rill_common_v1_TopicPartition__Output } from './rill/common/v1/TopicPartition.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    broker: {
      v1: {
        AbortedTransaction: MessageTypeDefinition<_rill_broker_v1_AbortedTransaction, _rill_broker_v1_AbortedTransaction__Output>
        Acks: EnumTypeDefinition
        /**
         * The broker's client-facing service (see the file comment for the error contract).
         */
        BrokerService: SubtypeConstructor<typeof grpc.Client, _rill_broker_v1_BrokerServiceClient> & { service: _rill_broker_v1_BrokerServiceDefinition }
        DescribeLogDirsRequest: MessageTypeDefinition<_rill_broker_v1_DescribeLogDirsRequest, _rill_broker_v1_DescribeLogDirsRequest__Output>
        DescribeLogDirsResponse: MessageTypeDefinition<_rill_broker_v1_DescribeLogDirsResponse, _rill_broker_v1_DescribeLogDirsResponse__Output>
        DurabilityInfo: MessageTypeDefinition<_rill_broker_v1_DurabilityInfo, _rill_broker_v1_DurabilityInfo__Output>
        FetchPartition: MessageTypeDefinition<_rill_broker_v1_FetchPartition, _rill_broker_v1_FetchPartition__Output>
        FetchPartitionData: MessageTypeDefinition<_rill_broker_v1_FetchPartitionData, _rill_broker_v1_FetchPartitionData__Output>
        FetchRequest: MessageTypeDefinition<_rill_broker_v1_FetchRequest, _rill_broker_v1_FetchRequest__Output>
        FetchResponse: MessageTypeDefinition<_rill_broker_v1_FetchResponse, _rill_broker_v1_FetchResponse__Output>
        FetchStreamAssignment: MessageTypeDefinition<_rill_broker_v1_FetchStreamAssignment, _rill_broker_v1_FetchStreamAssignment__Output>
        FetchStreamCredit: MessageTypeDefinition<_rill_broker_v1_FetchStreamCredit, _rill_broker_v1_FetchStreamCredit__Output>
        FetchStreamRequest: MessageTypeDefinition<_rill_broker_v1_FetchStreamRequest, _rill_broker_v1_FetchStreamRequest__Output>
        FetchStreamResponse: MessageTypeDefinition<_rill_broker_v1_FetchStreamResponse, _rill_broker_v1_FetchStreamResponse__Output>
        FetchTopic: MessageTypeDefinition<_rill_broker_v1_FetchTopic, _rill_broker_v1_FetchTopic__Output>
        FetchableTopicResponse: MessageTypeDefinition<_rill_broker_v1_FetchableTopicResponse, _rill_broker_v1_FetchableTopicResponse__Output>
        InitProducerIdRequest: MessageTypeDefinition<_rill_broker_v1_InitProducerIdRequest, _rill_broker_v1_InitProducerIdRequest__Output>
        InitProducerIdResponse: MessageTypeDefinition<_rill_broker_v1_InitProducerIdResponse, _rill_broker_v1_InitProducerIdResponse__Output>
        IsolationLevel: EnumTypeDefinition
        ListOffsetsPartition: MessageTypeDefinition<_rill_broker_v1_ListOffsetsPartition, _rill_broker_v1_ListOffsetsPartition__Output>
        ListOffsetsPartitionResponse: MessageTypeDefinition<_rill_broker_v1_ListOffsetsPartitionResponse, _rill_broker_v1_ListOffsetsPartitionResponse__Output>
        ListOffsetsRequest: MessageTypeDefinition<_rill_broker_v1_ListOffsetsRequest, _rill_broker_v1_ListOffsetsRequest__Output>
        ListOffsetsResponse: MessageTypeDefinition<_rill_broker_v1_ListOffsetsResponse, _rill_broker_v1_ListOffsetsResponse__Output>
        ListOffsetsTopic: MessageTypeDefinition<_rill_broker_v1_ListOffsetsTopic, _rill_broker_v1_ListOffsetsTopic__Output>
        ListOffsetsTopicResponse: MessageTypeDefinition<_rill_broker_v1_ListOffsetsTopicResponse, _rill_broker_v1_ListOffsetsTopicResponse__Output>
        LogDirPartition: MessageTypeDefinition<_rill_broker_v1_LogDirPartition, _rill_broker_v1_LogDirPartition__Output>
        MetadataRequest: MessageTypeDefinition<_rill_broker_v1_MetadataRequest, _rill_broker_v1_MetadataRequest__Output>
        MetadataResponse: MessageTypeDefinition<_rill_broker_v1_MetadataResponse, _rill_broker_v1_MetadataResponse__Output>
        OffsetSpec: EnumTypeDefinition
        PartitionMetadata: MessageTypeDefinition<_rill_broker_v1_PartitionMetadata, _rill_broker_v1_PartitionMetadata__Output>
        ProducePartitionData: MessageTypeDefinition<_rill_broker_v1_ProducePartitionData, _rill_broker_v1_ProducePartitionData__Output>
        ProducePartitionResponse: MessageTypeDefinition<_rill_broker_v1_ProducePartitionResponse, _rill_broker_v1_ProducePartitionResponse__Output>
        ProduceRequest: MessageTypeDefinition<_rill_broker_v1_ProduceRequest, _rill_broker_v1_ProduceRequest__Output>
        ProduceResponse: MessageTypeDefinition<_rill_broker_v1_ProduceResponse, _rill_broker_v1_ProduceResponse__Output>
        ProduceStreamRequest: MessageTypeDefinition<_rill_broker_v1_ProduceStreamRequest, _rill_broker_v1_ProduceStreamRequest__Output>
        ProduceStreamResponse: MessageTypeDefinition<_rill_broker_v1_ProduceStreamResponse, _rill_broker_v1_ProduceStreamResponse__Output>
        ProduceTopicData: MessageTypeDefinition<_rill_broker_v1_ProduceTopicData, _rill_broker_v1_ProduceTopicData__Output>
        ProduceTopicResponse: MessageTypeDefinition<_rill_broker_v1_ProduceTopicResponse, _rill_broker_v1_ProduceTopicResponse__Output>
        RecordError: MessageTypeDefinition<_rill_broker_v1_RecordError, _rill_broker_v1_RecordError__Output>
        TopicMetadata: MessageTypeDefinition<_rill_broker_v1_TopicMetadata, _rill_broker_v1_TopicMetadata__Output>
      }
    }
    common: {
      v1: {
        ControllerHint: MessageTypeDefinition<_rill_common_v1_ControllerHint, _rill_common_v1_ControllerHint__Output>
        Endpoint: MessageTypeDefinition<_rill_common_v1_Endpoint, _rill_common_v1_Endpoint__Output>
        ErrorInfo: MessageTypeDefinition<_rill_common_v1_ErrorInfo, _rill_common_v1_ErrorInfo__Output>
        LeaderHint: MessageTypeDefinition<_rill_common_v1_LeaderHint, _rill_common_v1_LeaderHint__Output>
        Node: MessageTypeDefinition<_rill_common_v1_Node, _rill_common_v1_Node__Output>
        TopicPartition: MessageTypeDefinition<_rill_common_v1_TopicPartition, _rill_common_v1_TopicPartition__Output>
      }
    }
  }
}

