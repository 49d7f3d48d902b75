#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), runs the codec JMH benchmarks and
# prints the ours-vs-Jackson table. Extra arguments go to JMH and replace the defaults for
# the options they name, e.g.  benchmarks/run.sh -wi 5 -i 10 -p shape=small
#
# IPVM_BUILD_DIR (default: target) is the per-module build directory, so a benchmark build
# can run beside another build of the same tree: IPVM_BUILD_DIR=target-bench benchmarks/run.sh
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir="${IPVM_BUILD_DIR:-target}"
jar="benchmarks/$build_dir/benchmarks.jar"
json="benchmarks/$build_dir/jmh-codec.json"

source benchmarks/jmh-common.sh
build_benchmarks "$build_dir"

# Defaults for a 2-core machine: one fork, 3 x 2 s warm-up, 5 x 2 s measurement.
jmh_options -f 1 -wi 3 -w 2s -i 5 -r 2s -- "$@"

java -jar "$jar" 'dev\.ipvm\.bench\.codec\.DagCborBench' "${JMH_OPTIONS[@]}" "$@" -rf json -rff "$json"

echo
java -cp "$jar" dev.ipvm.bench.report.CodecReport "$json"
