#!/usr/bin/env bash
# The whole benchmark in one command (issue 18): a real KRaft broker, the job on a local Flink at
# each checkpoint interval, every phase against its anchor measured in the same run. Rewrites the
# generated section of BENCHMARKS.md and benchmarks/figures/run-all.png (~10-15 min here).
#   benchmarks/run-all.sh [invocations=5000] [intervals-ms=1000,200,100]
# IPVM_BUILD_DIR=target-x builds into <module>/target-x; MAVEN_ARGS adds Maven flags (e.g. -o,
# -Dmaven.repo.local=...); BENCH_JAVA_OPTS adds JVM flags (e.g. a JFR recording: see BENCHMARKS.md).
# RECOVERY=on (default) ends with the recovery phase: TaskManager kills on a multi-process cluster
# (~3 min, ~6 GB); RECOVERY=off skips it; RECOVERY=only runs it alone and prints its figures
# without touching BENCHMARKS.md.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir="${IPVM_BUILD_DIR:-target}"
mvn -B -ntp -q ${MAVEN_ARGS:-} -pl benchmarks/e2e -am install -DskipTests -Dmaven.test.skip.exec=true \
  "-Dipvm.buildDir=$build_dir"
cp="benchmarks/e2e/$build_dir/classes:$(cat "benchmarks/e2e/$build_dir/runtime.classpath")"
java -Xmx2g ${BENCH_JAVA_OPTS:-} "-Dbench.recovery=${RECOVERY:-on}" "-Dbench.jobJar=jobs/$build_dir/ipvm-job.jar" \
  -cp "$cp" dev.ipvm.bench.all.RunAll "${1:-5000}" BENCHMARKS.md benchmarks/figures \
  "${2:-1000,200,100}"
