#!/usr/bin/env bash
# Installs the non-Java tools some tests use, when this machine lets us:
#   kcat — a non-Java Kafka client; BinIpvmDevIT reads the receipts topic with it (root + apt-get);
#   jq — the docs' runnable blocks (RunnableDocsIT) use it on --json output;
#   chromium — headless, for the receipt explorer's browser test (ExplorerBrowserIT).
#   interop/iso-ucan/node_modules — iso-ucan (the JS UCAN library) and kafkajs, pinned by its
#     package-lock.json, for IsoUcanIT (npm ci, when node and npm are installed).
# Never fails: without the tools those checks are skipped and the rest of the suite runs.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if { ! command -v kcat >/dev/null || ! command -v jq >/dev/null; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "tools: installing kcat and jq (Debian packages)..." >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat jq >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat jq >/dev/null 2>&1
  fi
fi
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "tools: installing chromium (Debian package, for the explorer's browser test)..." >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1
  fi
fi
command -v chromium >/dev/null || echo "tools: chromium is not installed; ExplorerBrowserIT is skipped (apt-get install chromium)" >&2
command -v kcat >/dev/null || echo "tools: kcat is not installed; the kcat check in BinIpvmDevIT is skipped (apt-get install kcat)" >&2

interop="$root/interop/iso-ucan"
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ -d "$interop/node_modules" ] && [ "$interop/node_modules/.package-lock.json" -nt "$interop/package-lock.json" ]; then
    : # already installed from this lock file
  else
    echo "tools: installing interop/iso-ucan's npm packages (npm ci)..." >&2
    log="$(mktemp "${TMPDIR:-/tmp}/ipvm-npm-ci.XXXXXX")"
    if ! (cd "$interop" && npm ci --no-audit --no-fund) >"$log" 2>&1; then
      tail -20 "$log" >&2
      rm -rf "$interop/node_modules"
      echo "tools: npm ci failed in interop/iso-ucan (output above, all of it in $log); IsoUcanIT is skipped" >&2
    fi
  fi
else
  echo "tools: node/npm are not installed; IsoUcanIT (the iso-ucan interop test) is skipped" >&2
fi
exit 0
