import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AbortedTransaction as _rill_broker_v1_AbortedTransaction, AbortedTransaction__Output as _rill_broker_v1_AbortedTransaction__Output } from './rill/broker/v1/AbortedTransaction.js';
import type { FetchPartition as _rill_broker_v1_FetchPartition, FetchPartition__Output as _rill_broker_v1_FetchPartition__Output } from './rill/broker/v1/FetchPartition.js';
import type { FetchPartitionData as _rill_broker_v1_FetchPartitionData, FetchPartitionData__Output as _rill_broker_v1_FetchPartitionData__Output } from './rill/broker/v1/FetchPartitionData.js';
import type { FetchRequest as _rill_broker_v1_FetchRequest, FetchRequest__Output as _rill_broker_v1_FetchRequest__Output } from './rill/broker/v1/FetchRequest.js';
import type { FetchResponse as _rill_broker_v1_FetchResponse, FetchResponse__Output as _rill_broker_v1_FetchResponse__Output } from './rill/broker/v1/FetchResponse.js';
import type { FetchTopic as _rill_broker_v1_FetchTopic, FetchTopic__Output as _rill_broker_v1_FetchTopic__Output } from './rill/broker/v1/FetchTopic.js';
import type { FetchableTopicResponse as _rill_broker_v1_FetchableTopicResponse, FetchableTopicResponse__Output as _rill_broker_v1_FetchableTopicResponse__Output } from './rill/broker/v1/FetchableTopicResponse.js';
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
        AbortedTransaction: MessageTypeDefinition<_rill_broker_v1_AbortedTransaction, _rill_broker_v1_AbortedTransaction__Output>
        FetchPartition: MessageTypeDefinition<_rill_broker_v1_FetchPartition, _rill_broker_v1_FetchPartition__Output>
        FetchPartitionData: MessageTypeDefinition<_rill_broker_v1_FetchPartitionData, _rill_broker_v1_FetchPartitionData__Output>
        FetchRequest: MessageTypeDefinition<_rill_broker_v1_FetchRequest, _rill_broker_v1_FetchRequest__Output>
        FetchResponse: MessageTypeDefinition<_rill_broker_v1_FetchResponse, _rill_broker_v1_FetchResponse__Output>
        FetchTopic: MessageTypeDefinition<_rill_broker_v1_FetchTopic, _rill_broker_v1_FetchTopic__Output>
        FetchableTopicResponse: MessageTypeDefinition<_rill_broker_v1_FetchableTopicResponse, _rill_broker_v1_FetchableTopicResponse__Output>
        IsolationLevel: EnumTypeDefinition
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

