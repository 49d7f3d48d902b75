#!/usr/bin/env bash
# Memo hits by state size: for each size, a savepoint of that many memo entries written with
# Flink's State Processor API, the job started from it, and the working set's invocations (each
# a distinct memoized Task ID) answered; memo hits/s as a ratio to the smallest size's, with the
# savepoint's write time and size, the job's start and its checkpoints' size and duration.
#   benchmarks/run-state.sh [working-set=10000] [sizes=10000,1000000,10000000] [parallelism=2]
# Writes the table to stdout and to benchmarks/e2e/<build dir>/state-report.md. About 15 min
# with 10 M entries on the 2-core machine, most of it writing and restoring that savepoint;
# needs some 3 GB of free disk under TMPDIR.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir="${IPVM_BUILD_DIR:-target}"
mvn -B -ntp -q -pl benchmarks/e2e -am package -DskipTests -Dmaven.test.skip.exec=true "-Dipvm.buildDir=$build_dir"
cp="benchmarks/e2e/$build_dir/classes:$(cat "benchmarks/e2e/$build_dir/runtime.classpath")"
java -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.ipvm.bench.state.StateScaleBench "${1:-10000}" \
  "${2:-10000,1000000,10000000}" "${3:-2}" "benchmarks/e2e/$build_dir/state-report.md"
