#!/bin/sh
# The rules test (test/integration/ops/prometheus-rules.test.ts) runs promtool from Debian's
# `prometheus` package. Installs it when it is missing and this is root; else says how.
set -e
command -v promtool >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >/dev/null
  exit 0
fi
echo "promtool is missing: install Debian's prometheus package (apt-get install prometheus)" >&2
exit 1
