#!/usr/bin/env bash
# The receipt index's benchmark: a real KRaft broker, N signed receipts (and their invocations)
# written in transactions, then read by a plain read_committed consumer and indexed by the index
# (with libsodium, as by default, with BouncyCastle, and with fsync) in the same run; then the
# signature checks alone with each verifier, and lookup latency over HTTP (p50/p99 per route).
#   benchmarks/run-index.sh [receipts=20000] [lookups-per-route=2000]
# Writes the table to stdout and to index/<build dir>/index-bench.md (~1-2 min).
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir="${IPVM_BUILD_DIR:-target}"
mvn -B -ntp -q -pl index -am test-compile "-Dipvm.buildDir=$build_dir" ${BENCH_MVN_OPTS:-}
mvn -B -ntp -q -pl index dependency:build-classpath -Dmdep.includeScope=test \
  "-Dmdep.outputFile=$build_dir/bench.classpath" "-Dipvm.buildDir=$build_dir" ${BENCH_MVN_OPTS:-}
cp="index/$build_dir/test-classes:index/$build_dir/classes:$(cat "index/$build_dir/bench.classpath")"
java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.ipvm.index.bench.IndexBench "${1:-20000}" "${2:-2000}" \
  "index/$build_dir/index-bench.md"
