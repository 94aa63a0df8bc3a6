import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { DurabilityInfo as _rill_broker_v1_DurabilityInfo, DurabilityInfo__Output as _rill_broker_v1_DurabilityInfo__Output } from './rill/broker/v1/DurabilityInfo.js';
import type { ProducePartitionData as _rill_broker_v1_ProducePartitionData, ProducePartitionData__Output as _rill_broker_v1_ProducePartitionData__Output } from './rill/broker/v1/ProducePartitionData.js';
import type { ProducePartitionResponse as _rill_broker_v1_ProducePartitionResponse, ProducePartitionResponse__Output as _rill_broker_v1_ProducePartitionResponse__Output } from './rill/broker/v1/ProducePartitionResponse.js';
import type { ProduceRequest as _rill_broker_v1_ProduceRequest, ProduceRequest__Output as _rill_broker_v1_ProduceRequest__Output } from './rill/broker/v1/ProduceRequest.js';
import type { ProduceResponse as _rill_broker_v1_ProduceResponse, ProduceResponse__Output as _rill_broker_v1_ProduceResponse__Output } from './rill/broker/v1/ProduceResponse.js';
import type { ProduceTopicData as _rill_broker_v1_ProduceTopicData, ProduceTopicData__Output as _rill_broker_v1_ProduceTopicData__Output } from './rill/broker/v1/ProduceTopicData.js';
import type { ProduceTopicResponse as _rill_broker_v1_ProduceTopicResponse, ProduceTopicResponse__Output as _rill_broker_v1_ProduceTopicResponse__Output } from './rill/broker/v1/ProduceTopicResponse.js';
import type { RecordError as _rill_broker_v1_RecordError, RecordError__Output as _rill_broker_v1_RecordError__Output } from './rill/broker/v1/RecordError.js';
import type { ControllerHint as _rill_common_v1_ControllerHint, ControllerHint__Output as _rill_common_v1_ControllerHint__Output } from './rill/common/v1/ControllerHint.js';
import type { ErrorInfo as _rill_common_v1_ErrorInfo, ErrorInfo__Output as _rill_common_v1_ErrorInfo__Output } from './rill/common/v1/ErrorInfo.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from './rill/common/v1/LeaderHint.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    broker: {
      v1: {
        Acks: EnumTypeDefinition
        DurabilityInfo: MessageTypeDefinition<_rill_broker_v1_DurabilityInfo, _rill_broker_v1_DurabilityInfo__Output>
        ProducePartitionData: MessageTypeDefinition<_rill_broker_v1_ProducePartitionData, _rill_broker_v1_ProducePartitionData__Output>
        ProducePartitionResponse: MessageTypeDefinition<_rill_broker_v1_ProducePartitionResponse, _rill_broker_v1_ProducePartitionResponse__Output>
        ProduceRequest: MessageTypeDefinition<_rill_broker_v1_ProduceRequest, _rill_broker_v1_ProduceRequest__Output>
        ProduceResponse: MessageTypeDefinition<_rill_broker_v1_ProduceResponse, _rill_broker_v1_ProduceResponse__Output>
        ProduceTopicData: MessageTypeDefinition<_rill_broker_v1_ProduceTopicData, _rill_broker_v1_ProduceTopicData__Output>
        ProduceTopicResponse: MessageTypeDefinition<_rill_broker_v1_ProduceTopicResponse, _rill_broker_v1_ProduceTopicResponse__Output>
        RecordError: MessageTypeDefinition<_rill_broker_v1_RecordError, _rill_broker_v1_RecordError__Output>
      }
    }
    common: {
      v1: {
        ControllerHint: MessageTypeDefinition<_rill_common_v1_ControllerHint, _rill_common_v1_ControllerHint__Output>
        ErrorInfo: MessageTypeDefinition<_rill_common_v1_ErrorInfo, _rill_common_v1_ErrorInfo__Output>
        LeaderHint: MessageTypeDefinition<_rill_common_v1_LeaderHint, _rill_common_v1_LeaderHint__Output>
      }
    }
  }
}

