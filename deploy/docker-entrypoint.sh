#!/bin/sh
# Formats the node's data dir on first start (KRaft-style: the cluster id comes from the
# environment, never invented per node), then runs the given rill command in the foreground.
set -eu
: "${RILL_CLUSTER_ID:?set RILL_CLUSTER_ID (rill storage random-cluster-id prints one)}"
: "${RILL_NODE_ID:?set RILL_NODE_ID}"
: "${RILL_DATA_DIR:=/var/lib/rill}"
rill storage format --data-dir "$RILL_DATA_DIR" --node-id "$RILL_NODE_ID" \
  --cluster-id "$RILL_CLUSTER_ID" --ignore-formatted
exec rill "$@" --node-id "$RILL_NODE_ID" --data-dir "$RILL_DATA_DIR"
