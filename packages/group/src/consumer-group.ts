import { RillError } from "@rill/protocol";
import {
  type AssignorMember,
  assignorNamed,
  checkAssignorName,
  DEFAULT_ASSIGNOR,
} from "./assignor/assignor.js";
import { type ClusterTopics, compileSubscriptionRegex, resolveSubscription } from "./cluster-topics.js";
import type { GroupCoordinatorConfig } from "./group-config.js";
import {
  type ConsumerGroupMember,
  LEAVE_GROUP_MEMBER_EPOCH,
  LEAVE_GROUP_STATIC_MEMBER_EPOCH,
} from "./member.js";
import { reconcileMember } from "./reconcile.js";
import {
  EMPTY_TOPIC_PARTITIONS,
  equalTopicPartitions,
  isSubset,
  partitionKey,
  type TopicPartitions,
  union,
} from "./topic-partitions.js";

/** A consumer-group heartbeat in core terms: `undefined` fields were not sent (unchanged). */
export interface HeartbeatRequest {
  readonly groupId: string;
  /** "" on the first heartbeat (the coordinator assigns one) unless the client chose one. */
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string;
  readonly rackId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number | undefined;
  /** undefined: unchanged (the default on a join). */
  readonly sessionTimeoutMs: number | undefined;
  readonly subscribedTopicNames: readonly string[] | undefined;
  /** A non-empty regex replaces a names subscription; undefined: unchanged. */
  readonly subscribedTopicRegex: string | undefined;
  readonly serverAssignor: string | undefined;
  readonly ownedPartitions: TopicPartitions | undefined;
}

export interface HeartbeatResponse {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly heartbeatIntervalMs: number;
  /** The member's assignment when it changed or the member reported what it owns. */
  readonly assignment: TopicPartitions | undefined;
}

/** The group's state as ListGroups/DescribeGroups name it. */
export type ConsumerGroupState = "empty" | "assigning" | "reconciling" | "stable";

/** What a group keeps across coordinators (written to __consumer_offsets on every change). */
export interface ConsumerGroupSnapshot {
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  readonly members: readonly Omit<ConsumerGroupMember, "sessionDeadlineMs" | "revocationDeadlineMs">[];
  readonly targetAssignment: ReadonlyMap<string, TopicPartitions>;
  /** Partition counts of the subscribed topics when the target was computed. */
  readonly subscribedTopicPartitions: ReadonlyMap<string, number>;
}

/**
 * One consumer group (KIP-848): members, the group epoch (bumped by every membership,
 * subscription or subscribed-metadata change), the target assignment computed by the server-side
 * assignor at that epoch, and each member's way towards its target (see reconcileMember).
 * Time comes in as `nowMs`; nothing here reads a clock or does I/O.
 */
export class ConsumerGroup {
  readonly groupId: string;
  readonly #config: GroupCoordinatorConfig;
  #groupEpoch = 0;
  #assignmentEpoch = 0;
  #members = new Map<string, ConsumerGroupMember>();
  #target = new Map<string, TopicPartitions>();
  #subscribedTopicPartitions = new Map<string, number>();
  /** When the group last had no members (offset retention counts from then). */
  #emptySinceMs: number;

  constructor(groupId: string, config: GroupCoordinatorConfig, nowMs: number) {
    this.groupId = groupId;
    this.#config = config;
    this.#emptySinceMs = nowMs;
  }

  get groupEpoch(): number {
    return this.#groupEpoch;
  }
  get assignmentEpoch(): number {
    return this.#assignmentEpoch;
  }
  get members(): ReadonlyMap<string, ConsumerGroupMember> {
    return this.#members;
  }
  get targetAssignment(): ReadonlyMap<string, TopicPartitions> {
    return this.#target;
  }
  get emptySinceMs(): number {
    return this.#emptySinceMs;
  }

  get state(): ConsumerGroupState {
    if (this.#members.size === 0) return "empty";
    if (this.#groupEpoch > this.#assignmentEpoch) return "assigning";
    for (const member of this.#members.values()) {
      if (member.memberEpoch !== this.#assignmentEpoch || member.state !== "stable") return "reconciling";
    }
    return "stable";
  }

  /** The member that owns a partition now (assigned or pending revocation). */
  ownerOf(topic: string, partition: number): string | undefined {
    return this.#owners().get(partitionKey(topic, partition));
  }

  // ---- heartbeat ----------------------------------------------------------------------------

  /** Handles one heartbeat; throws a RillError (nothing changed) when it is refused. */
  heartbeat(request: HeartbeatRequest, nowMs: number, topics: ClusterTopics): HeartbeatResponse {
    this.#validate(request);
    if (
      request.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH ||
      request.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH
    ) {
      return this.#leave(request, nowMs, topics);
    }
    let member: ConsumerGroupMember;
    let bump = false;
    if (request.memberEpoch === 0) {
      const joined = this.#join(request, nowMs);
      member = joined.member;
      bump = joined.isNew;
    } else {
      member = this.#existingMember(request);
    }
    const updated = this.#applyRequest(member, request, nowMs);
    if (updated.subscriptionChanged) bump = true;
    member = updated.member;
    this.#members.set(member.memberId, member);
    if (bump) this.#groupEpoch += 1;
    this.#refreshTarget(topics);
    const previousAssigned = member.assigned;
    member = reconcileMember({
      member,
      target: this.#target.get(member.memberId) ?? EMPTY_TOPIC_PARTITIONS,
      targetEpoch: this.#assignmentEpoch,
      ownerOf: (topic, partition) => this.ownerOf(topic, partition),
      owned: request.ownedPartitions,
      nowMs,
    });
    this.#members.set(member.memberId, member);
    const sendAssignment =
      request.ownedPartitions !== undefined ||
      request.memberEpoch !== member.memberEpoch ||
      !equalTopicPartitions(previousAssigned, member.assigned);
    return {
      memberId: member.memberId,
      memberEpoch: member.memberEpoch,
      heartbeatIntervalMs: Math.max(
        1,
        Math.min(this.#config.heartbeatIntervalMs, Math.floor(member.sessionTimeoutMs / 3)),
      ),
      assignment: sendAssignment ? member.assigned : undefined,
    };
  }

  #validate(request: HeartbeatRequest): void {
    const epoch = request.memberEpoch;
    if (epoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      throw new RillError(
        "INVALID_REQUEST",
        `member epoch ${epoch} is not valid (0 to join, -1 or -2 to leave)`,
      );
    }
    if (epoch !== 0 && request.memberId === "") {
      throw new RillError("INVALID_REQUEST", `a heartbeat with member epoch ${epoch} needs the member id`);
    }
    if (epoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && request.instanceId === "") {
      throw new RillError(
        "INVALID_REQUEST",
        "member epoch -2 (a static member leaving) needs the instance id",
      );
    }
    if (
      epoch === 0 &&
      request.subscribedTopicNames === undefined &&
      request.subscribedTopicRegex === undefined
    ) {
      throw new RillError(
        "INVALID_REQUEST",
        "the first heartbeat (member epoch 0) must carry the subscription",
      );
    }
    const session = request.sessionTimeoutMs;
    if (
      session !== undefined &&
      (session < this.#config.sessionTimeoutMsMin || session > this.#config.sessionTimeoutMsMax)
    ) {
      throw new RillError(
        "INVALID_REQUEST",
        `session timeout ${session} ms is outside [${this.#config.sessionTimeoutMsMin}, ${this.#config.sessionTimeoutMsMax}]`,
      );
    }
    if (request.rebalanceTimeoutMs !== undefined && request.rebalanceTimeoutMs < 0) {
      throw new RillError(
        "INVALID_REQUEST",
        `rebalance timeout ${request.rebalanceTimeoutMs} ms is negative`,
      );
    }
    if (request.subscribedTopicRegex !== undefined && request.subscribedTopicRegex !== "") {
      compileSubscriptionRegex(request.subscribedTopicRegex);
    }
    if (request.serverAssignor !== undefined) checkAssignorName(request.serverAssignor);
  }

  /** A join (epoch 0): a new member, a static member coming back, or a member starting over. */
  #join(request: HeartbeatRequest, nowMs: number): { member: ConsumerGroupMember; isNew: boolean } {
    if (request.instanceId !== "") {
      const previous = this.#memberByInstance(request.instanceId);
      if (previous !== undefined) {
        if (previous.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
          throw new RillError(
            "UNRELEASED_INSTANCE_ID",
            `instance id ${request.instanceId} is still held by member ${previous.memberId}; it must leave (epoch -2) or time out first`,
          );
        }
        // The static member is back: it takes over its predecessor's partitions and target as
        // they are, so nobody else moves.
        const memberId = request.memberId === "" ? this.#config.newMemberId() : request.memberId;
        this.#members.delete(previous.memberId);
        const target = this.#target.get(previous.memberId);
        this.#target.delete(previous.memberId);
        if (target !== undefined) this.#target.set(memberId, target);
        // It resumes at the epoch it left with (kept in previousMemberEpoch), revocation
        // included: a revocation it had not confirmed must still be confirmed in time.
        return {
          member: {
            ...previous,
            memberId,
            memberEpoch: previous.previousMemberEpoch,
            revocationDeadlineMs:
              previous.state === "unrevoked-partitions" ? nowMs + previous.rebalanceTimeoutMs : -1,
          },
          isNew: false,
        };
      }
    }
    // Refused before anything changes: an operation that throws leaves the group as it was.
    const startingOver = request.memberId !== "" && this.#members.has(request.memberId);
    if (!startingOver && this.#members.size >= this.#config.membersMax) {
      throw new RillError(
        "GROUP_MAX_SIZE_REACHED",
        `group ${this.groupId} has ${this.#members.size} members, the most it may have`,
      );
    }
    // A member starting over (after being fenced on its side): its old incarnation goes first.
    if (startingOver) this.#removeMember(request.memberId);
    const memberId = request.memberId === "" ? this.#config.newMemberId() : request.memberId;
    return {
      member: {
        memberId,
        instanceId: request.instanceId,
        rackId: "",
        clientId: "",
        clientHost: "",
        subscribedTopicNames: [],
        subscribedTopicRegex: "",
        serverAssignor: "",
        rebalanceTimeoutMs: this.#config.rebalanceTimeoutMsDefault,
        sessionTimeoutMs: this.#config.sessionTimeoutMsDefault,
        memberEpoch: 0,
        previousMemberEpoch: 0,
        state: "stable",
        assigned: EMPTY_TOPIC_PARTITIONS,
        pendingRevocation: EMPTY_TOPIC_PARTITIONS,
        sessionDeadlineMs: nowMs,
        revocationDeadlineMs: -1,
      },
      isNew: true,
    };
  }

  /** The member a heartbeat with epoch > 0 is from; FENCED_* / UNKNOWN_MEMBER_ID when not valid. */
  #existingMember(request: HeartbeatRequest): ConsumerGroupMember {
    const member = this.#members.get(request.memberId);
    if (member === undefined) {
      throw new RillError(
        "UNKNOWN_MEMBER_ID",
        `member ${request.memberId} is not in group ${this.groupId}; rejoin with epoch 0`,
      );
    }
    if (member.instanceId !== request.instanceId) {
      throw new RillError(
        "FENCED_INSTANCE_ID",
        `member ${request.memberId} has instance id "${member.instanceId}", not "${request.instanceId}"`,
      );
    }
    const received = request.memberEpoch;
    if (received === member.memberEpoch) return member;
    // A retry at the previous epoch (the answer that bumped it was lost) is fine as long as the
    // member owns nothing it was not given.
    const retry =
      received === member.previousMemberEpoch &&
      (request.ownedPartitions === undefined ||
        isSubset(request.ownedPartitions, union(member.assigned, member.pendingRevocation)));
    if (!retry) {
      throw new RillError(
        "FENCED_MEMBER_EPOCH",
        `member ${request.memberId} sent epoch ${received}, the coordinator has ${member.memberEpoch}; rejoin with epoch 0`,
        { details: { memberEpoch: member.memberEpoch } },
      );
    }
    return member;
  }

  #applyRequest(
    member: ConsumerGroupMember,
    request: HeartbeatRequest,
    nowMs: number,
  ): { member: ConsumerGroupMember; subscriptionChanged: boolean } {
    let subscribedTopicNames = member.subscribedTopicNames;
    let subscribedTopicRegex = member.subscribedTopicRegex;
    if (request.subscribedTopicRegex !== undefined && request.subscribedTopicRegex !== "") {
      subscribedTopicRegex = request.subscribedTopicRegex;
      subscribedTopicNames = [];
    } else if (request.subscribedTopicNames !== undefined) {
      subscribedTopicNames = [...new Set(request.subscribedTopicNames)].sort();
      subscribedTopicRegex = "";
    }
    const serverAssignor = request.serverAssignor ?? member.serverAssignor;
    const sessionTimeoutMs = request.sessionTimeoutMs ?? member.sessionTimeoutMs;
    const next: ConsumerGroupMember = {
      ...member,
      rackId: request.rackId,
      clientId: request.clientId,
      clientHost: request.clientHost,
      subscribedTopicNames,
      subscribedTopicRegex,
      serverAssignor,
      rebalanceTimeoutMs:
        request.rebalanceTimeoutMs === undefined || request.rebalanceTimeoutMs === 0
          ? member.rebalanceTimeoutMs
          : request.rebalanceTimeoutMs,
      sessionTimeoutMs,
      sessionDeadlineMs: nowMs + sessionTimeoutMs,
    };
    const subscriptionChanged =
      next.rackId !== member.rackId ||
      next.serverAssignor !== member.serverAssignor ||
      next.subscribedTopicRegex !== member.subscribedTopicRegex ||
      next.subscribedTopicNames.join("\u0000") !== member.subscribedTopicNames.join("\u0000");
    return { member: next, subscriptionChanged };
  }

  #leave(request: HeartbeatRequest, nowMs: number, topics: ClusterTopics): HeartbeatResponse {
    const member = this.#members.get(request.memberId);
    if (member === undefined) {
      throw new RillError("UNKNOWN_MEMBER_ID", `member ${request.memberId} is not in group ${this.groupId}`);
    }
    if (member.instanceId !== request.instanceId) {
      throw new RillError(
        "FENCED_INSTANCE_ID",
        `member ${request.memberId} has instance id "${member.instanceId}", not "${request.instanceId}"`,
      );
    }
    if (request.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      // Its partitions stay reserved for it (nobody else gets them) until its session times out.
      this.#members.set(member.memberId, {
        ...member,
        memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH,
        // The epoch it comes back with (see #join).
        previousMemberEpoch: member.memberEpoch,
        sessionDeadlineMs: nowMs + member.sessionTimeoutMs,
        revocationDeadlineMs: -1,
      });
    } else {
      this.#removeMember(member.memberId);
      this.#groupEpoch += 1;
      this.#refreshTarget(topics);
      if (this.#members.size === 0) this.#emptySinceMs = nowMs;
    }
    return {
      memberId: member.memberId,
      memberEpoch: request.memberEpoch,
      heartbeatIntervalMs: 0,
      assignment: undefined,
    };
  }

  // ---- timeouts -----------------------------------------------------------------------------

  /**
   * Removes members whose session expired and fences those that did not revoke within their
   * rebalance timeout (their partitions are free at once); returns whether anything changed.
   */
  expireMembers(nowMs: number, topics: ClusterTopics): boolean {
    let removed = false;
    for (const member of [...this.#members.values()]) {
      const expired = nowMs >= member.sessionDeadlineMs;
      const revocationLate = member.revocationDeadlineMs >= 0 && nowMs >= member.revocationDeadlineMs;
      if (expired || revocationLate) {
        this.#removeMember(member.memberId);
        removed = true;
      }
    }
    if (!removed) return false;
    this.#groupEpoch += 1;
    this.#refreshTarget(topics);
    if (this.#members.size === 0) this.#emptySinceMs = nowMs;
    return true;
  }

  /** The earliest deadline of any member (session or revocation), or undefined with no members. */
  nextDeadlineMs(): number | undefined {
    let next: number | undefined;
    for (const member of this.#members.values()) {
      for (const deadline of [member.sessionDeadlineMs, member.revocationDeadlineMs]) {
        if (deadline >= 0 && (next === undefined || deadline < next)) next = deadline;
      }
    }
    return next;
  }

  // ---- assignment ---------------------------------------------------------------------------

  /**
   * Bumps the group epoch when the subscribed topics' partitions changed (new partitions, a
   * new topic matching a regex, a topic deleted), then recomputes the target assignment when
   * the group epoch is ahead of it.
   */
  #refreshTarget(topics: ClusterTopics): void {
    const resolved = new Map<string, readonly string[]>();
    const subscribed = new Map<string, number>();
    for (const member of this.#members.values()) {
      const names = resolveSubscription(
        { topicNames: member.subscribedTopicNames, topicRegex: member.subscribedTopicRegex },
        topics,
      );
      resolved.set(member.memberId, names);
      for (const name of names) subscribed.set(name, topics.get(name)?.partitionCount ?? 0);
    }
    if (!sameCounts(subscribed, this.#subscribedTopicPartitions)) {
      this.#subscribedTopicPartitions = subscribed;
      if (this.#groupEpoch === this.#assignmentEpoch) this.#groupEpoch += 1;
    }
    if (this.#groupEpoch <= this.#assignmentEpoch) return;
    const members: AssignorMember[] = [...this.#members.values()]
      .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
      .map((member) => ({
        memberId: member.memberId,
        rackId: member.rackId === "" ? null : member.rackId,
        subscribedTopics: resolved.get(member.memberId) ?? [],
        current: this.#target.get(member.memberId) ?? EMPTY_TOPIC_PARTITIONS,
      }));
    this.#target = members.length === 0 ? new Map() : assignorNamed(this.assignorName)({ members, topics });
    this.#assignmentEpoch = this.#groupEpoch;
  }

  /** The group's assignor: the one most members ask for (ties by name); the default when none asks. */
  get assignorName(): string {
    const votes = new Map<string, number>();
    for (const member of this.#members.values()) {
      if (member.serverAssignor !== "")
        votes.set(member.serverAssignor, (votes.get(member.serverAssignor) ?? 0) + 1);
    }
    let best = DEFAULT_ASSIGNOR;
    let bestVotes = 0;
    for (const [name, count] of [...votes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (count > bestVotes) {
        best = name;
        bestVotes = count;
      }
    }
    return best;
  }

  // ---- members and ownership ----------------------------------------------------------------

  #removeMember(memberId: string): void {
    this.#members.delete(memberId);
    this.#target.delete(memberId);
  }

  #memberByInstance(instanceId: string): ConsumerGroupMember | undefined {
    for (const member of this.#members.values()) if (member.instanceId === instanceId) return member;
    return undefined;
  }

  #owners(): Map<string, string> {
    const owners = new Map<string, string>();
    for (const member of this.#members.values()) {
      for (const set of [member.assigned, member.pendingRevocation]) {
        for (const [topic, partitions] of set) {
          for (const partition of partitions) owners.set(partitionKey(topic, partition), member.memberId);
        }
      }
    }
    return owners;
  }

  // ---- persistence --------------------------------------------------------------------------

  snapshot(): ConsumerGroupSnapshot {
    return {
      groupEpoch: this.#groupEpoch,
      assignmentEpoch: this.#assignmentEpoch,
      members: [...this.#members.values()]
        .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
        .map(({ sessionDeadlineMs: _session, revocationDeadlineMs: _revocation, ...rest }) => rest),
      targetAssignment: new Map(this.#target),
      subscribedTopicPartitions: new Map(this.#subscribedTopicPartitions),
    };
  }

  /**
   * A group as a snapshot left it (a new coordinator loading __consumer_offsets). Sessions and
   * revocation deadlines start again at `nowMs`: members have that long to reach the new
   * coordinator.
   */
  static restore(
    groupId: string,
    snapshot: ConsumerGroupSnapshot,
    config: GroupCoordinatorConfig,
    nowMs: number,
  ): ConsumerGroup {
    const group = new ConsumerGroup(groupId, config, nowMs);
    group.#groupEpoch = snapshot.groupEpoch;
    group.#assignmentEpoch = snapshot.assignmentEpoch;
    for (const member of snapshot.members) {
      group.#members.set(member.memberId, {
        ...member,
        sessionDeadlineMs: nowMs + member.sessionTimeoutMs,
        revocationDeadlineMs:
          member.state === "unrevoked-partitions" ? nowMs + member.rebalanceTimeoutMs : -1,
      });
    }
    group.#target = new Map(snapshot.targetAssignment);
    group.#subscribedTopicPartitions = new Map(snapshot.subscribedTopicPartitions);
    return group;
  }
}

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, count] of a) if (b.get(name) !== count) return false;
  return true;
}
