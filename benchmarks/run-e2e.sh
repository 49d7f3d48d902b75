#!/usr/bin/env bash
# The end-to-end benchmark: a real KRaft broker, the job on a local Flink, signed invocations in
# and read_committed receipts out, against Kafka alone on the same broker in the same run.
#   benchmarks/run-e2e.sh [invocations=5000] [checkpoint-ms=1000] [parallelism=2]
# Writes the table to stdout and to benchmarks/<build dir>/e2e-report.md (~2 min).
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir="${IPVM_BUILD_DIR:-target}"
mvn -B -ntp -q -pl benchmarks/e2e -am package -DskipTests -Dmaven.test.skip.exec=true "-Dipvm.buildDir=$build_dir"
cp="benchmarks/e2e/$build_dir/classes:$(cat "benchmarks/e2e/$build_dir/runtime.classpath")"
java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.ipvm.bench.e2e.JobBench "${1:-5000}" "${2:-1000}" "${3:-2}" "benchmarks/e2e/$build_dir/e2e-report.md"
