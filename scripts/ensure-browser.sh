#!/usr/bin/env bash
# Headless Chromium (Debian's package) for the browser tests, and LibreOffice
# Calc to open exported XLSX files for real, Writer for the Word corpus.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
# Writer converts the Word corpus sources (testdata/word/src, go test -update);
# with Calc alone soffice silently writes no .docx.
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-browser: ${need[*]} missing and installing needs root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
