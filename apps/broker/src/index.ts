// Public API of @rill/broker: the broker process (partition replicas, produce, fetch, replication).
export {};
