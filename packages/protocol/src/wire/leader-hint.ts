import type { LeaderHint } from "../generated/rill/common/v1/LeaderHint.js";
import { integerFieldSize, type ProtobufWriter, stringFieldSize } from "./protobuf-writer.js";

/**
 * rill.common.v1.LeaderHint by hand, for the hand-written answers that carry one per partition
 * (field numbers of errors.proto; every field, so no part of a hint is lost on these paths).
 */
export function leaderHintSize(hint: LeaderHint): number {
  return (
    integerFieldSize(1, hint.leaderId ?? 0) +
    integerFieldSize(2, hint.leaderEpoch ?? 0) +
    stringFieldSize(3, hint.host ?? "") +
    integerFieldSize(4, hint.port ?? 0) +
    stringFieldSize(5, hint.topic ?? "") +
    integerFieldSize(6, hint.partition ?? 0)
  );
}

/** The hint as an embedded message in field `fieldNumber` (header and fields). */
export function writeLeaderHint(writer: ProtobufWriter, fieldNumber: number, hint: LeaderHint): void {
  writer.messageHeader(fieldNumber, leaderHintSize(hint));
  writer.integerField(1, hint.leaderId ?? 0);
  writer.integerField(2, hint.leaderEpoch ?? 0);
  writer.stringField(3, hint.host ?? "");
  writer.integerField(4, hint.port ?? 0);
  writer.stringField(5, hint.topic ?? "");
  writer.integerField(6, hint.partition ?? 0);
}
