#!/bin/sh
# The one-shot `cluster-id` service: creates the cluster id once and keeps it in the cluster-id
# volume, which every node mounts read-only. A later `docker compose up` (from any shell) finds
# the same id, so it always matches the formatted data volumes. RILL_CLUSTER_ID, when set, is
# used for a first start (e.g. to rebuild a cluster whose volumes were kept); it must match a
# stored id. Prints the id (docker compose run --rm cluster-id shows it).
set -eu
file=/var/lib/rill-cluster/cluster.id
if [ -s "$file" ]; then
  stored=$(cat "$file")
  if [ -n "${RILL_CLUSTER_ID:-}" ] && [ "$RILL_CLUSTER_ID" != "$stored" ]; then
    echo "RILL_CLUSTER_ID=$RILL_CLUSTER_ID differs from the stored cluster id $stored" >&2
    exit 1
  fi
  echo "$stored"
  exit 0
fi
id=${RILL_CLUSTER_ID:-$(rill storage random-cluster-id)}
printf '%s\n' "$id" > "$file.tmp"
mv "$file.tmp" "$file"
echo "$id"
