#!/usr/bin/env bash
# The commit-path figures of issue 12 on a fresh local cluster (`rill dev up`, RF=3, acks=all,
# min.insync.replicas=2, group-commit fsync, 100-byte records, default SDK settings): idle CPU of
# every process over 30 s, produce p50/p95/p99 at 10,000 records/s on 1 and 6 partitions with the
# brokers' CPU for it and the stage breakdown of the brokers' commit path, end-to-end latency at 10,000 records/s, saturation records/s,
# and a catch-up read of the saturation topic's backlog (topped up to --backlog records) by one consumer.
# With --burst-bytes N (issue 12 asks for 2000000000): produce at 10,000 records/s on one partition
# measured once more, then N bytes of 1,000-byte records into a 6-partition topic at saturation,
# then the same 10,000 records/s measured three times right after it (p99, stages, the brokers' GC
# pauses), beside a probe of the disk's own fsync latency.
#
# With --linger-ms N the 10,000 records/s runs use linger.ms=N instead of the SDK's default.
#
#   scripts/commit-path-figures.sh [--host 127.0.0.12] [--records 30000] [--backlog 5000000] [--burst-bytes 0] [--linger-ms N]
#
# Prints one line per figure. Needs a built checkout (./bin/rill builds on first use). The
# cluster and its temp data dir are removed at the end (also on Ctrl-C).
set -euo pipefail
host=127.0.0.12
records=30000
backlog=0
burst_bytes=0
steady_props=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host=$2; shift 2 ;;
    --records) records=$2; shift 2 ;;
    --backlog) backlog=$2; shift 2 ;;
    --burst-bytes) burst_bytes=$2; shift 2 ;;
    --linger-ms) steady_props=(--producer-props "linger.ms=$2"); shift 2 ;;
    *) echo "usage: $0 [--host ip] [--records n] [--backlog n] [--burst-bytes n] [--linger-ms n]" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/rill-commit-path-XXXX")
./bin/rill dev up --data-dir "$data_dir" --host "$host" >"$data_dir/up.log" 2>&1 &
cluster=$!
cleanup() {
  kill -INT "$cluster" 2>/dev/null || true
  wait "$cluster" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT
for _ in $(seq 1 180); do
  grep -qi bootstrap "$data_dir/up.log" 2>/dev/null && break
  sleep 1
done
export RILL_BOOTSTRAP="$host:19101,$host:19102,$host:19103"
pids() { pgrep -f "$1 start .*$data_dir" || true; }
# CPU time (user + system) of the given processes, in clock ticks.
ticks() {
  local sum=0
  for pid in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$sum"
}
hz=$(getconf CLK_TCK)
# The whole machine's busy and total CPU time so far (/proc/stat, all cores), in clock ticks:
# a phase that keeps every core busy is bound by the CPU.
machine() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
busy_share() { # before-line after-line -> "NN% of all N cores busy"
  awk -v b="$1" -v a="$2" -v cores="$(nproc)" 'BEGIN { split(b, x, " "); split(a, y, " ");
    printf "%.0f%% of all %d cores busy", 100 * (y[1] - x[1]) / (y[2] - x[2]), cores }'
}
declare -A before
for pid in $(pids controller) $(pids broker); do before[$pid]=$(ticks "$pid"); done
sleep 30
for role in controller broker; do
  for pid in $(pids $role); do
    echo "idle $role $pid: $(awk -v t=$(($(ticks "$pid") - before[$pid])) -v hz="$hz" 'BEGIN { printf "%.1f", 100 * t / hz / 30 }')% of a core"
  done
done
create() { ./bin/rill topics create "$1" --partitions "$2" --replication-factor 3 --config min.insync.replicas=2 >/dev/null; }
create t1 1
create t6 6
create e2e 1
create sat 6
metrics_urls="http://$host:19201/metrics http://$host:19202/metrics http://$host:19203/metrics"
# Produce at 10,000 records/s into topic $1 (label $2): latency, the brokers' CPU, and where the
# milliseconds went, stage by stage on the brokers (commit-path-stages.mjs).
steady() {
  local topic=$1 label=$2 start output cpu
  start=$(ticks $(pids broker))
  node scripts/commit-path-stages.mjs snapshot "$data_dir/stages.json" $metrics_urls
  output=$(./bin/rill perf produce --topic "$topic" --num-records "$records" --record-size 100 --throughput 10000 "${steady_props[@]}" 2>/dev/null)
  cpu=$(($(ticks $(pids broker)) - start))
  echo "produce 10k/s $label: $(echo "$output" | tail -1 | grep -o '[0-9.]* ms 50th.*99th'); brokers $((cpu * 1000 / hz)) ms CPU"
  echo "  $(echo "$output" | grep 'produce requests')"
  node scripts/commit-path-stages.mjs diff "$data_dir/stages.json" $metrics_urls | sed 's/^/  /'
}
steady t1 t1
steady t6 t6
# The consumer counts only records produced after it started (--from latest), and its start-up
# takes a while on a loaded machine: the producer runs on until the consumer has
# seen its count, then stops (it would stop by itself after 20× the count).
./bin/rill perf consume --topic e2e --messages "$records" --from latest --timeout-ms 60000 >"$data_dir/e2e.log" 2>&1 &
consumer=$!
./bin/rill perf produce --topic e2e --num-records $((records * 20)) --record-size 100 --throughput 10000 >/dev/null 2>&1 &
producer=$!
wait "$consumer" || echo "end-to-end: the consumer failed: $(tail -3 "$data_dir/e2e.log")"
kill "$producer" 2>/dev/null || true
wait "$producer" 2>/dev/null || true
echo "end-to-end 10k/s: $(tail -1 "$data_dir/e2e.log" | grep -o 'p50.*')"
start=$(ticks $(pids broker))
machine_before=$(machine)
line=$(./bin/rill perf produce --topic sat --num-records $((records * 10)) --record-size 100 --throughput -1 2>/dev/null | tail -1)
cpu=$(($(ticks $(pids broker)) - start))
# 100-byte values: records * 10 * 100 bytes produced; each broker leads two of the six partitions.
echo "saturation: $(echo "$line" | grep -o '[0-9.]* records/sec' | head -1); brokers $((cpu * 1000 / hz)) ms CPU," \
  "$(awk -v ms=$((cpu * 1000 / hz)) -v mb=$((records * 10 * 100)) 'BEGIN { printf "%.0f", ms / (mb / 1e6) }') ms per MB produced (RF=3, all three brokers);" \
  "$(busy_share "$machine_before" "$(machine)")"
# The catch-up read: the saturation topic holds records*10; top it up to --backlog, then one
# consumer reads all of it from the earliest offsets.
produced=$((records * 10))
if [ "$backlog" -gt "$produced" ]; then
  ./bin/rill perf produce --topic sat --num-records $((backlog - produced)) --record-size 100 --throughput -1 >/dev/null 2>&1
  produced=$backlog
fi
machine_before=$(machine)
line=$(./bin/rill perf consume --topic sat --messages "$produced" --timeout-ms 600000 2>/dev/null | grep ' records/s, ' | tail -1)
echo "catch-up read of $produced records, one consumer: $line; $(busy_share "$machine_before" "$(machine)")"
if [ "$burst_bytes" -gt 0 ]; then
  create burst 6
  echo "disk alone before the burst: $(node scripts/fsync-latency.mjs 5000 "$data_dir")"
  steady t1 "t1 before the burst"
  line=$(./bin/rill perf produce --topic burst --num-records $((burst_bytes / 1000)) --record-size 1000 --throughput -1 2>/dev/null | tail -1)
  echo "burst of $burst_bytes bytes: $(echo "$line" | grep -o '[0-9.]* records/sec ([0-9.]* MB/sec)' | head -1);" \
    "$(awk '/^(Dirty|Writeback):/ { printf "%s %s kB ", $1, $2 }' /proc/meminfo)"
  for run in 1 2 3; do steady t1 "t1 after the burst, run $run"; done
  echo "disk alone after the burst: $(node scripts/fsync-latency.mjs 5000 "$data_dir")"
fi
