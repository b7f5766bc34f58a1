#!/usr/bin/env bash
# make bench: national-scale benchmarks in bounded time, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/clickhouse.sh install
go run ./bench "$@"
