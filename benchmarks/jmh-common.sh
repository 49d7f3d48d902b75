# Sourced by the benchmark scripts: builds the benchmarks jar and merges JMH options.
# Expects to run from the repository root.

# build_benchmarks BUILD_DIR: packages the benchmarks module and what it depends on.
build_benchmarks() {
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests "-Dipvm.buildDir=$1"
}

# jmh_options DEFAULTS... -- ARGS...: sets the array JMH_OPTIONS to the option/value pairs of
# DEFAULTS whose option ARGS does not name, so an explicit option replaces its default (JMH
# rejects an option given twice).
jmh_options() {
  local defaults=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    defaults+=("$1")
    shift
  done
  shift || true
  JMH_OPTIONS=()
  local k a overridden
  for ((k = 0; k < ${#defaults[@]}; k += 2)); do
    overridden=false
    for a in "$@"; do
      if [[ "$a" == "${defaults[k]}" ]]; then
        overridden=true
      fi
    done
    if [[ "$overridden" == false ]]; then
      JMH_OPTIONS+=("${defaults[k]}" "${defaults[k + 1]}")
    fi
  done
}
