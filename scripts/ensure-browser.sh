#!/usr/bin/env bash
# Headless Chromium (Debian's package) for the browser tests, LibreOffice
# Calc to open exported XLSX files for real, and LibreOffice Writer to open
# the report's .docx and to convert the Word corpus sources
# (testdata/word/src, go test -update): without Writer soffice silently
# converts nothing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-browser: ${need[*]} missing and installing needs root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
