#!/usr/bin/env bash
# Node.js and npm fetch the pinned browser assets from the npm registry.
set -euo pipefail
command -v npm >/dev/null && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-node: npm is missing and installing it needs root (apt-get install nodejs npm)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q nodejs npm >/dev/null
