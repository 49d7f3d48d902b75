#!/usr/bin/env bash
# Builds the sample Wasm functions from AssemblyScript into
# functions/src/main/resources/samples/<module>.wasm (the committed files).
#
#   functions/samples/build.sh          rebuild the committed .wasm files
#   functions/samples/build.sh --check  rebuild into a temp dir and fail if any
#                                       byte differs from the committed files
#
# Needs node (v20) and npm; `npm ci` installs the exact AssemblyScript version
# pinned in package.json / package-lock.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
committed="$(cd "$here/.." && pwd)/src/main/resources/samples"

# One entry file per module: assemblyscript/<module>.ts -> <module>.wasm
modules=(math uppercase sha256 image order)

# --runtime stub   bump allocator, no GC: small, and nothing runs between calls
# --use abort=     no `env.abort` import: aborts (failed checks) become `unreachable` traps
# -O3 --converge   optimize for speed until Binaryen reaches a fixed point
# No --enable: only AssemblyScript's default features (sign-extension,
# mutable-globals, nontrapping-f2i, bulk-memory); no SIMD, no threads.
# No --debug / --sourceMap: no name or sourceMappingURL sections.
asc_flags=(--runtime stub --use abort= -O3 --converge)

check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

cd "$here"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
asc="$here/node_modules/.bin/asc"
echo "AssemblyScript $("$asc" --version | sed 's/^Version //')"

if [[ $check == 1 ]]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
else
  out="$committed"
  mkdir -p "$out"
fi

for m in "${modules[@]}"; do
  "$asc" "assemblyscript/$m.ts" -o "$out/$m.wasm" "${asc_flags[@]}"
done

# Every module must have no imports at all (prints imports/exports).
files=()
for m in "${modules[@]}"; do files+=("$out/$m.wasm"); done
node "$here/inspect.mjs" "${files[@]}"

if [[ $check == 1 ]]; then
  status=0
  for m in "${modules[@]}"; do
    if ! cmp -s "$out/$m.wasm" "$committed/$m.wasm"; then
      echo "MISMATCH: $committed/$m.wasm differs from a fresh build (run functions/samples/build.sh)" >&2
      status=1
    fi
  done
  for f in "$committed"/*.wasm; do
    [[ -e $f ]] || continue
    name="$(basename "$f" .wasm)"
    if [[ ! " ${modules[*]} " == *" $name "* ]]; then
      echo "MISMATCH: $f is not built by build.sh" >&2
      status=1
    fi
  done
  if [[ $status == 0 ]]; then
    echo "reproducible: ${#modules[@]} modules byte-identical to $committed"
  fi
  exit $status
fi
echo "built ${#modules[@]} modules into $out"
