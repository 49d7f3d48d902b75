#!/usr/bin/env bash
# Installs the non-Java tools some tests use, when this machine lets us (root + apt-get):
#   kcat — a non-Java Kafka client; BinIpvmDevIT reads the receipts topic with it.
# Never fails: without the tools those checks are skipped and the rest of the suite runs.
set -uo pipefail

if command -v kcat >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "tools: installing kcat (Debian package)..." >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null 2>&1
  fi
fi
command -v kcat >/dev/null || echo "tools: kcat is not installed; the kcat check in BinIpvmDevIT is skipped (apt-get install kcat)" >&2
exit 0
