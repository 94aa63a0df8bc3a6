import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BrokerEndpoint as _rill_metadata_v1_BrokerEndpoint, BrokerEndpoint__Output as _rill_metadata_v1_BrokerEndpoint__Output } from './rill/metadata/v1/BrokerEndpoint.js';
import type { BrokerIdList as _rill_metadata_v1_BrokerIdList, BrokerIdList__Output as _rill_metadata_v1_BrokerIdList__Output } from './rill/metadata/v1/BrokerIdList.js';
import type { BrokerRegistrationChangeRecord as _rill_metadata_v1_BrokerRegistrationChangeRecord, BrokerRegistrationChangeRecord__Output as _rill_metadata_v1_BrokerRegistrationChangeRecord__Output } from './rill/metadata/v1/BrokerRegistrationChangeRecord.js';
import type { ConfigRecord as _rill_metadata_v1_ConfigRecord, ConfigRecord__Output as _rill_metadata_v1_ConfigRecord__Output } from './rill/metadata/v1/ConfigRecord.js';
import type { FenceBrokerRecord as _rill_metadata_v1_FenceBrokerRecord, FenceBrokerRecord__Output as _rill_metadata_v1_FenceBrokerRecord__Output } from './rill/metadata/v1/FenceBrokerRecord.js';
import type { MetadataRecord as _rill_metadata_v1_MetadataRecord, MetadataRecord__Output as _rill_metadata_v1_MetadataRecord__Output } from './rill/metadata/v1/MetadataRecord.js';
import type { MetadataRecordBatch as _rill_metadata_v1_MetadataRecordBatch, MetadataRecordBatch__Output as _rill_metadata_v1_MetadataRecordBatch__Output } from './rill/metadata/v1/MetadataRecordBatch.js';
import type { PartitionChangeRecord as _rill_metadata_v1_PartitionChangeRecord, PartitionChangeRecord__Output as _rill_metadata_v1_PartitionChangeRecord__Output } from './rill/metadata/v1/PartitionChangeRecord.js';
import type { PartitionRecord as _rill_metadata_v1_PartitionRecord, PartitionRecord__Output as _rill_metadata_v1_PartitionRecord__Output } from './rill/metadata/v1/PartitionRecord.js';
import type { ProducerIdsBlockRecord as _rill_metadata_v1_ProducerIdsBlockRecord, ProducerIdsBlockRecord__Output as _rill_metadata_v1_ProducerIdsBlockRecord__Output } from './rill/metadata/v1/ProducerIdsBlockRecord.js';
import type { RegisterBrokerRecord as _rill_metadata_v1_RegisterBrokerRecord, RegisterBrokerRecord__Output as _rill_metadata_v1_RegisterBrokerRecord__Output } from './rill/metadata/v1/RegisterBrokerRecord.js';
import type { RemoveTopicRecord as _rill_metadata_v1_RemoveTopicRecord, RemoveTopicRecord__Output as _rill_metadata_v1_RemoveTopicRecord__Output } from './rill/metadata/v1/RemoveTopicRecord.js';
import type { TopicRecord as _rill_metadata_v1_TopicRecord, TopicRecord__Output as _rill_metadata_v1_TopicRecord__Output } from './rill/metadata/v1/TopicRecord.js';
import type { UnfenceBrokerRecord as _rill_metadata_v1_UnfenceBrokerRecord, UnfenceBrokerRecord__Output as _rill_metadata_v1_UnfenceBrokerRecord__Output } from './rill/metadata/v1/UnfenceBrokerRecord.js';
import type { UnregisterBrokerRecord as _rill_metadata_v1_UnregisterBrokerRecord, UnregisterBrokerRecord__Output as _rill_metadata_v1_UnregisterBrokerRecord__Output } from './rill/metadata/v1/UnregisterBrokerRecord.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    metadata: {
      v1: {
        BrokerEndpoint: MessageTypeDefinition<_rill_metadata_v1_BrokerEndpoint, _rill_metadata_v1_BrokerEndpoint__Output>
        BrokerIdList: MessageTypeDefinition<_rill_metadata_v1_BrokerIdList, _rill_metadata_v1_BrokerIdList__Output>
        BrokerRegistrationChangeRecord: MessageTypeDefinition<_rill_metadata_v1_BrokerRegistrationChangeRecord, _rill_metadata_v1_BrokerRegistrationChangeRecord__Output>
        ConfigRecord: MessageTypeDefinition<_rill_metadata_v1_ConfigRecord, _rill_metadata_v1_ConfigRecord__Output>
        ConfigResourceType: EnumTypeDefinition
        FenceBrokerRecord: MessageTypeDefinition<_rill_metadata_v1_FenceBrokerRecord, _rill_metadata_v1_FenceBrokerRecord__Output>
        MetadataRecord: MessageTypeDefinition<_rill_metadata_v1_MetadataRecord, _rill_metadata_v1_MetadataRecord__Output>
        MetadataRecordBatch: MessageTypeDefinition<_rill_metadata_v1_MetadataRecordBatch, _rill_metadata_v1_MetadataRecordBatch__Output>
        PartitionChangeRecord: MessageTypeDefinition<_rill_metadata_v1_PartitionChangeRecord, _rill_metadata_v1_PartitionChangeRecord__Output>
        PartitionRecord: MessageTypeDefinition<_rill_metadata_v1_PartitionRecord, _rill_metadata_v1_PartitionRecord__Output>
        ProducerIdsBlockRecord: MessageTypeDefinition<_rill_metadata_v1_ProducerIdsBlockRecord, _rill_metadata_v1_ProducerIdsBlockRecord__Output>
        RegisterBrokerRecord: MessageTypeDefinition<_rill_metadata_v1_RegisterBrokerRecord, _rill_metadata_v1_RegisterBrokerRecord__Output>
        RemoveTopicRecord: MessageTypeDefinition<_rill_metadata_v1_RemoveTopicRecord, _rill_metadata_v1_RemoveTopicRecord__Output>
        TopicRecord: MessageTypeDefinition<_rill_metadata_v1_TopicRecord, _rill_metadata_v1_TopicRecord__Output>
        UnfenceBrokerRecord: MessageTypeDefinition<_rill_metadata_v1_UnfenceBrokerRecord, _rill_metadata_v1_UnfenceBrokerRecord__Output>
        UnregisterBrokerRecord: MessageTypeDefinition<_rill_metadata_v1_UnregisterBrokerRecord, _rill_metadata_v1_UnregisterBrokerRecord__Output>
      }
    }
  }
}

