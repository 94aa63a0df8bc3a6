#!/bin/sh
# Formats the node's data dir on first start (KRaft-style: the cluster id is the one the
# cluster-id service stored, never invented per node), then runs the given rill command in the
# foreground. Every other setting comes from RILL_* environment variables (see the compose file).
set -eu
cluster_id_file=/var/lib/rill-cluster/cluster.id
if [ -z "${RILL_CLUSTER_ID:-}" ]; then
  [ -s "$cluster_id_file" ] || { echo "no cluster id in $cluster_id_file (the cluster-id service creates it)" >&2; exit 1; }
  RILL_CLUSTER_ID=$(cat "$cluster_id_file")
fi
: "${RILL_NODE_ID:?set RILL_NODE_ID}"
: "${RILL_DATA_DIR:=/var/lib/rill}"
export RILL_NODE_ID RILL_DATA_DIR
rill storage format --data-dir "$RILL_DATA_DIR" --node-id "$RILL_NODE_ID" \
  --cluster-id "$RILL_CLUSTER_ID" --ignore-formatted
exec rill "$@"
