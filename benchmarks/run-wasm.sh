#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), runs the Wasm runtime JMH benchmarks
# (dev.ipvm.bench.wasm.WasmBench: Chicory compiler and interpreter, with and without fuel
# metering), times the same modules in V8 with benchmarks/wasm/v8-bench.mjs, and prints the
# tables (compiler vs interpreter, metering cost, Chicory vs V8). Extra arguments go to JMH and
# replace the defaults for the options they name, e.g.
#   benchmarks/run-wasm.sh -p kernel=fib,fib_rec -p engine=compiler
#
# IPVM_BUILD_DIR (default: target) is the per-module build directory, so a benchmark build
# can run beside another build of the same tree: IPVM_BUILD_DIR=target-wbench benchmarks/run-wasm.sh
# V8_ARGS (default: empty) go to the node script, e.g. V8_ARGS="--kernels fib,sha256 --rounds 5".
# SKIP_V8=1 leaves V8 out (tables (a) and (b) only).
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir="${IPVM_BUILD_DIR:-target}"
jar="benchmarks/$build_dir/benchmarks.jar"
json="benchmarks/$build_dir/jmh-wasm.json"
v8_json="benchmarks/$build_dir/v8.json"

source benchmarks/jmh-common.sh
build_benchmarks "$build_dir"

# Defaults for a 2-core machine: one fork, 2 x 2 s warm-up, 3 x 2 s measurement (about 8 minutes
# for the 40 combinations, 5 kernels x 2 engines x metered or not x fresh or warm instance; V8
# adds under 2 minutes).
jmh_options -f 1 -wi 2 -w 2s -i 3 -r 2s -- "$@"

java -jar "$jar" 'dev\.ipvm\.bench\.wasm\.WasmBench' "${JMH_OPTIONS[@]}" "$@" -rf json -rff "$json"

report_args=("$json")
if [[ "${SKIP_V8:-}" != 1 ]]; then
  echo
  echo "# V8: $(node --version), same modules, fresh and warm instance (2 x 2 s warm-up, 3 x 2 s)"
  # shellcheck disable=SC2086 # V8_ARGS is a list of options
  node benchmarks/wasm/v8-bench.mjs ${V8_ARGS:-} > "$v8_json"
  report_args+=("$v8_json")
fi

echo
java -cp "$jar" dev.ipvm.bench.report.WasmReport "${report_args[@]}"
