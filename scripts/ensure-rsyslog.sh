#!/usr/bin/env bash
# The SIEM syslog tests ship to a real rsyslogd (plain TCP, RFC 5425 TLS and mutual TLS inputs),
# started by test/helpers/siem/rsyslog.ts with its own config in a temp dir. Install Debian's
# rsyslog and its GnuTLS stream driver once if they are missing. Never touches the system syslog.
set -euo pipefail
have_gtls() { compgen -G '/usr/lib/*/rsyslog/lmnsd_gtls.so' >/dev/null; }
if command -v rsyslogd >/dev/null 2>&1 && have_gtls; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  # echo joins its arguments with one space: the message is the same single line
  echo "ensure-rsyslog: rsyslog or rsyslog-gnutls is missing;" \
    "install Debian's packages: sudo apt-get install -y rsyslog rsyslog-gnutls" >&2
  exit 1
fi
echo "ensure-rsyslog: installing Debian's rsyslog and rsyslog-gnutls for the SIEM syslog tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# Without an init system the package does not start a system rsyslogd; the tests run their own
# with -f and -i in a temp dir either way.
apt-get install -y -qq --no-install-recommends rsyslog rsyslog-gnutls >/dev/null
