import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Endpoint as _rill_common_v1_Endpoint, Endpoint__Output as _rill_common_v1_Endpoint__Output } from './rill/common/v1/Endpoint.js';
import type { Node as _rill_common_v1_Node, Node__Output as _rill_common_v1_Node__Output } from './rill/common/v1/Node.js';
import type { TopicPartition as _rill_common_v1_TopicPartition, TopicPartition__Output as _rill_common_v1_TopicPartition__Output } from './rill/common/v1/TopicPartition.js';

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
  }
}

