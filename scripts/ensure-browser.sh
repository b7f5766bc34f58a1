#!/usr/bin/env bash
# Headless Chromium (Debian's package) for the browser tests, and LibreOffice
# Calc to open exported XLSX files for real.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-browser: ${need[*]} missing and installing needs root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
