import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ControllerHint as _rill_common_v1_ControllerHint, ControllerHint__Output as _rill_common_v1_ControllerHint__Output } from './rill/common/v1/ControllerHint.js';
import type { ErrorInfo as _rill_common_v1_ErrorInfo, ErrorInfo__Output as _rill_common_v1_ErrorInfo__Output } from './rill/common/v1/ErrorInfo.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from './rill/common/v1/LeaderHint.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rill: {
    common: {
      v1: {
        ControllerHint: MessageTypeDefinition<_rill_common_v1_ControllerHint, _rill_common_v1_ControllerHint__Output>
        ErrorInfo: MessageTypeDefinition<_rill_common_v1_ErrorInfo, _rill_common_v1_ErrorInfo__Output>
        LeaderHint: MessageTypeDefinition<_rill_common_v1_LeaderHint, _rill_common_v1_LeaderHint__Output>
      }
    }
  }
}

