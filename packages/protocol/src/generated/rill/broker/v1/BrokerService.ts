// Original file: rill/broker/v1/broker_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DescribeLogDirsRequest as _rill_broker_v1_DescribeLogDirsRequest, DescribeLogDirsRequest__Output as _rill_broker_v1_DescribeLogDirsRequest__Output } from '../../../rill/broker/v1/DescribeLogDirsRequest.js';
import type { DescribeLogDirsResponse as _rill_broker_v1_DescribeLogDirsResponse, DescribeLogDirsResponse__Output as _rill_broker_v1_DescribeLogDirsResponse__Output } from '../../../rill/broker/v1/DescribeLogDirsResponse.js';
import type { FetchRequest as _rill_broker_v1_FetchRequest, FetchRequest__Output as _rill_broker_v1_FetchRequest__Output } from '../../../rill/broker/v1/FetchRequest.js';
import type { FetchResponse as _rill_broker_v1_FetchResponse, FetchResponse__Output as _rill_broker_v1_FetchResponse__Output } from '../../../rill/broker/v1/FetchResponse.js';
import type { FetchStreamRequest as _rill_broker_v1_FetchStreamRequest, FetchStreamRequest__Output as _rill_broker_v1_FetchStreamRequest__Output } from '../../../rill/broker/v1/FetchStreamRequest.js';
import type { FetchStreamResponse as _rill_broker_v1_FetchStreamResponse, FetchStreamResponse__Output as _rill_broker_v1_FetchStreamResponse__Output } from '../../../rill/broker/v1/FetchStreamResponse.js';
import type { InitProducerIdRequest as _rill_broker_v1_InitProducerIdRequest, InitProducerIdRequest__Output as _rill_broker_v1_InitProducerIdRequest__Output } from '../../../rill/broker/v1/InitProducerIdRequest.js';
import type { InitProducerIdResponse as _rill_broker_v1_InitProducerIdResponse, InitProducerIdResponse__Output as _rill_broker_v1_InitProducerIdResponse__Output } from '../../../rill/broker/v1/InitProducerIdResponse.js';
import type { ListOffsetsRequest as _rill_broker_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _rill_broker_v1_ListOffsetsRequest__Output } from '../../../rill/broker/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _rill_broker_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _rill_broker_v1_ListOffsetsResponse__Output } from '../../../rill/broker/v1/ListOffsetsResponse.js';
import type { MetadataRequest as _rill_broker_v1_MetadataRequest, MetadataRequest__Output as _rill_broker_v1_MetadataRequest__Output } from '../../../rill/broker/v1/MetadataRequest.js';
import type { MetadataResponse as _rill_broker_v1_MetadataResponse, MetadataResponse__Output as _rill_broker_v1_MetadataResponse__Output } from '../../../rill/broker/v1/MetadataResponse.js';
import type { ProduceRequest as _rill_broker_v1_ProduceRequest, ProduceRequest__Output as _rill_broker_v1_ProduceRequest__Output } from '../../../rill/broker/v1/ProduceRequest.js';
import type { ProduceResponse as _rill_broker_v1_ProduceResponse, ProduceResponse__Output as _rill_broker_v1_ProduceResponse__Output } from '../../../rill/broker/v1/ProduceResponse.js';
import type { ProduceStreamRequest as _rill_broker_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _rill_broker_v1_ProduceStreamRequest__Output } from '../../../rill/broker/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _rill_broker_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _rill_broker_v1_ProduceStreamResponse__Output } from '../../../rill/broker/v1/ProduceStreamResponse.js';

/**
 * The broker's client-facing service (see the file comment for the error contract).
 */
export interface BrokerServiceClient extends grpc.Client {
  /**
   * Describes the partition logs this broker hosts: size on disk, offsets and any bulk copy in
   * progress (Kafka DescribeLogDirs). Reassignment tools read it for bytes to move and progress.
   */
  DescribeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  DescribeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  DescribeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  DescribeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes the partition logs this broker hosts: size on disk, offsets and any bulk copy in
   * progress (Kafka DescribeLogDirs). Reassignment tools read it for bytes to move and progress.
   */
  describeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  describeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  describeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  describeLogDirs(argument: _rill_broker_v1_DescribeLogDirsRequest, callback: grpc.requestCallback<_rill_broker_v1_DescribeLogDirsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads record batches (Kafka Fetch) with long polling: answers once `min_bytes` are available
   * or `max_wait_ms` has passed. Reads only up to the high watermark (or the last stable offset).
   */
  Fetch(argument: _rill_broker_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _rill_broker_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _rill_broker_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _rill_broker_v1_FetchRequest, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads record batches (Kafka Fetch) with long polling: answers once `min_bytes` are available
   * or `max_wait_ms` has passed. Reads only up to the high watermark (or the last stable offset).
   */
  fetch(argument: _rill_broker_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _rill_broker_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _rill_broker_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _rill_broker_v1_FetchRequest, callback: grpc.requestCallback<_rill_broker_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A long-lived fetch: the client assigns partitions and positions and grants byte credit; the
   * broker pushes batches as they become readable, never more bytes than the credit granted.
   */
  FetchStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_FetchStreamRequest, _rill_broker_v1_FetchStreamResponse__Output>;
  FetchStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_FetchStreamRequest, _rill_broker_v1_FetchStreamResponse__Output>;
  /**
   * A long-lived fetch: the client assigns partitions and positions and grants byte credit; the
   * broker pushes batches as they become readable, never more bytes than the credit granted.
   */
  fetchStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_FetchStreamRequest, _rill_broker_v1_FetchStreamResponse__Output>;
  fetchStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_FetchStreamRequest, _rill_broker_v1_FetchStreamResponse__Output>;
  
  /**
   * Gives an idempotent producer a producer id and epoch (Kafka InitProducerId, without
   * transactions): a new id from the controller's blocks, or the same id with the next epoch when
   * the producer passes the id and epoch it had.
   */
  InitProducerId(argument: _rill_broker_v1_InitProducerIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  InitProducerId(argument: _rill_broker_v1_InitProducerIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  InitProducerId(argument: _rill_broker_v1_InitProducerIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  InitProducerId(argument: _rill_broker_v1_InitProducerIdRequest, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gives an idempotent producer a producer id and epoch (Kafka InitProducerId, without
   * transactions): a new id from the controller's blocks, or the same id with the next epoch when
   * the producer passes the id and epoch it had.
   */
  initProducerId(argument: _rill_broker_v1_InitProducerIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  initProducerId(argument: _rill_broker_v1_InitProducerIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  initProducerId(argument: _rill_broker_v1_InitProducerIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  initProducerId(argument: _rill_broker_v1_InitProducerIdRequest, callback: grpc.requestCallback<_rill_broker_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Finds offsets by position or time (Kafka ListOffsets): earliest, latest, by timestamp.
   */
  ListOffsets(argument: _rill_broker_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _rill_broker_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _rill_broker_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _rill_broker_v1_ListOffsetsRequest, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Finds offsets by position or time (Kafka ListOffsets): earliest, latest, by timestamp.
   */
  listOffsets(argument: _rill_broker_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _rill_broker_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _rill_broker_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _rill_broker_v1_ListOffsetsRequest, callback: grpc.requestCallback<_rill_broker_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describes brokers, topics and partitions from the broker's metadata image (Kafka Metadata).
   */
  Metadata(argument: _rill_broker_v1_MetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  Metadata(argument: _rill_broker_v1_MetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  Metadata(argument: _rill_broker_v1_MetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  Metadata(argument: _rill_broker_v1_MetadataRequest, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describes brokers, topics and partitions from the broker's metadata image (Kafka Metadata).
   */
  metadata(argument: _rill_broker_v1_MetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _rill_broker_v1_MetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _rill_broker_v1_MetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _rill_broker_v1_MetadataRequest, callback: grpc.requestCallback<_rill_broker_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Appends record batches to partition leaders (Kafka Produce). Answers when `acks` is
   * satisfied for every partition, or at `timeout_ms` with REQUEST_TIMED_OUT for the partitions
   * still waiting (whose records may still become committed: the outcome is unknown).
   */
  Produce(argument: _rill_broker_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _rill_broker_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _rill_broker_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _rill_broker_v1_ProduceRequest, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Appends record batches to partition leaders (Kafka Produce). Answers when `acks` is
   * satisfied for every partition, or at `timeout_ms` with REQUEST_TIMED_OUT for the partitions
   * still waiting (whose records may still become committed: the outcome is unknown).
   */
  produce(argument: _rill_broker_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _rill_broker_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _rill_broker_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _rill_broker_v1_ProduceRequest, callback: grpc.requestCallback<_rill_broker_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Many produce requests on one long-lived stream, correlated by id. Requests for the same
   * partition are appended in stream order; responses may come back in any order.
   */
  ProduceStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_ProduceStreamRequest, _rill_broker_v1_ProduceStreamResponse__Output>;
  ProduceStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_ProduceStreamRequest, _rill_broker_v1_ProduceStreamResponse__Output>;
  /**
   * Many produce requests on one long-lived stream, correlated by id. Requests for the same
   * partition are appended in stream order; responses may come back in any order.
   */
  produceStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_ProduceStreamRequest, _rill_broker_v1_ProduceStreamResponse__Output>;
  produceStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rill_broker_v1_ProduceStreamRequest, _rill_broker_v1_ProduceStreamResponse__Output>;
  
}

/**
 * The broker's client-facing service (see the file comment for the error contract).
 */
export interface BrokerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Describes the partition logs this broker hosts: size on disk, offsets and any bulk copy in
   * progress (Kafka DescribeLogDirs). Reassignment tools read it for bytes to move and progress.
   */
  DescribeLogDirs: grpc.handleUnaryCall<_rill_broker_v1_DescribeLogDirsRequest__Output, _rill_broker_v1_DescribeLogDirsResponse>;
  
  /**
   * Reads record batches (Kafka Fetch) with long polling: answers once `min_bytes` are available
   * or `max_wait_ms` has passed. Reads only up to the high watermark (or the last stable offset).
   */
  Fetch: grpc.handleUnaryCall<_rill_broker_v1_FetchRequest__Output, _rill_broker_v1_FetchResponse>;
  
  /**
   * A long-lived fetch: the client assigns partitions and positions and grants byte credit; the
   * broker pushes batches as they become readable, never more bytes than the credit granted.
   */
  FetchStream: grpc.handleBidiStreamingCall<_rill_broker_v1_FetchStreamRequest__Output, _rill_broker_v1_FetchStreamResponse>;
  
  /**
   * Gives an idempotent producer a producer id and epoch (Kafka InitProducerId, without
   * transactions): a new id from the controller's blocks, or the same id with the next epoch when
   * the producer passes the id and epoch it had.
   */
  InitProducerId: grpc.handleUnaryCall<_rill_broker_v1_InitProducerIdRequest__Output, _rill_broker_v1_InitProducerIdResponse>;
  
  /**
   * Finds offsets by position or time (Kafka ListOffsets): earliest, latest, by timestamp.
   */
  ListOffsets: grpc.handleUnaryCall<_rill_broker_v1_ListOffsetsRequest__Output, _rill_broker_v1_ListOffsetsResponse>;
  
  /**
   * Describes brokers, topics and partitions from the broker's metadata image (Kafka Metadata).
   */
  Metadata: grpc.handleUnaryCall<_rill_broker_v1_MetadataRequest__Output, _rill_broker_v1_MetadataResponse>;
  
  /**
   * Appends record batches to partition leaders (Kafka Produce). Answers when `acks` is
   * satisfied for every partition, or at `timeout_ms` with REQUEST_TIMED_OUT for the partitions
   * still waiting (whose records may still become committed: the outcome is unknown).
   */
  Produce: grpc.handleUnaryCall<_rill_broker_v1_ProduceRequest__Output, _rill_broker_v1_ProduceResponse>;
  
  /**
   * Many produce requests on one long-lived stream, correlated by id. Requests for the same
   * partition are appended in stream order; responses may come back in any order.
   */
  ProduceStream: grpc.handleBidiStreamingCall<_rill_broker_v1_ProduceStreamRequest__Output, _rill_broker_v1_ProduceStreamResponse>;
  
}

export interface BrokerServiceDefinition extends grpc.ServiceDefinition {
  DescribeLogDirs: MethodDefinition<_rill_broker_v1_DescribeLogDirsRequest, _rill_broker_v1_DescribeLogDirsResponse, _rill_broker_v1_DescribeLogDirsRequest__Output, _rill_broker_v1_DescribeLogDirsResponse__Output>
  Fetch: MethodDefinition<_rill_broker_v1_FetchRequest, _rill_broker_v1_FetchResponse, _rill_broker_v1_FetchRequest__Output, _rill_broker_v1_FetchResponse__Output>
  FetchStream: MethodDefinition<_rill_broker_v1_FetchStreamRequest, _rill_broker_v1_FetchStreamResponse, _rill_broker_v1_FetchStreamRequest__Output, _rill_broker_v1_FetchStreamResponse__Output>
  InitProducerId: MethodDefinition<_rill_broker_v1_InitProducerIdRequest, _rill_broker_v1_InitProducerIdResponse, _rill_broker_v1_InitProducerIdRequest__Output, _rill_broker_v1_InitProducerIdResponse__Output>
  ListOffsets: MethodDefinition<_rill_broker_v1_ListOffsetsRequest, _rill_broker_v1_ListOffsetsResponse, _rill_broker_v1_ListOffsetsRequest__Output, _rill_broker_v1_ListOffsetsResponse__Output>
  Metadata: MethodDefinition<_rill_broker_v1_MetadataRequest, _rill_broker_v1_MetadataResponse, _rill_broker_v1_MetadataRequest__Output, _rill_broker_v1_MetadataResponse__Output>
  Produce: MethodDefinition<_rill_broker_v1_ProduceRequest, _rill_broker_v1_ProduceResponse, _rill_broker_v1_ProduceRequest__Output, _rill_broker_v1_ProduceResponse__Output>
  ProduceStream: MethodDefinition<_rill_broker_v1_ProduceStreamRequest, _rill_broker_v1_ProduceStreamResponse, _rill_broker_v1_ProduceStreamRequest__Output, _rill_broker_v1_ProduceStreamResponse__Output>
}
