#!/usr/bin/env bash
# The CLI round trip: how long `ipvm run` takes for a memo hit, and how much of it is the CLI's
# own start-up rather than the job. Starts a dev stack of its own (free ports, a temporary data
# folder, checkpoints every 1 s), answers `add 20 22` once, then times N memo hits launched
#   plain     java -jar client/<build dir>/ipvm.jar run ...   (the JVM's defaults)
#   bin/ipvm  bin/ipvm run ...                                 (class-data archive, C1, serial GC)
# With CLI_BENCH_BEFORE_JAR=path/to/ipvm.jar (an older build) a "before" row launches that jar
# as plain does; older jars print no phases, so that row has the wall time only.
# Each run prints its phases (-Dipvm.timings=true, see dev.ipvm.cli.kafka.RoundTripTimes); the
# "receipt" phase is the wait for the job and its checkpoint, the rest is the CLI's own share.
#   benchmarks/run-cli.sh [runs=15]
# Writes the table to stdout and to client/<build dir>/cli-bench.md (~2 min plus the first build).
set -euo pipefail

cd "$(dirname "$0")/.."
runs="${1:-15}"
build_dir="${IPVM_BUILD_DIR:-target}"
export IPVM_BUILD_DIR="$build_dir"
out="client/$build_dir/cli-bench.md"

free_port() { # the first port from $1 on which nothing listens
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
kafka=$(free_port 39092); ui=$(free_port 38081); index=$(free_port 38090); metrics=$(free_port 39349)
data="$(mktemp -d "${TMPDIR:-/tmp}/ipvm-cli-bench.XXXXXX")"
log="$data/dev.log"
bin/ipvm dev --data "$data" --kafka-port "$kafka" --ui-port "$ui" --index-port "$index" \
  --metrics-port "$metrics-$((metrics + 10))" --no-index --set checkpoint.interval=1s >"$log" 2>&1 &
dev=$!
cleanup() {
  kill "$dev" 2>/dev/null || true
  wait "$dev" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  grep -q "IPVM is running" "$log" && break
  kill -0 "$dev" 2>/dev/null || { cat "$log" >&2; echo "run-cli: the dev stack failed to start" >&2; exit 1; }
  sleep 1
done
grep -q "IPVM is running" "$log" || { cat "$log" >&2; echo "run-cli: the dev stack did not start in 10 min" >&2; exit 1; }
math=$(awk '$1 == "math.wasm" { print $2 }' "$log")
export IPVM_BOOTSTRAP="127.0.0.1:$kafka" IPVM_HOME="$data/home"

# The first run executes add (a miss) and records bin/ipvm's class-data archive; the rest are memo hits.
bin/ipvm run "$math" --fun add 20 22 >/dev/null 2>&1

now_ms() { echo $(($(date +%s%N) / 1000000)); }
declare -A wall receipt
measure() { # $1 = mode; appends "wall receipt" lines
  local mode=$1 start end line
  for _ in $(seq 1 "$runs"); do
    start=$(now_ms)
    if [ "$mode" = plain ] || [ "$mode" = before ]; then
      line=$(java -Dipvm.timings=true -jar "$(jar_of "$mode")" run "$math" --fun add 20 22 2>&1 >/dev/null \
        | grep '^timings:' || echo "timings: receipt 0 ms")
    else
      line=$(IPVM_JAVA_OPTS=-Dipvm.timings=true bin/ipvm run "$math" --fun add 20 22 2>&1 >/dev/null | grep '^timings:')
    fi
    end=$(now_ms)
    wall[$mode]+="$((end - start)) "
    receipt[$mode]+="$(sed -E 's/.*receipt ([0-9]+) ms.*/\1/' <<<"$line") "
  done
}
version_ms() { # $1 = mode: the launch alone (JVM, picocli), median of 5
  local mode=$1 start all=""
  for _ in 1 2 3 4 5; do
    start=$(now_ms)
    if [ "$mode" != bin/ipvm ]; then java -jar "$(jar_of "$mode")" --version >/dev/null; else bin/ipvm --version >/dev/null; fi
    all+="$(($(now_ms) - start)) "
  done
  median $all
}
jar_of() { if [ "$1" = before ]; then echo "$CLI_BENCH_BEFORE_JAR"; else echo "client/$build_dir/ipvm.jar"; fi; }
modes=(plain bin/ipvm)
if [ -n "${CLI_BENCH_BEFORE_JAR:-}" ]; then modes=(before plain bin/ipvm); fi
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
p90() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.9 + 0.999); print v[i] }'; }
share() { # per-run wall - receipt, as a list
  local -a w r
  read -ra w <<<"$1"; read -ra r <<<"$2"
  for i in "${!w[@]}"; do echo $((w[i] - r[i])); done
}

for mode in "${modes[@]}"; do measure "$mode"; done
{
  echo "CLI round trip, $runs memo hits of \`run MATH --fun add 20 22\` each; checkpoint interval 1 s."
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| launch | wall p50 | wall p90 | wait for the receipt p50 | CLI's own share p50 | --version p50 |"
  echo "|---|---:|---:|---:|---:|---:|"
  for mode in "${modes[@]}"; do
    if [ "$mode" = before ]; then
      # shellcheck disable=SC2046
      echo "| before ($CLI_BENCH_BEFORE_JAR) | $(median ${wall[$mode]}) ms | $(p90 ${wall[$mode]}) ms | – | – | $(version_ms "$mode") ms |"
      continue
    fi
    # shellcheck disable=SC2046
    echo "| $mode | $(median ${wall[$mode]}) ms | $(p90 ${wall[$mode]}) ms | $(median ${receipt[$mode]}) ms |" \
      "$(median $(share "${wall[$mode]}" "${receipt[$mode]}")) ms | $(version_ms "$mode") ms |"
  done
  # shellcheck disable=SC2046
  plain_share=$(median $(share "${wall[plain]}" "${receipt[plain]}"))
  # shellcheck disable=SC2046
  tuned_share=$(median $(share "${wall[bin/ipvm]}" "${receipt[bin/ipvm]}"))
  echo
  echo "CLI's own share, bin/ipvm / plain: $(awk -v a="$tuned_share" -v b="$plain_share" 'BEGIN { printf "%.2f", a / b }')"
} | tee "$out"
