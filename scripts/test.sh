#!/usr/bin/env bash
# make test: install what the tests need, start a throwaway ClickHouse on free
# ports with a fresh data folder, run go vet and go test against it, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

deploy/clickhouse.sh install
scripts/ensure-browser.sh
make --no-print-directory build

tmp=$(mktemp -d /tmp/bdg-test.XXXXXX)
cleanup() { deploy/clickhouse.sh stop "$tmp/clickhouse" || true; rm -rf "$tmp"; }
trap cleanup EXIT
eval "$(deploy/clickhouse.sh start "$tmp/clickhouse")"
export BDG_TEST_CLICKHOUSE_ADDR="127.0.0.1:$CH_TCP_PORT"
# The server's user `default` has a password (never printed): tests read it here.
BDG_TEST_CLICKHOUSE_PASSWORD=$(<"$CH_PASSWORD_FILE")
export BDG_TEST_CLICKHOUSE_PASSWORD
export BDG_TEST_CHROMIUM=/usr/bin/chromium
echo "test ClickHouse on $BDG_TEST_CLICKHOUSE_ADDR (data in $tmp)"

# Formatting is checked, not fixed: a file gofmt would change fails the run.
unformatted=$(gofmt -l $(go list -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}} {{end}}{{range .TestGoFiles}}{{$d}}/{{.}} {{end}}{{range .XTestGoFiles}}{{$d}}/{{.}} {{end}}' ./...))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...
# Packages with shared state (caches, locks, the spool, sessions) run under
# the race detector; the rest without, so nothing runs twice.
race="./analytics ./ingest ./auth ./store ./review"
go test -count=1 -timeout 30m -race $race "$@"
go test -count=1 -timeout 20m $(go list ./... | grep -v -E '/(analytics|ingest|auth|store|review)$') "$@"

# Fuzzers, briefly (their seed corpus also runs in the plain go test above).
# Longer runs: go test -run='^$' -fuzz='^FuzzExtract$' -fuzztime=10m -fuzzminimizetime=3s -parallel 1 ./ingest/extract
for pkg in ./ingest/docread ./ingest/extract; do
  for f in $(grep -ho '^func Fuzz[A-Za-z]*' "$pkg"/*_test.go | cut -d' ' -f2); do
    go test -run='^$' -fuzz="^$f\$" -fuzztime="${BDG_FUZZTIME:-10s}" -fuzzminimizetime=3s -parallel 1 "$pkg"
  done
done
