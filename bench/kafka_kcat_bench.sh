#!/usr/bin/env bash
# Rough Kafka produce/consume throughput of a running-from-scratch millrace, driven by kcat
# (librdkafka 2.0): N messages of SIZE bytes, acks=all, lz4 off, 4 partitions; plus the disk's
# sequential write bandwidth (dd conv=fdatasync) in the same data directory for comparison.
# Usage: bench/kafka_kcat_bench.sh [BUILD_DIR] [N] [SIZE]
set -euo pipefail
BUILD=${1:-build}
N=${2:-1000000}
SIZE=${3:-100}
BIN="$BUILD/src/server/millrace"
DIR=$(mktemp -d /tmp/millrace-kbench-XXXXXX)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT

"$BIN" server --data-dir "$DIR/data" --edge 127.0.0.1:0 --kafka 127.0.0.1:0 >"$DIR/out" 2>"$DIR/err" &
PID=$!
for _ in $(seq 50); do grep -q "kafka listening" "$DIR/out" && break; sleep 0.1; done
BROKER=$(sed -n 's/^millrace kafka listening on //p' "$DIR/out")

/usr/bin/python3 - "$BROKER" <<'PY'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
a = AdminClient({"bootstrap.servers": sys.argv[1]})
a.create_topics([NewTopic("bench", 4, 1)])["bench"].result(30)
PY

/usr/bin/python3 -c "
import sys
line = b'x' * ($SIZE - 1) + b'\n'
sys.stdout.buffer.write(line * $N)" >"$DIR/input"

start=$(date +%s.%N)
kcat -P -b "$BROKER" -t bench -X acks=all -X linger.ms=5 -X batch.num.messages=10000 \
  -X queue.buffering.max.messages=1000000 <"$DIR/input"
end=$(date +%s.%N)
produce=$(echo "$end - $start" | bc -l)

start=$(date +%s.%N)
got=$(kcat -C -b "$BROKER" -t bench -o beginning -e -q -f '%s\n' -X fetch.max.bytes=52428800 | wc -l)
end=$(date +%s.%N)
consume=$(echo "$end - $start" | bc -l)

bytes=$((N * SIZE))
[ "$got" -eq "$N" ] || { echo "consumed $got of $N messages" >&2; exit 1; }
printf 'produce: %d msgs of %d B in %.2f s = %.0f msg/s, %.1f MB/s (acks=all, fsync=always)\n' \
  "$N" "$SIZE" "$produce" "$(echo "$N / $produce" | bc -l)" "$(echo "$bytes / $produce / 1000000" | bc -l)"
printf 'consume: %.2f s = %.0f msg/s, %.1f MB/s\n' \
  "$consume" "$(echo "$N / $consume" | bc -l)" "$(echo "$bytes / $consume / 1000000" | bc -l)"
dd if=/dev/zero of="$DIR/dd" bs=1M count=256 conv=fdatasync 2>&1 | tail -1 | sed 's/^/dd conv=fdatasync: /'
